# Service, task definition, IAM, autoscaling and toggles (mock provider, no AWS).

mock_provider "aws" {
  source = "../_test-mocks/aws" # caller identity, region, partition, policy document, security group
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:ap-northeast-2:111122223333:log-group:/aws/ecs/platform/orders-api" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::111122223333:role/mock" }
  }
  mock_resource "aws_ecs_task_definition" {
    defaults = { arn = "arn:aws:ecs:ap-northeast-2:111122223333:task-definition/orders-api:1" }
  }
}

variables {
  name        = "orders-api"
  cluster_arn = "arn:aws:ecs:ap-northeast-2:111122223333:cluster/platform"
  kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/33333333-2222-3333-4444-555555555555"
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]

  container_definitions = {
    app = {
      image         = "111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/orders/api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
      port_mappings = { http = { container_port = 8080 } }
      environment   = { LOG_LEVEL = "info", APP_ENV = "prod" }
      secrets = {
        DB_PASSWORD = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:orders/db-AbCdEf:password::"
        API_KEY     = "arn:aws:ssm:ap-northeast-2:111122223333:parameter/orders/api-key"
      }
      mount_points = { tmp = { container_path = "/tmp" } }
      health_check = { command = ["CMD-SHELL", "wget -qO- http://localhost:8080/health || exit 1"] }
    }
  }
  volumes = { tmp = {} }

  load_balancers = {
    public = {
      target_group_arn = "arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:targetgroup/orders-api/0123456789abcdef"
      container_name   = "app"
      container_port   = 8080
    }
  }
  security_group_ingress_rules = {
    alb = {
      description                  = "HTTP from the ALB"
      from_port                    = 8080
      to_port                      = 8080
      referenced_security_group_id = "sg-0123456789abcdef0"
    }
  }
  task_exec_secret_kms_key_arns = ["arn:aws:kms:ap-northeast-2:111122223333:key/22222222-2222-3333-4444-555555555555"]

  tags = { Service = "orders" }
}

