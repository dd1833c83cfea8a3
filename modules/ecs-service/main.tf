data "aws_region" "current" {}

locals {
  # The task definition's containers as the module sends them (the application's, then the ADOT collector's).
  # The output reads this, not the resource attribute, which AWS normalises on every refresh: an output
  # from it showed a whitespace change on every plan of a layer that re-exports it.
  task_container_definitions = jsonencode(concat(local.container_definitions, local.adot_containers))
}

locals {
  cluster_name   = element(split("/", var.cluster_arn), length(split("/", var.cluster_arn)) - 1)
  log_group_name = "/aws/ecs/${local.cluster_name}/${var.name}"

  tags = merge(var.tags, { Name = var.name })

  # Container definitions in the ECS API's JSON shape; null attributes are left out so that ECS's own
  # defaults apply and the plan does not show them as changes.
  container_definitions = [
    for name in sort(keys(var.container_definitions)) : {
      for k, v in {
        name              = name
        image             = var.container_definitions[name].image
        essential         = var.container_definitions[name].essential
        cpu               = var.container_definitions[name].cpu
        memory            = var.container_definitions[name].memory
        memoryReservation = var.container_definitions[name].memory_reservation
        command           = var.container_definitions[name].command
        entryPoint        = var.container_definitions[name].entry_point
        workingDirectory  = var.container_definitions[name].working_directory
        user              = var.container_definitions[name].user
        portMappings = [
          for port_name in sort(keys(var.container_definitions[name].port_mappings)) : {
            for pk, pv in {
              name          = port_name
              containerPort = var.container_definitions[name].port_mappings[port_name].container_port
              hostPort      = var.container_definitions[name].port_mappings[port_name].container_port
              protocol      = var.container_definitions[name].port_mappings[port_name].protocol
              appProtocol   = var.container_definitions[name].port_mappings[port_name].app_protocol
            } : pk => pv if pv != null
          }
        ]
        environment = [
          for env_name in sort(keys(var.container_definitions[name].environment)) : {
            name  = env_name
            value = var.container_definitions[name].environment[env_name]
          }
        ]
        secrets = [
          for env_name in sort(keys(var.container_definitions[name].secrets)) : {
            name      = env_name
            valueFrom = var.container_definitions[name].secrets[env_name]
          }
        ]
        readonlyRootFilesystem = var.container_definitions[name].readonly_root_filesystem
        privileged             = false
        mountPoints = [
          for volume in sort(keys(var.container_definitions[name].mount_points)) : {
            sourceVolume  = volume
            containerPath = var.container_definitions[name].mount_points[volume].container_path
            readOnly      = var.container_definitions[name].mount_points[volume].read_only
          }
        ]
        volumesFrom = []
        healthCheck = var.container_definitions[name].health_check == null ? null : {
          command     = var.container_definitions[name].health_check.command
          interval    = var.container_definitions[name].health_check.interval
          timeout     = var.container_definitions[name].health_check.timeout
          retries     = var.container_definitions[name].health_check.retries
          startPeriod = var.container_definitions[name].health_check.start_period
        }
        dependsOn = length(var.container_definitions[name].depends_on) == 0 ? null : [
          for dep in sort(keys(var.container_definitions[name].depends_on)) : {
            containerName = dep
            condition     = var.container_definitions[name].depends_on[dep]
          }
        ]
        dockerLabels = length(var.container_definitions[name].docker_labels) == 0 ? null : var.container_definitions[name].docker_labels
        stopTimeout  = var.container_definitions[name].stop_timeout
        # ECS Exec needs an init process to reap the SSM agent's child processes.
        linuxParameters = (
          coalesce(var.container_definitions[name].init_process_enabled, var.enable_execute_command)
          ? { initProcessEnabled = true }
          : null
        )
        logConfiguration = {
          logDriver = "awslogs"
          options = {
            awslogs-group         = module.cloudwatch_log_group.cloudwatch_log_group_name
            awslogs-region        = data.aws_region.current.name
            awslogs-stream-prefix = name
          }
        }
      } : k => v if v != null
    }
  ]
}

################################################################################
# Log group (../cloudwatch-log-group)
################################################################################

module "cloudwatch_log_group" {
  source = "../cloudwatch-log-group"

  name              = local.log_group_name
  retention_in_days = var.cloudwatch_log_group_retention_in_days
  kms_key_arn       = var.kms_key_arn
  log_group_class   = var.cloudwatch_log_group_class

  tags = var.tags
}

################################################################################
# Security group (../security-group)
################################################################################

module "security_group" {
  source = "../security-group"
  count  = var.create_security_group ? 1 : 0

