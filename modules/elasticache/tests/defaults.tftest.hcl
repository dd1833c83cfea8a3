# Replication group defaults, topology switches, authentication and toggles (mock provider, no AWS).

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

# Merged with runs of the same variables (issue 20): security_group_rules
run "secure_defaults" {
  command = plan

  assert {
    condition     = length(aws_elasticache_replication_group.this) == 1 && length(aws_elasticache_serverless_cache.this) == 0
    error_message = "The default is one node-based replication group and no serverless cache."
  }
  assert {
    condition     = aws_elasticache_replication_group.this[0].replication_group_id == "orders-cache"
    error_message = "The replication group ID must be the name."
  }
  assert {
    condition     = tostring(aws_elasticache_replication_group.this[0].at_rest_encryption_enabled) == "true"
    error_message = "Encryption at rest must be on."
  }
  assert {
    condition     = aws_elasticache_replication_group.this[0].kms_key_id == var.kms_key_arn
    error_message = "Data at rest must be encrypted with the given customer-managed key."
  }
  assert {
    condition     = aws_elasticache_replication_group.this[0].transit_encryption_enabled == true
    error_message = "Encryption in transit must be on."
  }
  assert {
    condition     = aws_elasticache_replication_group.this[0].multi_az_enabled == true && aws_elasticache_replication_group.this[0].automatic_failover_enabled == true
    error_message = "Multi-AZ and automatic failover must be on by default."
  }
  assert {
    condition     = aws_elasticache_replication_group.this[0].cluster_mode == "disabled" && aws_elasticache_replication_group.this[0].num_cache_clusters == 2
    error_message = "Cluster mode off with a primary and one replica is the default topology."
  }
  assert {
    condition     = aws_elasticache_replication_group.this[0].engine == "redis" && aws_elasticache_replication_group.this[0].engine_version == "7.1"
    error_message = "The default engine is redis 7.1."
  }
  assert {
    condition     = aws_elasticache_replication_group.this[0].port == 6379 && aws_elasticache_replication_group.this[0].node_type == "cache.t4g.small"
    error_message = "Default port 6379 and node type cache.t4g.small."
  }
  assert {
    condition     = aws_elasticache_replication_group.this[0].auth_token == "mock-auth-token-0123456789abcdef"
    error_message = "The AUTH token must be the Secrets Manager secret's value."
  }
  assert {
    condition     = aws_elasticache_replication_group.this[0].auth_token_update_strategy == "ROTATE"
    error_message = "A changed AUTH token is rotated by default."
  }
  assert {
    condition     = data.aws_secretsmanager_secret_version.auth_token[0].secret_id == var.auth_token_secret.secret_arn
    error_message = "The AUTH token must be read from the given secret."
  }
  assert {
    condition     = aws_elasticache_replication_group.this[0].user_group_ids == null
    error_message = "No RBAC user group when an AUTH token is used."
  }
  assert {
    condition     = aws_elasticache_replication_group.this[0].snapshot_retention_limit == 7 && aws_elasticache_replication_group.this[0].snapshot_window == "17:00-18:00"
    error_message = "Snapshots must be kept 7 days, taken 17:00-18:00 UTC."
  }
  assert {
    condition     = aws_elasticache_replication_group.this[0].final_snapshot_identifier == "orders-cache-final"
    error_message = "A final snapshot must be taken on delete."
  }
  assert {
    condition     = aws_elasticache_replication_group.this[0].maintenance_window == "sun:19:00-sun:20:00"
    error_message = "The default maintenance window is sun:19:00-sun:20:00 UTC."
  }
  assert {
    condition     = tostring(aws_elasticache_replication_group.this[0].auto_minor_version_upgrade) == "true" && aws_elasticache_replication_group.this[0].apply_immediately == false
    error_message = "Minor upgrades automatic, changes applied in the maintenance window."
  }
  assert {
    condition     = aws_elasticache_replication_group.this[0].subnet_group_name == "orders-cache" && aws_elasticache_subnet_group.this[0].subnet_ids == toset(var.subnet_ids)
    error_message = "The replication group must use its own subnet group of the given subnets."
  }
  assert {
    condition     = aws_elasticache_parameter_group.this[0].family == "redis7" && aws_elasticache_parameter_group.this[0].name == "orders-cache-redis7"
    error_message = "The parameter group family must follow the engine version (redis7)."
  }
  assert {
    condition     = aws_elasticache_replication_group.this[0].parameter_group_name == "orders-cache-redis7"
    error_message = "The replication group must use the module's parameter group."
  }
  assert {
    condition     = length(aws_elasticache_parameter_group.this[0].parameter) == 0
    error_message = "Cluster mode off sets no cluster-enabled parameter."
  }
  assert {
    condition     = length(module.security_group) == 1 && aws_elasticache_replication_group.this[0].security_group_ids == toset(["sg-0aaaaaaaaaaaaaaaa"])
    error_message = "The replication group must sit in its own security group only."
  }
  assert {
    condition     = length(module.cloudwatch_log_group) == 2 && length(aws_elasticache_replication_group.this[0].log_delivery_configuration) == 2
    error_message = "Slow and engine logs must both be delivered."
  }
  assert {
    condition = alltrue([
      for l in aws_elasticache_replication_group.this[0].log_delivery_configuration :
      l.destination_type == "cloudwatch-logs" && l.log_format == "json" && l.destination == "/aws/elasticache/orders-cache/${l.log_type}"
    ])
    error_message = "Each log type must go as JSON to its own log group /aws/elasticache/NAME/TYPE."
  }
  assert {
    condition     = module.cloudwatch_log_group["slow-log"].cloudwatch_log_group_name == "/aws/elasticache/orders-cache/slow-log"
    error_message = "The slow log group must be named /aws/elasticache/NAME/slow-log."
  }
  assert {
    condition     = aws_elasticache_replication_group.this[0].tags["Name"] == "orders-cache" && aws_elasticache_replication_group.this[0].tags["Service"] == "orders"
    error_message = "Tags must carry Name and the caller's tags."
  }
  assert {
    condition     = aws_elasticache_subnet_group.this[0].tags["Service"] == "orders" && aws_elasticache_parameter_group.this[0].tags["Name"] == "orders-cache"
    error_message = "Subnet and parameter groups must be tagged too."
  }

  # was run "security_group_rules"
  assert {
    condition     = length(local.sg_ingress_rules) == 2
    error_message = "One ingress rule per allowed security group and CIDR block."
  }
  assert {
    condition     = local.sg_ingress_rules["sg-api"].referenced_security_group_id == "sg-0123456789abcdef0" && local.sg_ingress_rules["sg-api"].from_port == 6379 && local.sg_ingress_rules["sg-api"].to_port == 6379
    error_message = "The api security group must be admitted on 6379 only."
  }
  assert {
    condition     = local.sg_ingress_rules["cidr-batch"].cidr_ipv4 == "10.20.0.0/24" && local.sg_ingress_rules["cidr-batch"].ip_protocol == "tcp"
    error_message = "The batch CIDR must be admitted over TCP."
  }
}

