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

# Merged validation runs (issue 20: one provider start instead of 30); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
# Variable checks, several per run (issue 20: each run starts the provider): each run breaks several
# variables at once, each with the value its former one-check run used (named in the comment above it), and
# a run passes only if every listed variable fails, so a check that stops failing still fails its run.
# A variable with several checks appears in several runs; a check that reads other variables runs apart
# from the runs that set those.
run "invalid_inputs_1" {
  command = plan
  variables {
    # name_invalid
    name = "Orders_Cache"

    # engine_invalid
    engine = "memcached"

    # engine_version_invalid
    engine_version = "latest"

    # node_type_invalid
    node_type = "t4g.small"

    # port_invalid
    port = 80

    # num_cache_clusters_invalid
    num_cache_clusters = 7

    # num_node_groups_invalid
    num_node_groups = 0

    # replicas_per_node_group_invalid
    replicas_per_node_group = 6

    # maintenance_window_invalid
    maintenance_window = "Sunday 3am"

    # notification_topic_arn_invalid
    notification_topic_arn = "orders-events"

    # kms_key_arn_alias
    kms_key_arn = "alias/cache"

    # auth_token_secret_wildcard
    auth_token_secret = { secret_arn = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:*" }

    # auth_token_update_strategy_invalid
    auth_token_update_strategy = "ROLL"

    # vpc_id_invalid
    vpc_id = "vpc_123"

    # subnet_ids_single
    subnet_ids = ["subnet-0123456789abcdef0"]

    # allowed_security_groups_invalid
    allowed_security_groups = { api = "api-sg" }

    # allowed_cidr_blocks_invalid
    allowed_cidr_blocks = { bad = "10.0.0.0/33" }

    # security_group_ids_invalid
    security_group_ids = ["sg_123"]

    # subnet_group_name_missing
    create_subnet_group = false

    # parameter_group_name_missing
    create_parameter_group = false

    # parameter_group_family_invalid
    parameter_group_family = "memcached1.6"

    # parameters_cluster_enabled
    parameters = { "cluster-enabled" = "yes" }

    # snapshot_retention_limit_zero
    snapshot_retention_limit = 0

    # snapshot_window_invalid
    snapshot_window = "2am"

    # log_types_invalid
    log_types = ["audit-log"]

    # log_format_invalid
    log_format = "xml"

    # cloudwatch_log_group_kms_key_arn_alias
    cloudwatch_log_group_kms_key_arn = "alias/logs"

    # cloudwatch_log_group_retention_invalid
    cloudwatch_log_group_retention_in_days = 10

    # cloudwatch_log_group_class_invalid
    cloudwatch_log_group_class = "COLD"

    # serverless_cache_usage_limits_invalid
    serverless_cache_usage_limits = { data_storage_maximum_gb = 0 }
  }
  expect_failures = [
    var.name,                                   # name_invalid
    var.engine,                                 # engine_invalid
    var.engine_version,                         # engine_version_invalid
    var.node_type,                              # node_type_invalid
    var.port,                                   # port_invalid
    var.num_cache_clusters,                     # num_cache_clusters_invalid
    var.num_node_groups,                        # num_node_groups_invalid
    var.replicas_per_node_group,                # replicas_per_node_group_invalid
    var.maintenance_window,                     # maintenance_window_invalid
    var.notification_topic_arn,                 # notification_topic_arn_invalid
    var.kms_key_arn,                            # kms_key_arn_alias
    var.auth_token_secret,                      # auth_token_secret_wildcard
    var.auth_token_update_strategy,             # auth_token_update_strategy_invalid
    var.vpc_id,                                 # vpc_id_invalid
    var.subnet_ids,                             # subnet_ids_single
    var.allowed_security_groups,                # allowed_security_groups_invalid
    var.allowed_cidr_blocks,                    # allowed_cidr_blocks_invalid
    var.security_group_ids,                     # security_group_ids_invalid
    var.subnet_group_name,                      # subnet_group_name_missing
    var.parameter_group_name,                   # parameter_group_name_missing
    var.parameter_group_family,                 # parameter_group_family_invalid
    var.parameters,                             # parameters_cluster_enabled
    var.snapshot_retention_limit,               # snapshot_retention_limit_zero
    var.snapshot_window,                        # snapshot_window_invalid
    var.log_types,                              # log_types_invalid
    var.log_format,                             # log_format_invalid
    var.cloudwatch_log_group_kms_key_arn,       # cloudwatch_log_group_kms_key_arn_alias
    var.cloudwatch_log_group_retention_in_days, # cloudwatch_log_group_retention_invalid
    var.cloudwatch_log_group_class,             # cloudwatch_log_group_class_invalid
    var.serverless_cache_usage_limits,          # serverless_cache_usage_limits_invalid
  ]
}

# Merged validation runs (issue 20: one provider start instead of 4); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
run "invalid_inputs_2" {
  command = plan
  variables {
    # failover_without_replica
    num_cache_clusters = 1

    # auth_both_methods
    user_group_ids = ["orders-users"]

    # allowed_cidr_blocks_open
    allowed_cidr_blocks = { everyone = "0.0.0.0/0" }

    # security_group_ids_missing
    create_security_group = false
  }
  expect_failures = [
    var.automatic_failover_enabled, # failover_without_replica
    var.user_group_ids,             # auth_both_methods
    var.allowed_cidr_blocks,        # allowed_cidr_blocks_open
    var.security_group_ids,         # security_group_ids_missing
  ]
}

# Merged validation runs (issue 20: one provider start instead of 2); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
run "invalid_inputs_3" {
  command = plan
  variables {
    # cluster_mode_without_failover
    cluster_mode_enabled       = true
    automatic_failover_enabled = false
    multi_az_enabled           = false

    # auth_no_method
    auth_token_secret = null
  }
  expect_failures = [
    var.automatic_failover_enabled, # cluster_mode_without_failover
    var.user_group_ids,             # auth_no_method
  ]
}

# Merged validation runs (issue 20: one provider start instead of 2); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
run "invalid_inputs_4" {
  command = plan
  variables {
    # multi_az_without_failover
    automatic_failover_enabled = false

    # serverless_needs_rbac
    serverless = true
  }
  expect_failures = [
    var.multi_az_enabled, # multi_az_without_failover
    var.user_group_ids,   # serverless_needs_rbac
  ]
}