# Merged with runs of the same variables (issue 20): task_definition, autoscaling
run "service_defaults" {
  command = plan

  assert {
    condition     = aws_ecs_service.this.name == "orders-api" && aws_ecs_service.this.cluster == var.cluster_arn
    error_message = "The service must be named after the module, in the given cluster."
  }
  assert {
    condition     = aws_ecs_service.this.launch_type == "FARGATE" && aws_ecs_service.this.platform_version == "LATEST"
    error_message = "Fargate, latest platform version."
  }
  assert {
    condition     = aws_ecs_service.this.network_configuration[0].assign_public_ip == false && aws_ecs_service.this.network_configuration[0].subnets == toset(var.subnet_ids)
    error_message = "Tasks must run in the given subnets without a public IP."
  }
  assert {
    condition     = aws_ecs_service.this.network_configuration[0].security_groups == toset(["sg-0aaaaaaaaaaaaaaaa"])
    error_message = "Tasks must sit in the module's security group."
  }
  assert {
    condition     = aws_ecs_service.this.deployment_circuit_breaker[0].enable == true && aws_ecs_service.this.deployment_circuit_breaker[0].rollback == true
    error_message = "The deployment circuit breaker must be on, with rollback."
  }
  assert {
    condition     = aws_ecs_service.this.enable_execute_command == false
    error_message = "ECS Exec must be off by default."
  }
  assert {
    condition     = aws_ecs_service.this.availability_zone_rebalancing == "ENABLED" && aws_ecs_service.this.propagate_tags == "SERVICE" && aws_ecs_service.this.enable_ecs_managed_tags == true
    error_message = "AZ rebalancing on, tags propagated from the service."
  }
  assert {
    condition     = aws_ecs_service.this.desired_count == 2 && aws_ecs_service.this.deployment_minimum_healthy_percent == 100 && aws_ecs_service.this.deployment_maximum_percent == 200
    error_message = "Two tasks, rolling deployment 100/200."
  }
  assert {
    condition = [for lb in aws_ecs_service.this.load_balancer : "${lb.container_name}:${lb.container_port}:${lb.target_group_arn}"] == [
      "app:8080:arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:targetgroup/orders-api/0123456789abcdef"
    ]
    error_message = "The app container's port 8080 must be registered with the target group."
  }
  assert {
    condition     = aws_ecs_service.this.health_check_grace_period_seconds == 60
    error_message = "A health check grace period applies with a load balancer."
  }
  assert {
    condition     = aws_ecs_service.this.tags["Name"] == "orders-api" && aws_ecs_service.this.tags["Service"] == "orders" && aws_ecs_task_definition.this.tags["Service"] == "orders"
    error_message = "Service and task definition must carry Name and the caller's tags."
  }
  assert {
    condition     = module.cloudwatch_log_group.cloudwatch_log_group_name == "/aws/ecs/platform/orders-api"
    error_message = "The log group must be /aws/ecs/CLUSTER/SERVICE."
  }
  assert {
    condition     = length(module.task_exec_iam_role) == 1 && length(module.tasks_iam_role) == 1 && length(local.tasks_inline_policies) == 0
    error_message = "Separate execution and task roles; the task role gets no permissions by default."
  }

  # was run "task_definition"
  assert {
    condition     = aws_ecs_task_definition.this.family == "orders-api" && aws_ecs_task_definition.this.requires_compatibilities == toset(["FARGATE"]) && aws_ecs_task_definition.this.network_mode == "awsvpc"
    error_message = "A Fargate awsvpc task definition named after the service."
  }
  assert {
    condition     = aws_ecs_task_definition.this.cpu == "256" && aws_ecs_task_definition.this.memory == "512" && aws_ecs_task_definition.this.runtime_platform[0].cpu_architecture == "X86_64"
    error_message = "256 CPU units, 512 MiB, X86_64 by default."
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].readonlyRootFilesystem == true && jsondecode(aws_ecs_task_definition.this.container_definitions)[0].privileged == false
    error_message = "Containers must have a read-only root filesystem and never run privileged."
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].logConfiguration == { logDriver = "awslogs", options = { awslogs-group = "/aws/ecs/platform/orders-api", awslogs-region = "ap-northeast-2", awslogs-stream-prefix = "app" } }
    error_message = "Logs must go to the module's log group through awslogs."
  }
  assert {
    condition = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets == [
      { name = "API_KEY", valueFrom = "arn:aws:ssm:ap-northeast-2:111122223333:parameter/orders/api-key" },
      { name = "DB_PASSWORD", valueFrom = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:orders/db-AbCdEf:password::" },
    ]
    error_message = "Secrets must be injected by reference, sorted by name."
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment == [{ name = "APP_ENV", value = "prod" }, { name = "LOG_LEVEL", value = "info" }]
    error_message = "Environment variables must be passed sorted by name."
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].portMappings == [{ name = "http", containerPort = 8080, hostPort = 8080, protocol = "tcp" }]
    error_message = "Port mappings must carry their names and tcp."
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].mountPoints == [{ sourceVolume = "tmp", containerPath = "/tmp", readOnly = false }] && [for v in aws_ecs_task_definition.this.volume : v.name] == ["tmp"]
    error_message = "The tmp volume must be mounted writable at /tmp."
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].healthCheck.retries == 3 && jsondecode(aws_ecs_task_definition.this.container_definitions)[0].healthCheck.interval == 30
    error_message = "The health check must be passed with its defaults."
  }
  assert {
    condition     = !contains(keys(jsondecode(aws_ecs_task_definition.this.container_definitions)[0]), "linuxParameters") && !contains(keys(jsondecode(aws_ecs_task_definition.this.container_definitions)[0]), "user")
    error_message = "Null settings must be left out of the container definition."
  }

  # was run "autoscaling"
  assert {
    condition     = aws_appautoscaling_target.this[0].resource_id == "service/platform/orders-api" && aws_appautoscaling_target.this[0].min_capacity == 2 && aws_appautoscaling_target.this[0].max_capacity == 10
    error_message = "The service must scale between 2 and 10 tasks."
  }
  assert {
    condition     = aws_appautoscaling_policy.this["cpu"].target_tracking_scaling_policy_configuration[0].predefined_metric_specification[0].predefined_metric_type == "ECSServiceAverageCPUUtilization" && aws_appautoscaling_policy.this["cpu"].target_tracking_scaling_policy_configuration[0].target_value == 70
    error_message = "CPU target tracking at 70 %."
  }
  assert {
    condition     = aws_appautoscaling_policy.this["memory"].target_tracking_scaling_policy_configuration[0].predefined_metric_specification[0].predefined_metric_type == "ECSServiceAverageMemoryUtilization" && aws_appautoscaling_policy.this["memory"].target_tracking_scaling_policy_configuration[0].target_value == 75
    error_message = "Memory target tracking at 75 %."
  }
  assert {
    condition     = aws_appautoscaling_policy.this["cpu"].policy_type == "TargetTrackingScaling" && aws_appautoscaling_policy.this["cpu"].name == "orders-api-cpu"
    error_message = "Policies must be target tracking, named SERVICE-KEY."
  }
}