run "cluster_mode" {
  command = plan

  variables {
    cluster_mode_enabled    = true
    num_node_groups         = 3
    replicas_per_node_group = 2
  }

  assert {
    condition     = aws_elasticache_replication_group.this[0].cluster_mode == "enabled"
    error_message = "cluster_mode_enabled must switch the replication group to cluster mode."
  }
  assert {
    condition     = aws_elasticache_replication_group.this[0].num_node_groups == 3 && aws_elasticache_replication_group.this[0].replicas_per_node_group == 2
    error_message = "Shards and replicas must come from num_node_groups and replicas_per_node_group."
  }
  assert {
    condition     = [for p in aws_elasticache_parameter_group.this[0].parameter : p.value if p.name == "cluster-enabled"] == ["yes"]
    error_message = "The parameter group must set cluster-enabled = yes in cluster mode."
  }
}

run "valkey_and_parameters" {
  command = plan

  variables {
    engine     = "valkey"
    parameters = { "maxmemory-policy" = "allkeys-lru" }
  }

  assert {
    condition     = aws_elasticache_replication_group.this[0].engine == "valkey" && aws_elasticache_replication_group.this[0].engine_version == "8.0"
    error_message = "valkey defaults to 8.0."
  }
  assert {
    condition     = aws_elasticache_parameter_group.this[0].family == "valkey8" && aws_elasticache_parameter_group.this[0].name == "orders-cache-valkey8"
    error_message = "valkey 8.0 uses the valkey8 family."
  }
  assert {
    condition     = [for p in aws_elasticache_parameter_group.this[0].parameter : "${p.name}=${p.value}"] == ["maxmemory-policy=allkeys-lru"]
    error_message = "parameters must become parameter group entries."
  }
}

