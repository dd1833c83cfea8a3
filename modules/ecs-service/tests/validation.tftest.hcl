# One run per input validation: each must reject the bad value (mock provider, no AWS).

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

# Merged validation runs (issue 20: one provider start instead of 27); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
run "invalid_inputs_1" {
  command = plan
  variables {
    # name_invalid
    name = "1-orders"

    # cluster_arn_invalid
    cluster_arn = "platform"

    # kms_key_arn_alias
    kms_key_arn = "alias/logs"

    # cpu_invalid
    cpu = 300

    # runtime_platform_invalid
    runtime_platform = { cpu_architecture = "ARM" }

    # ephemeral_storage_invalid
    ephemeral_storage_size_in_gib = 10

    # containers_none_essential
    container_definitions = { app = { image = "111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/orders/api:1.4.2", essential = false } }
    load_balancers        = {}
    volumes               = {}

    # desired_count_negative
    desired_count = -1

    # platform_version_invalid
    platform_version = "newest"

    # capacity_provider_invalid
    capacity_provider_strategy = { EC2 = {} }

    # deployment_minimum_healthy_percent_invalid
    deployment_minimum_healthy_percent = 150

    # deployment_maximum_percent_invalid
    deployment_maximum_percent = 50

    # health_check_grace_period_negative
    health_check_grace_period_seconds = -5

    # availability_zone_rebalancing_invalid
    availability_zone_rebalancing = "ON"

    # subnet_ids_empty
    subnet_ids = []

    # vpc_id_missing
    vpc_id = null

    # ingress_from_anywhere
    security_group_ingress_rules = { any = { description = "all", from_port = 8080, to_port = 8080, cidr_ipv4 = "0.0.0.0/0" } }

    # task_exec_iam_role_arn_missing
    create_task_exec_iam_role = false

    # task_exec_secret_kms_key_arns_alias
    task_exec_secret_kms_key_arns = ["alias/secrets"]

    # task_exec_ecr_repository_arns_wildcard
    task_exec_ecr_repository_arns = ["arn:aws:ecr:ap-northeast-2:111122223333:repository/*"]

    # tasks_iam_role_arn_invalid
    tasks_iam_role_arn = "orders-api-app"

    # tasks_iam_role_policies_not_json
    tasks_iam_role_policies = { s3 = "allow everything" }

    # tasks_iam_role_managed_policy_arns_invalid
    tasks_iam_role_managed_policy_arns = { ro = "ReadOnlyAccess" }

    # cloudwatch_log_group_retention_invalid
    cloudwatch_log_group_retention_in_days = 42

    # cloudwatch_log_group_class_invalid
    cloudwatch_log_group_class = "COLD"

    # autoscaling_min_capacity_invalid
    autoscaling_min_capacity = 1.5

    # autoscaling_metric_invalid
    autoscaling_policies = { rps = { predefined_metric_type = "RequestCount", target_value = 100 } }
  }
  expect_failures = [
    var.name,                                   # name_invalid
    var.cluster_arn,                            # cluster_arn_invalid
    var.kms_key_arn,                            # kms_key_arn_alias
    var.cpu,                                    # cpu_invalid
    var.runtime_platform,                       # runtime_platform_invalid
    var.ephemeral_storage_size_in_gib,          # ephemeral_storage_invalid
    var.container_definitions,                  # containers_none_essential
    var.desired_count,                          # desired_count_negative
    var.platform_version,                       # platform_version_invalid
    var.capacity_provider_strategy,             # capacity_provider_invalid
    var.deployment_minimum_healthy_percent,     # deployment_minimum_healthy_percent_invalid
    var.deployment_maximum_percent,             # deployment_maximum_percent_invalid
    var.health_check_grace_period_seconds,      # health_check_grace_period_negative
    var.availability_zone_rebalancing,          # availability_zone_rebalancing_invalid
    var.subnet_ids,                             # subnet_ids_empty
    var.vpc_id,                                 # vpc_id_missing
    var.security_group_ingress_rules,           # ingress_from_anywhere
    var.task_exec_iam_role_arn,                 # task_exec_iam_role_arn_missing
    var.task_exec_secret_kms_key_arns,          # task_exec_secret_kms_key_arns_alias
    var.task_exec_ecr_repository_arns,          # task_exec_ecr_repository_arns_wildcard
    var.tasks_iam_role_arn,                     # tasks_iam_role_arn_invalid
    var.tasks_iam_role_policies,                # tasks_iam_role_policies_not_json
    var.tasks_iam_role_managed_policy_arns,     # tasks_iam_role_managed_policy_arns_invalid
    var.cloudwatch_log_group_retention_in_days, # cloudwatch_log_group_retention_invalid
    var.cloudwatch_log_group_class,             # cloudwatch_log_group_class_invalid
    var.autoscaling_min_capacity,               # autoscaling_min_capacity_invalid
    var.autoscaling_policies,                   # autoscaling_metric_invalid
  ]
}

# Merged validation runs (issue 20: one provider start instead of 6); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
run "invalid_inputs_2" {
  command = plan
  variables {
    # memory_invalid_for_cpu
    cpu    = 1024
    memory = 1024

    # container_name_invalid
    container_definitions = { "my app" = { image = "111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/orders/api:1.4.2" } }
    load_balancers        = {}

    # security_group_ids_invalid
    security_group_ids = ["default"]

    # autoscaling_max_below_min
    autoscaling_min_capacity = 4
    autoscaling_max_capacity = 2

    # autoscaling_alb_without_label
    autoscaling_policies = { rps = { predefined_metric_type = "ALBRequestCountPerTarget", target_value = 100 } }

    # adot_bad_workspace
    adot_collector = { workspace_arn = "ws-0123", prometheus_endpoint = "https://aps-workspaces.ap-northeast-2.amazonaws.com/workspaces/ws-0123/", scrape_port = 9090 }
  }
  expect_failures = [
    var.memory,                   # memory_invalid_for_cpu
    var.container_definitions,    # container_name_invalid
    var.security_group_ids,       # security_group_ids_invalid
    var.autoscaling_max_capacity, # autoscaling_max_below_min
    var.autoscaling_policies,     # autoscaling_alb_without_label
    var.adot_collector,           # adot_bad_workspace
  ]
}