run "execute_command_on" {
  command = plan

  variables {
    enable_execute_command = true
  }

  assert {
    condition     = aws_ecs_service.this.enable_execute_command == true
    error_message = "enable_execute_command must turn on ECS Exec."
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].linuxParameters == { initProcessEnabled = true }
    error_message = "ECS Exec needs an init process."
  }
  assert {
    condition     = keys(local.tasks_inline_policies) == tolist(["ecs-exec"]) && jsondecode(local.tasks_inline_policies["ecs-exec"]).Statement[0].Action == ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"]
    error_message = "ECS Exec must add exactly the ssmmessages channel actions to the task role."
  }
}

run "autoscaling_off_and_capacity_providers" {
  command = plan

  variables {
    enable_autoscaling = false
    capacity_provider_strategy = {
      FARGATE      = { base = 1 }
      FARGATE_SPOT = { weight = 3 }
    }
  }

  assert {
    condition     = length(aws_appautoscaling_target.this) == 0 && length(aws_appautoscaling_policy.this) == 0
    error_message = "enable_autoscaling = false must create no scaling target or policies."
  }
  assert {
    condition     = length(aws_ecs_service.this.capacity_provider_strategy) == 2
    error_message = "Both capacity providers must be used."
  }
  assert {
    condition     = [for s in aws_ecs_service.this.capacity_provider_strategy : s.weight if s.capacity_provider == "FARGATE_SPOT"] == [3]
    error_message = "Weights must be passed on."
  }
}

run "existing_roles_and_security_groups" {
  command = plan

  variables {
    create_task_exec_iam_role = false
    task_exec_iam_role_arn    = "arn:aws:iam::111122223333:role/shared-ecs-exec"
    create_tasks_iam_role     = false
    tasks_iam_role_arn        = "arn:aws:iam::111122223333:role/orders-api-app"
    create_security_group     = false
    security_group_ids        = ["sg-0bbbbbbbbbbbbbbbb"]
  }

  assert {
    condition     = length(module.task_exec_iam_role) + length(module.tasks_iam_role) + length(module.security_group) == 0
    error_message = "No roles or security group may be created when existing ones are given."
  }
  assert {
    condition     = aws_ecs_task_definition.this.execution_role_arn == var.task_exec_iam_role_arn && aws_ecs_task_definition.this.task_role_arn == var.tasks_iam_role_arn
    error_message = "The given roles must be used."
  }
  assert {
    condition     = aws_ecs_service.this.network_configuration[0].security_groups == toset(["sg-0bbbbbbbbbbbbbbbb"])
    error_message = "The given security groups must be used."
  }
}

