# One run per input validation: each must reject the bad value (mock provider, no AWS).

mock_provider "aws" {
  source = "../_test-mocks/aws" # caller identity, region, partition, policy document, security group
  mock_data "aws_secretsmanager_secret_version" {
    defaults = { secret_string = "mock-auth-token-0123456789abcdef" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:ap-northeast-2:111122223333:log-group:mock" }
  }
}

variables {
  name        = "orders-cache"
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1", "subnet-0123456789abcdef2"]
  kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/11111111-2222-3333-4444-555555555555"
  auth_token_secret = {
    secret_arn = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:orders-cache-auth-AbCdEf"
  }
  allowed_security_groups = { api = "sg-0123456789abcdef0" }
  allowed_cidr_blocks     = { batch = "10.20.0.0/24" }
  tags                    = { Service = "orders" }
}


run "name_invalid" {
  command = plan

  variables {
    name = "Orders_Cache"
  }

  expect_failures = [var.name]
}

run "engine_invalid" {
  command = plan

  variables {
    engine = "memcached"
  }

  expect_failures = [var.engine]
}

run "engine_version_invalid" {
  command = plan

  variables {
    engine_version = "latest"
  }

  expect_failures = [var.engine_version]
}

run "node_type_invalid" {
  command = plan

  variables {
    node_type = "t4g.small"
  }

  expect_failures = [var.node_type]
}

run "port_invalid" {
  command = plan

  variables {
    port = 80
  }

  expect_failures = [var.port]
}

run "num_cache_clusters_invalid" {
  command = plan

  variables {
    num_cache_clusters = 7
  }

  expect_failures = [var.num_cache_clusters]
}

run "num_node_groups_invalid" {
  command = plan

  variables {
    num_node_groups = 0
  }

  expect_failures = [var.num_node_groups]
}

run "replicas_per_node_group_invalid" {
  command = plan

  variables {
    replicas_per_node_group = 6
  }

  expect_failures = [var.replicas_per_node_group]
}

run "failover_without_replica" {
  command = plan

  variables {
    num_cache_clusters = 1
  }

  expect_failures = [var.automatic_failover_enabled]
}

run "cluster_mode_without_failover" {
  command = plan

  variables {
    cluster_mode_enabled       = true
    automatic_failover_enabled = false
    multi_az_enabled           = false
  }

  expect_failures = [var.automatic_failover_enabled]
}

run "multi_az_without_failover" {
  command = plan

  variables {
    automatic_failover_enabled = false
  }

  expect_failures = [var.multi_az_enabled]
}

run "maintenance_window_invalid" {
  command = plan

  variables {
    maintenance_window = "Sunday 3am"
  }

  expect_failures = [var.maintenance_window]
}

run "notification_topic_arn_invalid" {
  command = plan

  variables {
    notification_topic_arn = "orders-events"
  }

  expect_failures = [var.notification_topic_arn]
}

run "kms_key_arn_alias" {
  command = plan

  variables {
    kms_key_arn = "alias/cache"
  }

  expect_failures = [var.kms_key_arn]
}

run "auth_token_secret_wildcard" {
  command = plan

  variables {
    auth_token_secret = { secret_arn = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:*" }
  }

  expect_failures = [var.auth_token_secret]
}

run "auth_token_update_strategy_invalid" {
  command = plan

  variables {
    auth_token_update_strategy = "ROLL"
  }

  expect_failures = [var.auth_token_update_strategy]
}

run "auth_both_methods" {
  command = plan

  variables {
    user_group_ids = ["orders-users"]
  }

  expect_failures = [var.user_group_ids]
}

run "auth_no_method" {
  command = plan

  variables {
    auth_token_secret = null
  }

  expect_failures = [var.user_group_ids]
}

run "serverless_needs_rbac" {
  command = plan

  variables {
    serverless = true
  }

  expect_failures = [var.user_group_ids]
}

run "vpc_id_invalid" {
  command = plan

  variables {
    vpc_id = "vpc_123"
  }

  expect_failures = [var.vpc_id]
}

run "subnet_ids_single" {
  command = plan

  variables {
    subnet_ids = ["subnet-0123456789abcdef0"]
  }

  expect_failures = [var.subnet_ids]
}

run "allowed_security_groups_invalid" {
  command = plan

  variables {
    allowed_security_groups = { api = "api-sg" }
  }

  expect_failures = [var.allowed_security_groups]
}

run "allowed_cidr_blocks_invalid" {
  command = plan

  variables {
    allowed_cidr_blocks = { bad = "10.0.0.0/33" }
  }

  expect_failures = [var.allowed_cidr_blocks]
}

run "allowed_cidr_blocks_open" {
  command = plan

  variables {
    allowed_cidr_blocks = { everyone = "0.0.0.0/0" }
  }

  expect_failures = [var.allowed_cidr_blocks]
}

run "security_group_ids_invalid" {
  command = plan

  variables {
    security_group_ids = ["sg_123"]
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

run "subnet_group_name_missing" {
  command = plan

  variables {
    create_subnet_group = false
  }

  expect_failures = [var.subnet_group_name]
}

run "parameter_group_name_missing" {
  command = plan

  variables {
    create_parameter_group = false
  }

  expect_failures = [var.parameter_group_name]
}

run "parameter_group_family_invalid" {
  command = plan

  variables {
    parameter_group_family = "memcached1.6"
  }

  expect_failures = [var.parameter_group_family]
}

run "parameters_cluster_enabled" {
  command = plan

  variables {
    parameters = { "cluster-enabled" = "yes" }
  }

  expect_failures = [var.parameters]
}

run "snapshot_retention_limit_zero" {
  command = plan

  variables {
    snapshot_retention_limit = 0
  }

  expect_failures = [var.snapshot_retention_limit]
}

run "snapshot_window_invalid" {
  command = plan

  variables {
    snapshot_window = "2am"
  }

  expect_failures = [var.snapshot_window]
}

run "log_types_invalid" {
  command = plan

  variables {
    log_types = ["audit-log"]
  }

  expect_failures = [var.log_types]
}

run "log_format_invalid" {
  command = plan

  variables {
    log_format = "xml"
  }

  expect_failures = [var.log_format]
}

run "cloudwatch_log_group_kms_key_arn_alias" {
  command = plan

  variables {
    cloudwatch_log_group_kms_key_arn = "alias/logs"
  }

  expect_failures = [var.cloudwatch_log_group_kms_key_arn]
}

run "cloudwatch_log_group_retention_invalid" {
  command = plan

  variables {
    cloudwatch_log_group_retention_in_days = 10
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

run "serverless_cache_usage_limits_invalid" {
  command = plan

  variables {
    serverless_cache_usage_limits = { data_storage_maximum_gb = 0 }
  }

  expect_failures = [var.serverless_cache_usage_limits]
}