# Merged validation runs (issue 20: one provider start instead of 4); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
run "invalid_inputs_3" {
  command = plan
  variables {
    # image_without_tag
    container_definitions = { app = { image = "111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/orders/api" } }
    load_balancers        = {}

    # security_group_ids_missing
    create_security_group = false

    # autoscaling_target_value_invalid
    autoscaling_policies = { cpu = { predefined_metric_type = "ECSServiceAverageCPUUtilization", target_value = 150 } }

    # adot_endpoint_not_the_workspace
    adot_collector = { workspace_arn = "arn:aws:aps:ap-northeast-2:111122223333:workspace/ws-0123", prometheus_endpoint = "https://example.com/api/v1/remote_write", scrape_port = 9090 }
  }
  expect_failures = [
    var.container_definitions, # image_without_tag
    var.security_group_ids,    # security_group_ids_missing
    var.autoscaling_policies,  # autoscaling_target_value_invalid
    var.adot_collector,        # adot_endpoint_not_the_workspace
  ]
}

# Merged validation runs (issue 20: one provider start instead of 2); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
run "invalid_inputs_4" {
  command = plan
  variables {
    # image_registry_port_without_tag
    container_definitions = { app = { image = "registry.example.com:5000/orders/api" } }
    load_balancers        = {}

    # adot_bad_scrape
    adot_collector = { workspace_arn = "arn:aws:aps:ap-northeast-2:111122223333:workspace/ws-0123", prometheus_endpoint = "https://aps-workspaces.ap-northeast-2.amazonaws.com/workspaces/ws-0123/", scrape_port = 70000, scrape_path = "metrics" }
  }
  expect_failures = [
    var.container_definitions, # image_registry_port_without_tag
    var.adot_collector,        # adot_bad_scrape
  ]
}

# Merged validation runs (issue 20: one provider start instead of 2); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
run "invalid_inputs_5" {
  command = plan
  variables {
    # image_latest
    container_definitions = { app = { image = "nginx:latest" } }
    load_balancers        = {}

    # adot_bad_label_name
    adot_collector = { workspace_arn = "arn:aws:aps:ap-northeast-2:111122223333:workspace/ws-0123", prometheus_endpoint = "https://aps-workspaces.ap-northeast-2.amazonaws.com/workspaces/ws-0123/", scrape_port = 9090, labels = { "db-instance" = "x" } }
  }
  expect_failures = [
    var.container_definitions, # image_latest
    var.adot_collector,        # adot_bad_label_name
  ]
}

# Merged validation runs (issue 20: one provider start instead of 2); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
run "invalid_inputs_6" {
  command = plan
  variables {
    # secret_wildcard
    container_definitions = { app = { image = "111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/orders/api:1.4.2", secrets = { DB = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:orders/db-*" } } }
    load_balancers        = {}

    # adot_with_an_existing_task_role
    create_tasks_iam_role = false
    tasks_iam_role_arn    = "arn:aws:iam::111122223333:role/existing"
    adot_collector        = { workspace_arn = "arn:aws:aps:ap-northeast-2:111122223333:workspace/ws-0123", prometheus_endpoint = "https://aps-workspaces.ap-northeast-2.amazonaws.com/workspaces/ws-0123/", scrape_port = 9090 }
  }
  expect_failures = [
    var.container_definitions, # secret_wildcard
    var.adot_collector,        # adot_with_an_existing_task_role
  ]
}

run "secret_partial_arn" {
  command = plan

  variables {
    container_definitions = { app = { image = "111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/orders/api:1.4.2", secrets = { DB = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:orders/db" } } }
    load_balancers        = {}
  }

  expect_failures = [var.container_definitions]
}

run "port_mapping_protocol_invalid" {
  command = plan

  variables {
    container_definitions = { app = { image = "111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/orders/api:1.4.2", port_mappings = { http = { container_port = 8080, protocol = "http" } } } }
    load_balancers        = {}
  }

  expect_failures = [var.container_definitions]
}

run "depends_on_unknown_container" {
  command = plan

  variables {
    container_definitions = { app = { image = "111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/orders/api:1.4.2", depends_on = { init = "SUCCESS" } } }
    load_balancers        = {}
  }

  expect_failures = [var.container_definitions]
}

run "mount_point_unknown_volume" {
  command = plan

  variables {
    container_definitions = { app = { image = "111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/orders/api:1.4.2", mount_points = { cache = { container_path = "/cache" } } } }
    load_balancers        = {}
  }

  expect_failures = [var.container_definitions]
}

run "volumes_efs_invalid" {
  command = plan

  variables {
    volumes = { tmp = {}, data = { efs_volume_configuration = { file_system_id = "efs-1" } } }
  }

  expect_failures = [var.volumes]
}

run "load_balancer_target_group_arn_invalid" {
  command = plan

  variables {
    load_balancers = { public = { target_group_arn = "orders-api", container_name = "app", container_port = 8080 } }
  }

  expect_failures = [var.load_balancers]
}

run "load_balancer_unknown_port" {
  command = plan

  variables {
    load_balancers = { public = { target_group_arn = "arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:targetgroup/orders-api/0123456789abcdef", container_name = "app", container_port = 9090 } }
  }

  expect_failures = [var.load_balancers]
}