run "redis6_family" {
  command = plan

  variables {
    engine_version = "6.2"
  }

  assert {
    condition     = aws_elasticache_parameter_group.this[0].family == "redis6.x" && aws_elasticache_parameter_group.this[0].name == "orders-cache-redis6-x"
    error_message = "redis 6.2 uses the redis6.x family, with the dot replaced in the name."
  }
}

run "auth_token_from_json_key" {
  command = plan

  variables {
    auth_token_secret = {
      secret_arn    = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:orders-cache-auth-AbCdEf"
      version_stage = "AWSPENDING"
      json_key      = "token"
    }
  }

  override_data {
    target = data.aws_secretsmanager_secret_version.auth_token[0]
    values = { secret_string = "{\"token\":\"json-auth-token-0123456789abcdef\",\"other\":\"x\"}" }
  }

  assert {
    condition     = aws_elasticache_replication_group.this[0].auth_token == "json-auth-token-0123456789abcdef"
    error_message = "json_key must select that key of a JSON secret."
  }
  assert {
    condition     = data.aws_secretsmanager_secret_version.auth_token[0].version_stage == "AWSPENDING"
    error_message = "version_stage must be passed to the data source."
  }
}

run "rbac_user_groups" {
  command = plan

  variables {
    auth_token_secret = null
    user_group_ids    = ["orders-users"]
  }

  assert {
    condition     = aws_elasticache_replication_group.this[0].user_group_ids == toset(["orders-users"])
    error_message = "RBAC user groups must be attached."
  }
  assert {
    condition     = aws_elasticache_replication_group.this[0].auth_token == null && aws_elasticache_replication_group.this[0].auth_token_update_strategy == null
    error_message = "No AUTH token with RBAC."
  }
  assert {
    condition     = length(data.aws_secretsmanager_secret_version.auth_token) == 0
    error_message = "No secret is read with RBAC."
  }
}

run "serverless" {
  command = plan

  variables {
    serverless        = true
    engine            = "valkey"
    auth_token_secret = null
    user_group_ids    = ["orders-users"]
    serverless_cache_usage_limits = {
      data_storage_maximum_gb = 10
      ecpu_per_second_maximum = 5000
    }
  }

  assert {
    condition     = length(aws_elasticache_serverless_cache.this) == 1 && length(aws_elasticache_replication_group.this) == 0
    error_message = "serverless must create a serverless cache instead of a replication group."
  }
  assert {
    condition     = length(aws_elasticache_subnet_group.this) + length(aws_elasticache_parameter_group.this) + length(module.cloudwatch_log_group) == 0
    error_message = "A serverless cache has no subnet group, parameter group or log groups."
  }
  assert {
    condition     = aws_elasticache_serverless_cache.this[0].kms_key_id == var.kms_key_arn && aws_elasticache_serverless_cache.this[0].major_engine_version == "8"
    error_message = "The serverless cache must use the KMS key and the major engine version."
  }
  assert {
    condition     = aws_elasticache_serverless_cache.this[0].user_group_id == "orders-users" && aws_elasticache_serverless_cache.this[0].subnet_ids == toset(var.subnet_ids)
    error_message = "The serverless cache must use the user group and the given subnets."
  }
  assert {
    condition     = aws_elasticache_serverless_cache.this[0].snapshot_retention_limit == 7 && aws_elasticache_serverless_cache.this[0].daily_snapshot_time == "17:00"
    error_message = "The serverless cache keeps 7 days of daily snapshots taken at the snapshot window's start."
  }
  assert {
    condition     = aws_elasticache_serverless_cache.this[0].cache_usage_limits[0].data_storage[0].maximum == 10 && aws_elasticache_serverless_cache.this[0].cache_usage_limits[0].data_storage[0].unit == "GB" && aws_elasticache_serverless_cache.this[0].cache_usage_limits[0].ecpu_per_second[0].maximum == 5000
    error_message = "Usage limits must be passed on."
  }
  assert {
    condition     = local.sg_ingress_rules["sg-api"].from_port == 6379 && local.sg_ingress_rules["sg-api"].to_port == 6380
    error_message = "A serverless cache's security group must open 6379 (primary) and 6380 (reader)."
  }
  assert {
    condition     = aws_elasticache_serverless_cache.this[0].security_group_ids == toset(["sg-0aaaaaaaaaaaaaaaa"])
    error_message = "The serverless cache must sit in the module's security group."
  }
}

