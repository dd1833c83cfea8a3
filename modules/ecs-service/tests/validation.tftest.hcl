# One run per input validation: each must reject the bad value (mock provider, no AWS).

mock_provider "aws" {
  source = "./tests/mocks"
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


run "name_invalid" {
  command = plan

  variables {
    name = "1-orders"
  }

  expect_failures = [var.name]
}

run "cluster_arn_invalid" {
  command = plan

  variables {
    cluster_arn = "platform"
  }

  expect_failures = [var.cluster_arn]
}

run "kms_key_arn_alias" {
  command = plan

  variables {
    kms_key_arn = "alias/logs"
  }

  expect_failures = [var.kms_key_arn]
}

run "cpu_invalid" {
  command = plan

  variables {
    cpu = 300
  }

  expect_failures = [var.cpu]
}

run "memory_invalid_for_cpu" {
  command = plan

  variables {
    cpu    = 1024
    memory = 1024
  }

  expect_failures = [var.memory]
}

run "runtime_platform_invalid" {
  command = plan

  variables {
    runtime_platform = { cpu_architecture = "ARM" }
  }

  expect_failures = [var.runtime_platform]
}

run "ephemeral_storage_invalid" {
  command = plan

  variables {
    ephemeral_storage_size_in_gib = 10
  }

  expect_failures = [var.ephemeral_storage_size_in_gib]
}

run "containers_none_essential" {
  command = plan

  variables {
    container_definitions = { app = { image = "111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/orders/api:1.4.2", essential = false } }
    load_balancers        = {}
    volumes               = {}
  }

  expect_failures = [var.container_definitions]
}

run "container_name_invalid" {
  command = plan

  variables {
    container_definitions = { "my app" = { image = "111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/orders/api:1.4.2" } }
    load_balancers        = {}
  }

  expect_failures = [var.container_definitions]
}

run "image_without_tag" {
  command = plan

  variables {
    container_definitions = { app = { image = "111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/orders/api" } }
    load_balancers        = {}
  }

  expect_failures = [var.container_definitions]
}

run "image_registry_port_without_tag" {
  command = plan

  variables {
    container_definitions = { app = { image = "registry.example.com:5000/orders/api" } }
    load_balancers        = {}
  }

  expect_failures = [var.container_definitions]
}

run "image_latest" {
  command = plan

  variables {
    container_definitions = { app = { image = "nginx:latest" } }
    load_balancers        = {}
  }

  expect_failures = [var.container_definitions]
}

run "secret_wildcard" {
  command = plan

  variables {
    container_definitions = { app = { image = "111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/orders/api:1.4.2", secrets = { DB = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:orders/db-*" } } }
    load_balancers        = {}
  }

  expect_failures = [var.container_definitions]
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

run "desired_count_negative" {
  command = plan

  variables {
    desired_count = -1
  }

  expect_failures = [var.desired_count]
}

run "platform_version_invalid" {
  command = plan

  variables {
    platform_version = "newest"
  }

  expect_failures = [var.platform_version]
}

run "capacity_provider_invalid" {
  command = plan

  variables {
    capacity_provider_strategy = { EC2 = {} }
  }

  expect_failures = [var.capacity_provider_strategy]
}

run "deployment_minimum_healthy_percent_invalid" {
  command = plan

  variables {
    deployment_minimum_healthy_percent = 150
  }

  expect_failures = [var.deployment_minimum_healthy_percent]
}

run "deployment_maximum_percent_invalid" {
  command = plan

  variables {
    deployment_maximum_percent = 50
  }

  expect_failures = [var.deployment_maximum_percent]
}

run "health_check_grace_period_negative" {
  command = plan

  variables {
    health_check_grace_period_seconds = -5
  }

  expect_failures = [var.health_check_grace_period_seconds]
}

run "availability_zone_rebalancing_invalid" {
  command = plan

  variables {
    availability_zone_rebalancing = "ON"
  }

  expect_failures = [var.availability_zone_rebalancing]
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

run "subnet_ids_empty" {
  command = plan

  variables {
    subnet_ids = []
  }

  expect_failures = [var.subnet_ids]
}

run "vpc_id_missing" {
  command = plan

  variables {
    vpc_id = null
  }

  expect_failures = [var.vpc_id]
}

run "ingress_from_anywhere" {
  command = plan

  variables {
    security_group_ingress_rules = { any = { description = "all", from_port = 8080, to_port = 8080, cidr_ipv4 = "0.0.0.0/0" } }
  }

  expect_failures = [var.security_group_ingress_rules]
}

run "security_group_ids_invalid" {
  command = plan

  variables {
    security_group_ids = ["default"]
  }

  expect_failures = [var.security_group_ids]
}

run "security_group_ids_missing" {
  command = plan

  variables {
    create_security_group = false
  }

  expect_failures = [var.security_group_ids]
}

run "task_exec_iam_role_arn_missing" {
  command = plan

  variables {
    create_task_exec_iam_role = false
  }

  expect_failures = [var.task_exec_iam_role_arn]
}

run "task_exec_secret_kms_key_arns_alias" {
  command = plan

  variables {
    task_exec_secret_kms_key_arns = ["alias/secrets"]
  }

  expect_failures = [var.task_exec_secret_kms_key_arns]
}

run "task_exec_ecr_repository_arns_wildcard" {
  command = plan

  variables {
    task_exec_ecr_repository_arns = ["arn:aws:ecr:ap-northeast-2:111122223333:repository/*"]
  }

  expect_failures = [var.task_exec_ecr_repository_arns]
}

run "tasks_iam_role_arn_invalid" {
  command = plan

  variables {
    tasks_iam_role_arn = "orders-api-app"
  }

  expect_failures = [var.tasks_iam_role_arn]
}

run "tasks_iam_role_policies_not_json" {
  command = plan

  variables {
    tasks_iam_role_policies = { s3 = "allow everything" }
  }

  expect_failures = [var.tasks_iam_role_policies]
}

run "tasks_iam_role_managed_policy_arns_invalid" {
  command = plan

  variables {
    tasks_iam_role_managed_policy_arns = { ro = "ReadOnlyAccess" }
  }

  expect_failures = [var.tasks_iam_role_managed_policy_arns]
}

run "cloudwatch_log_group_retention_invalid" {
  command = plan

  variables {
    cloudwatch_log_group_retention_in_days = 42
  }

  expect_failures = [var.cloudwatch_log_group_retention_in_days]
}

run "cloudwatch_log_group_class_invalid" {
  command = plan

  variables {
    cloudwatch_log_group_class = "COLD"
  }

  expect_failures = [var.cloudwatch_log_group_class]
}

run "autoscaling_min_capacity_invalid" {
  command = plan

  variables {
    autoscaling_min_capacity = 1.5
  }

  expect_failures = [var.autoscaling_min_capacity]
}

run "autoscaling_max_below_min" {
  command = plan

  variables {
    autoscaling_min_capacity = 4
    autoscaling_max_capacity = 2
  }

  expect_failures = [var.autoscaling_max_capacity]
}

run "autoscaling_metric_invalid" {
  command = plan

  variables {
    autoscaling_policies = { rps = { predefined_metric_type = "RequestCount", target_value = 100 } }
  }

  expect_failures = [var.autoscaling_policies]
}

run "autoscaling_alb_without_label" {
  command = plan

  variables {
    autoscaling_policies = { rps = { predefined_metric_type = "ALBRequestCountPerTarget", target_value = 100 } }
  }

  expect_failures = [var.autoscaling_policies]
}

run "autoscaling_target_value_invalid" {
  command = plan

  variables {
    autoscaling_policies = { cpu = { predefined_metric_type = "ECSServiceAverageCPUUtilization", target_value = 150 } }
  }

  expect_failures = [var.autoscaling_policies]
}

run "adot_bad_workspace" {
  command = plan
  variables {
    adot_collector = { workspace_arn = "ws-0123", prometheus_endpoint = "https://aps-workspaces.ap-northeast-2.amazonaws.com/workspaces/ws-0123/", scrape_port = 9090 }
  }
  expect_failures = [var.adot_collector]
}

run "adot_endpoint_not_the_workspace" {
  command = plan
  variables {
    adot_collector = { workspace_arn = "arn:aws:aps:ap-northeast-2:111122223333:workspace/ws-0123", prometheus_endpoint = "https://example.com/api/v1/remote_write", scrape_port = 9090 }
  }
  expect_failures = [var.adot_collector]
}

run "adot_bad_scrape" {
  command = plan
  variables {
    adot_collector = { workspace_arn = "arn:aws:aps:ap-northeast-2:111122223333:workspace/ws-0123", prometheus_endpoint = "https://aps-workspaces.ap-northeast-2.amazonaws.com/workspaces/ws-0123/", scrape_port = 70000, scrape_path = "metrics" }
  }
  expect_failures = [var.adot_collector]
}

run "adot_bad_label_name" {
  command = plan
  variables {
    adot_collector = { workspace_arn = "arn:aws:aps:ap-northeast-2:111122223333:workspace/ws-0123", prometheus_endpoint = "https://aps-workspaces.ap-northeast-2.amazonaws.com/workspaces/ws-0123/", scrape_port = 9090, labels = { "db-instance" = "x" } }
  }
  expect_failures = [var.adot_collector]
}

run "adot_with_an_existing_task_role" {
  command = plan
  variables {
    create_tasks_iam_role = false
    tasks_iam_role_arn    = "arn:aws:iam::111122223333:role/existing"
    adot_collector        = { workspace_arn = "arn:aws:aps:ap-northeast-2:111122223333:workspace/ws-0123", prometheus_endpoint = "https://aps-workspaces.ap-northeast-2.amazonaws.com/workspaces/ws-0123/", scrape_port = 9090 }
  }
  expect_failures = [var.adot_collector]
}