  name        = "${var.name}-ecs"
  description = "ECS service ${var.name} tasks"
  vpc_id      = var.vpc_id

  ingress_rules = var.security_group_ingress_rules
  egress_rules  = var.security_group_egress_rules

  tags = var.tags
}

################################################################################
# Task definition
################################################################################

resource "aws_ecs_task_definition" "this" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory

  execution_role_arn = local.task_exec_iam_role_arn
  task_role_arn      = local.tasks_iam_role_arn

  container_definitions = local.task_container_definitions

  runtime_platform {
    cpu_architecture        = var.runtime_platform.cpu_architecture
    operating_system_family = var.runtime_platform.operating_system_family
  }

  dynamic "ephemeral_storage" {
    for_each = var.ephemeral_storage_size_in_gib == null ? [] : [var.ephemeral_storage_size_in_gib]
    content {
      size_in_gib = ephemeral_storage.value
    }
  }

  dynamic "volume" {
    for_each = var.volumes
    content {
      name = volume.key

      dynamic "efs_volume_configuration" {
        for_each = volume.value.efs_volume_configuration == null ? [] : [volume.value.efs_volume_configuration]
        content {
          file_system_id     = efs_volume_configuration.value.file_system_id
          root_directory     = efs_volume_configuration.value.access_point_id == null ? efs_volume_configuration.value.root_directory : null
          transit_encryption = "ENABLED"
          authorization_config {
            access_point_id = efs_volume_configuration.value.access_point_id
            iam             = efs_volume_configuration.value.iam
          }
        }
      }
    }
  }

  tags = local.tags
}

################################################################################
# Service
################################################################################

resource "aws_ecs_service" "this" {
  name            = var.name
  cluster         = var.cluster_arn
  task_definition = aws_ecs_task_definition.this.arn
  desired_count   = var.desired_count

  launch_type      = length(var.capacity_provider_strategy) == 0 ? "FARGATE" : null
  platform_version = var.platform_version

  dynamic "capacity_provider_strategy" {
    for_each = var.capacity_provider_strategy
    content {
      capacity_provider = capacity_provider_strategy.key
      weight            = capacity_provider_strategy.value.weight
      base              = capacity_provider_strategy.value.base
    }
  }

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = concat(module.security_group[*].security_group_id, var.security_group_ids)
    assign_public_ip = false
  }

  dynamic "load_balancer" {
    for_each = var.load_balancers
    content {
      target_group_arn = load_balancer.value.target_group_arn
      container_name   = load_balancer.value.container_name
      container_port   = load_balancer.value.container_port
    }
  }
  health_check_grace_period_seconds = length(var.load_balancers) > 0 ? var.health_check_grace_period_seconds : null

  deployment_minimum_healthy_percent = var.deployment_minimum_healthy_percent
  deployment_maximum_percent         = var.deployment_maximum_percent

  # A deployment whose tasks keep failing stops and rolls back to the last working task definition.
  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  deployment_controller {
    type = "ECS"
  }

  availability_zone_rebalancing = var.availability_zone_rebalancing
  enable_execute_command        = var.enable_execute_command
  enable_ecs_managed_tags       = var.enable_ecs_managed_tags
  propagate_tags                = "SERVICE"
  wait_for_steady_state         = var.wait_for_steady_state

  tags = local.tags

  lifecycle {
    # Application Auto Scaling changes the task count; Terraform sets it only at creation.
    ignore_changes = [desired_count]
  }

  # The roles' policies must exist before tasks start, or the first tasks cannot pull images or read secrets.
  depends_on = [module.task_exec_iam_role, module.tasks_iam_role]
}

################################################################################
# Autoscaling (target tracking)
################################################################################

resource "aws_appautoscaling_target" "this" {
  count = var.enable_autoscaling ? 1 : 0

  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${local.cluster_name}/${aws_ecs_service.this.name}"
  min_capacity       = var.autoscaling_min_capacity
  max_capacity       = var.autoscaling_max_capacity

  tags = local.tags
}

resource "aws_appautoscaling_policy" "this" {
  for_each = var.enable_autoscaling ? var.autoscaling_policies : {}

  name               = "${var.name}-${each.key}"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this[0].service_namespace
  scalable_dimension = aws_appautoscaling_target.this[0].scalable_dimension
  resource_id        = aws_appautoscaling_target.this[0].resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = each.value.target_value
    scale_in_cooldown  = each.value.scale_in_cooldown
    scale_out_cooldown = each.value.scale_out_cooldown
    disable_scale_in   = each.value.disable_scale_in

    predefined_metric_specification {
      predefined_metric_type = each.value.predefined_metric_type
      resource_label         = each.value.resource_label
    }
  }
}
