# One run per input validation: each must reject the bad value (mock provider, no AWS).

mock_provider "aws" {
  source = "../_test-mocks/aws" # caller identity, region, partition, policy document, security group
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::111122223333:role/orders-db-rds-monitoring" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:ap-northeast-2:111122223333:log-group:mock" }
  }
}

variables {
  name                    = "orders-db"
  instance_class          = "db.t4g.medium"
  vpc_id                  = "vpc-0123456789abcdef0"
  subnet_ids              = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1", "subnet-0123456789abcdef2"]
  kms_key_arn             = "arn:aws:kms:ap-northeast-2:111122223333:key/11111111-2222-3333-4444-555555555555"
  allowed_security_groups = { api = "sg-0123456789abcdef0" }
  allowed_cidr_blocks     = { vpn = "10.100.0.0/16" }
  tags                    = { Service = "orders" }
}


run "name_invalid" {
  command = plan

  variables {
    name = "Orders_DB"
  }

  expect_failures = [var.name]
}

run "engine_invalid" {
  command = plan

  variables {
    engine = "oracle-ee"
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

run "instance_class_invalid" {
  command = plan

  variables {
    instance_class = "m7g.large"
  }

  expect_failures = [var.instance_class]
}

run "db_name_invalid" {
  command = plan

  variables {
    db_name = "orders-db"
  }

  expect_failures = [var.db_name]
}

run "username_reserved" {
  command = plan

  variables {
    username = "rdsadmin"
  }

  expect_failures = [var.username]
}

run "port_invalid" {
  command = plan

  variables {
    port = 80
  }

  expect_failures = [var.port]
}

run "allocated_storage_too_small" {
  command = plan

  variables {
    allocated_storage = 10
  }

  expect_failures = [var.allocated_storage]
}

run "max_allocated_storage_below_allocated" {
  command = plan

  variables {
    allocated_storage     = 200
    max_allocated_storage = 100
  }

  expect_failures = [var.max_allocated_storage]
}

run "storage_type_invalid" {
  command = plan

  variables {
    storage_type = "standard"
  }

  expect_failures = [var.storage_type]
}

run "ca_cert_identifier_invalid" {
  command = plan

  variables {
    ca_cert_identifier = "rds-ca-2019"
  }

  expect_failures = [var.ca_cert_identifier]
}

run "kms_key_arn_alias" {
  command = plan

  variables {
    kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:alias/rds"
  }

  expect_failures = [var.kms_key_arn]
}

run "master_user_secret_kms_key_id_alias" {
  command = plan

  variables {
    master_user_secret_kms_key_id = "arn:aws:kms:ap-northeast-2:111122223333:alias/rds"
  }

  expect_failures = [var.master_user_secret_kms_key_id]
}

run "backup_retention_period_too_short" {
  command = plan

  variables {
    backup_retention_period = 3
  }

  expect_failures = [var.backup_retention_period]
}

run "backup_window_invalid" {
  command = plan

  variables {
    backup_window = "1am-2am"
  }

  expect_failures = [var.backup_window]
}

run "maintenance_window_invalid" {
  command = plan

  variables {
    maintenance_window = "Sun 02:00"
  }

  expect_failures = [var.maintenance_window]
}

run "final_snapshot_identifier_invalid" {
  command = plan

  variables {
    final_snapshot_identifier = "1-final"
  }

  expect_failures = [var.final_snapshot_identifier]
}

run "performance_insights_kms_key_id_alias" {
  command = plan

  variables {
    performance_insights_kms_key_id = "arn:aws:kms:ap-northeast-2:111122223333:alias/rds"
  }

  expect_failures = [var.performance_insights_kms_key_id]
}

run "performance_insights_retention_period_invalid" {
  command = plan

  variables {
    performance_insights_retention_period = 30
  }

  expect_failures = [var.performance_insights_retention_period]
}

run "monitoring_interval_invalid" {
  command = plan

  variables {
    monitoring_interval = 20
  }

  expect_failures = [var.monitoring_interval]
}

run "monitoring_role_arn_invalid" {
  command = plan

  variables {
    monitoring_role_arn = "rds-monitoring"
  }

  expect_failures = [var.monitoring_role_arn]
}

run "monitoring_role_arn_missing" {
  command = plan

  variables {
    create_monitoring_role = false
  }

  expect_failures = [var.monitoring_role_arn]
}

run "logs_exports_wrong_engine" {
  command = plan

  variables {
    enabled_cloudwatch_logs_exports = ["postgresql", "slowquery"]
  }

  expect_failures = [var.enabled_cloudwatch_logs_exports]
}

run "cloudwatch_log_group_kms_key_arn_alias" {
  command = plan

  variables {
    cloudwatch_log_group_kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:alias/rds"
  }

  expect_failures = [var.cloudwatch_log_group_kms_key_arn]
}

run "cloudwatch_log_group_retention_invalid" {
  command = plan

  variables {
    cloudwatch_log_group_retention_in_days = 100
  }

  expect_failures = [var.cloudwatch_log_group_retention_in_days]
}

run "cloudwatch_log_group_class_invalid" {
  command = plan

  variables {
    cloudwatch_log_group_class = "ARCHIVE"
  }

  expect_failures = [var.cloudwatch_log_group_class]
}

run "vpc_id_invalid" {
  command = plan

  variables {
    vpc_id = "my-vpc"
  }

  expect_failures = [var.vpc_id]
}

run "subnet_ids_invalid" {
  command = plan

  variables {
    subnet_ids = ["subnet_a", "subnet_b"]
  }

  expect_failures = [var.subnet_ids]
}

run "subnet_ids_single" {
  command = plan

  variables {
    subnet_ids = ["subnet-0123456789abcdef0"]
  }

  expect_failures = [var.subnet_ids]
}

run "db_subnet_group_name_missing" {
  command = plan

  variables {
    create_db_subnet_group = false
  }

  expect_failures = [var.db_subnet_group_name]
}

run "allowed_security_groups_invalid" {
  command = plan

  variables {
    allowed_security_groups = { api = "api" }
  }

  expect_failures = [var.allowed_security_groups]
}

run "allowed_cidr_blocks_invalid" {
  command = plan

  variables {
    allowed_cidr_blocks = { office = "10.0.0.300/24" }
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

run "vpc_security_group_ids_invalid" {
  command = plan

  variables {
    vpc_security_group_ids = ["default"]
  }

  expect_failures = [var.vpc_security_group_ids]
}

run "vpc_security_group_ids_missing" {
  command = plan

  variables {
    create_security_group = false
  }

  expect_failures = [var.vpc_security_group_ids]
}

run "parameter_group_name_missing" {
  command = plan

  variables {
    create_db_parameter_group = false
  }

  expect_failures = [var.parameter_group_name]
}

run "family_invalid" {
  command = plan

  variables {
    family = "aurora-postgresql16"
  }

  expect_failures = [var.family]
}

run "parameters_apply_method_invalid" {
  command = plan

  variables {
    parameters = { work_mem = { value = "65536", apply_method = "now" } }
  }

  expect_failures = [var.parameters]
}