run "efs_volume_and_no_load_balancer" {
  command = plan

  variables {
    load_balancers = {}
    volumes = {
      tmp = {}
      data = {
        efs_volume_configuration = {
          file_system_id  = "fs-0123456789abcdef0"
          access_point_id = "fsap-0123456789abcdef0"
        }
      }
    }
  }

  assert {
    condition     = length(aws_ecs_service.this.load_balancer) == 0 && aws_ecs_service.this.health_check_grace_period_seconds == null
    error_message = "Without load balancers no target registration and no grace period."
  }
  assert {
    condition = [
      for v in aws_ecs_task_definition.this.volume : [v.efs_volume_configuration[0].transit_encryption, v.efs_volume_configuration[0].authorization_config[0].iam]
      if v.name == "data"
    ] == [["ENABLED", "ENABLED"]]
    error_message = "EFS volumes must use TLS and IAM authorisation."
  }
}

run "execution_role_policy" {
  command = apply

  override_module {
    target  = module.task_exec_iam_role[0]
    outputs = { iam_role_arn = "arn:aws:iam::111122223333:role/orders-api-task-exec", iam_role_name = "orders-api-task-exec" }
  }
  override_module {
    target  = module.tasks_iam_role[0]
    outputs = { iam_role_arn = "arn:aws:iam::111122223333:role/orders-api-task", iam_role_name = "orders-api-task" }
  }

  assert {
    condition = [for s in jsondecode(local.task_exec_policy).Statement : s.Sid] == [
      "WriteContainerLogs", "EcrAuthorizationToken", "PullImages", "ReadContainerSecrets", "ReadContainerParameters", "DecryptSecretsViaService"
    ]
    error_message = "The execution role gets exactly logs, ECR pull, secrets, parameters and KMS decrypt."
  }
  assert {
    condition     = [for s in jsondecode(local.task_exec_policy).Statement : s.Resource if s.Sid == "ReadContainerSecrets"] == [["arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:orders/db-AbCdEf"]]
    error_message = "Secrets must be granted by their exact ARN (json-key suffix stripped, no wildcard)."
  }
  assert {
    condition     = [for s in jsondecode(local.task_exec_policy).Statement : s.Resource if s.Sid == "ReadContainerParameters"] == [["arn:aws:ssm:ap-northeast-2:111122223333:parameter/orders/api-key"]]
    error_message = "SSM parameters must be granted by their exact ARN."
  }
  assert {
    condition     = [for s in jsondecode(local.task_exec_policy).Statement : s.Resource if s.Sid == "PullImages"] == [["arn:aws:ecr:ap-northeast-2:111122223333:repository/orders/api"]]
    error_message = "Image pull must be limited to the repository the image comes from."
  }
  assert {
    condition     = [for s in jsondecode(local.task_exec_policy).Statement : s.Resource if s.Sid == "WriteContainerLogs"] == [["arn:aws:logs:ap-northeast-2:111122223333:log-group:/aws/ecs/platform/orders-api:log-stream:app/*"]]
    error_message = "Log writes must be limited to the container's streams in the module's log group."
  }
  assert {
    condition     = alltrue([for s in jsondecode(local.task_exec_policy).Statement : s.Sid == "EcrAuthorizationToken" || !contains(flatten([s.Resource]), "*")])
    error_message = "Only ecr:GetAuthorizationToken (which has no resource-level permissions) may use Resource *."
  }
  assert {
    condition     = [for s in jsondecode(local.task_exec_policy).Statement : s.Condition.StringEquals["kms:ViaService"] if s.Sid == "DecryptSecretsViaService"] == [["secretsmanager.ap-northeast-2.amazonaws.com", "ssm.ap-northeast-2.amazonaws.com"]]
    error_message = "KMS decrypt must be limited to Secrets Manager and SSM."
  }
  assert {
    condition     = aws_ecs_task_definition.this.execution_role_arn == output.task_exec_iam_role_arn && aws_ecs_task_definition.this.task_role_arn == output.tasks_iam_role_arn && output.task_exec_iam_role_arn != output.tasks_iam_role_arn
    error_message = "The task definition must use two different roles: execution and task."
  }
}