run "create_false" {
  command = plan

  variables {
    create            = false
    auth_token_secret = null
  }

  assert {
    condition = (
      length(aws_elasticache_replication_group.this) + length(aws_elasticache_serverless_cache.this) +
      length(aws_elasticache_subnet_group.this) + length(aws_elasticache_parameter_group.this) +
      length(module.security_group) + length(module.cloudwatch_log_group) + length(data.aws_secretsmanager_secret_version.auth_token)
    ) == 0
    error_message = "create = false must create nothing and read no secret."
  }
  assert {
    condition     = output.replication_group_id == null && output.port == null
    error_message = "Outputs must be null with create = false."
  }
}

run "toggles_off" {
  command = plan

  variables {
    log_types              = []
    skip_final_snapshot    = true
    create_security_group  = false
    security_group_ids     = ["sg-0bbbbbbbbbbbbbbbb"]
    create_subnet_group    = false
    subnet_group_name      = "shared-cache-subnets"
    create_parameter_group = false
    parameter_group_name   = "shared-redis7"
  }

  assert {
    condition     = length(module.cloudwatch_log_group) == 0 && length(aws_elasticache_replication_group.this[0].log_delivery_configuration) == 0
    error_message = "log_types = [] must create no log groups and deliver no logs."
  }
  assert {
    condition     = aws_elasticache_replication_group.this[0].final_snapshot_identifier == null
    error_message = "skip_final_snapshot must drop the final snapshot."
  }
  assert {
    condition     = length(module.security_group) == 0 && aws_elasticache_replication_group.this[0].security_group_ids == toset(["sg-0bbbbbbbbbbbbbbbb"])
    error_message = "create_security_group = false must use only the given security groups."
  }
  assert {
    condition     = length(aws_elasticache_subnet_group.this) == 0 && aws_elasticache_replication_group.this[0].subnet_group_name == "shared-cache-subnets"
    error_message = "create_subnet_group = false must use the named subnet group."
  }
  assert {
    condition     = length(aws_elasticache_parameter_group.this) == 0 && aws_elasticache_replication_group.this[0].parameter_group_name == "shared-redis7"
    error_message = "create_parameter_group = false must use the named parameter group."
  }
}

run "single_node_without_failover" {
  command = plan

  variables {
    num_cache_clusters         = 1
    automatic_failover_enabled = false
    multi_az_enabled           = false
  }

  assert {
    condition     = aws_elasticache_replication_group.this[0].num_cache_clusters == 1 && aws_elasticache_replication_group.this[0].multi_az_enabled == false
    error_message = "A single node without failover must be possible when asked for explicitly."
  }
}

run "apply_outputs" {
  command = apply

  override_resource {
    target = aws_elasticache_replication_group.this[0]
    values = {
      arn                      = "arn:aws:elasticache:ap-northeast-2:111122223333:replicationgroup:orders-cache"
      primary_endpoint_address = "master.orders-cache.abc123.apn2.cache.amazonaws.com"
    }
  }

  assert {
    condition     = output.replication_group_arn == "arn:aws:elasticache:ap-northeast-2:111122223333:replicationgroup:orders-cache"
    error_message = "replication_group_arn must be the replication group's ARN."
  }
  assert {
    condition     = output.replication_group_primary_endpoint_address == "master.orders-cache.abc123.apn2.cache.amazonaws.com"
    error_message = "The primary endpoint must be output."
  }
  assert {
    condition     = output.security_group_id == "sg-0aaaaaaaaaaaaaaaa" && output.port == 6379
    error_message = "security_group_id and port must be output."
  }
  assert {
    condition     = keys(output.cloudwatch_log_group_names) == ["engine-log", "slow-log"]
    error_message = "Log group names must be output by log type."
  }
}