run "public_image_without_secrets" {
  command = apply

  variables {
    container_definitions = {
      web = {
        image         = "public.ecr.aws/nginx/nginx:1.27.3"
        port_mappings = { http = { container_port = 8080 } }
      }
      sidecar = {
        image      = "registry.example.com:5000/tools/agent:2.1.0"
        essential  = false
        depends_on = { web = "START" }
      }
    }
    volumes                       = {}
    task_exec_secret_kms_key_arns = []
    load_balancers = {
      public = {
        target_group_arn = "arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:targetgroup/orders-api/0123456789abcdef"
        container_name   = "web"
        container_port   = 8080
      }
    }
  }

  assert {
    condition     = [for s in jsondecode(local.task_exec_policy).Statement : s.Sid] == ["WriteContainerLogs"]
    error_message = "Without ECR images, secrets or keys the execution role may only write logs."
  }
  assert {
    condition     = [for c in jsondecode(aws_ecs_task_definition.this.container_definitions) : c.name] == ["sidecar", "web"]
    error_message = "Every container must be defined."
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].dependsOn == [{ containerName = "web", condition = "START" }]
    error_message = "depends_on must be passed on."
  }
}

run "adot_collector_sidecar" {
  command = plan

  variables {
    cpu    = 512
    memory = 1024
    adot_collector = {
      workspace_arn       = "arn:aws:aps:ap-northeast-2:111122223333:workspace/ws-0123abcd-4567-89ef-0123-456789abcdef"
      prometheus_endpoint = "https://aps-workspaces.ap-northeast-2.amazonaws.com/workspaces/ws-0123abcd-4567-89ef-0123-456789abcdef/"
      scrape_port         = 9090
      labels              = { dbinstance = "connectly-prod-shared" }
    }
  }

  assert {
    condition     = yamldecode(local.adot_config).receivers.prometheus.config.scrape_configs[0].static_configs[0].labels == { dbinstance = "connectly-prod-shared", service = "orders-api", cluster = "platform" }
    error_message = "The scraped series must carry the extra labels beside service and cluster."
  }
  assert {
    condition     = [for c in jsondecode(aws_ecs_task_definition.this.container_definitions) : c.name] == ["app", "adot-collector"] && jsondecode(aws_ecs_task_definition.this.container_definitions)[1].essential == false && jsondecode(aws_ecs_task_definition.this.container_definitions)[1].readonlyRootFilesystem == true
    error_message = "The collector must run beside the application, not essential, read-only."
  }
  assert {
    condition     = yamldecode(local.adot_config).exporters.prometheusremotewrite.endpoint == "https://aps-workspaces.ap-northeast-2.amazonaws.com/workspaces/ws-0123abcd-4567-89ef-0123-456789abcdef/api/v1/remote_write" && yamldecode(local.adot_config).exporters.prometheusremotewrite.auth.authenticator == "sigv4auth" && yamldecode(local.adot_config).extensions.sigv4auth.region == "ap-northeast-2"
    error_message = "The collector must remote-write to the workspace with SigV4 in its region."
  }
  assert {
    condition     = yamldecode(local.adot_config).receivers.prometheus.config.scrape_configs[0].static_configs[0].targets == ["localhost:9090"] && yamldecode(local.adot_config).receivers.prometheus.config.scrape_configs[0].metrics_path == "/metrics"
    error_message = "The collector must scrape the application's metrics endpoint in the task."
  }
  assert {
    condition     = one([for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[1].environment : e.value if e.name == "AOT_CONFIG_CONTENT"]) == local.adot_config
    error_message = "The configuration must reach the collector through AOT_CONFIG_CONTENT."
  }
  assert {
    condition     = jsondecode(local.tasks_inline_policies["adot-remote-write"]).Statement[0].Action == ["aps:RemoteWrite"] && jsondecode(local.tasks_inline_policies["adot-remote-write"]).Statement[0].Resource == "arn:aws:aps:ap-northeast-2:111122223333:workspace/ws-0123abcd-4567-89ef-0123-456789abcdef"
    error_message = "The task role may remote-write to that workspace only."
  }
}
