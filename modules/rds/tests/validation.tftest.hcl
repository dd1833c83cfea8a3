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

# Variable checks, several per run (issue 20: each run starts the provider): each run breaks several
# variables at once, each with the value its former one-check run used (named in the comment above it), and
# a run passes only if every listed variable fails, so a check that stops failing still fails its run.
# A variable with several checks appears in several runs; a check that reads other variables runs apart
# from the runs that set those.
run "invalid_inputs_1" {
  command = plan

  variables {
    # name_invalid
    name = "Orders_DB"
    # engine_invalid
    engine = "oracle-ee"
    # engine_version_invalid
    engine_version = "latest"
    # instance_class_invalid
    instance_class = "m7g.large"
    # db_name_invalid
    db_name = "orders-db"
    # username_reserved
    username = "rdsadmin"
    # port_invalid
    port = 80
    # allocated_storage_too_small
    allocated_storage = 10
    # storage_type_invalid
    storage_type = "standard"
    # ca_cert_identifier_invalid
    ca_cert_identifier = "rds-ca-2019"
    # kms_key_arn_alias
    kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:alias/rds"
    # master_user_secret_kms_key_id_alias
    master_user_secret_kms_key_id = "arn:aws:kms:ap-northeast-2:111122223333:alias/rds"
    # backup_retention_period_too_short
    backup_retention_period = 3
    # backup_window_invalid
    backup_window = "1am-2am"
    # maintenance_window_invalid
    maintenance_window = "Sun 02:00"
    # final_snapshot_identifier_invalid
    final_snapshot_identifier = "1-final"
    # performance_insights_kms_key_id_alias
    performance_insights_kms_key_id = "arn:aws:kms:ap-northeast-2:111122223333:alias/rds"
    # performance_insights_retention_period_invalid
    performance_insights_retention_period = 30
    # monitoring_interval_invalid
    monitoring_interval = 20
    # cloudwatch_log_group_kms_key_arn_alias
    cloudwatch_log_group_kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:alias/rds"
    # cloudwatch_log_group_retention_invalid
    cloudwatch_log_group_retention_in_days = 100
    # cloudwatch_log_group_class_invalid
    cloudwatch_log_group_class = "ARCHIVE"
    # vpc_id_invalid
    vpc_id = "my-vpc"
    # subnet_ids_invalid
    subnet_ids = ["subnet_a", "subnet_b"]
    # allowed_security_groups_invalid
    allowed_security_groups = { api = "api" }
    # allowed_cidr_blocks_invalid
    allowed_cidr_blocks = { office = "10.0.0.300/24" }
    # vpc_security_group_ids_invalid
    vpc_security_group_ids = ["default"]
    # parameter_group_name_missing
    create_db_parameter_group = false
    # family_invalid
    family = "aurora-postgresql16"
    # parameters_apply_method_invalid
    parameters = { work_mem = { value = "65536", apply_method = "now" } }
  }
  expect_failures = [var.name, var.engine, var.engine_version, var.instance_class, var.db_name, var.username, var.port, var.allocated_storage, var.storage_type, var.ca_cert_identifier, var.kms_key_arn, var.master_user_secret_kms_key_id, var.backup_retention_period, var.backup_window, var.maintenance_window, var.final_snapshot_identifier, var.performance_insights_kms_key_id, var.performance_insights_retention_period, var.monitoring_interval, var.cloudwatch_log_group_kms_key_arn, var.cloudwatch_log_group_retention_in_days, var.cloudwatch_log_group_class, var.vpc_id, var.subnet_ids, var.allowed_security_groups, var.allowed_cidr_blocks, var.vpc_security_group_ids, var.parameter_group_name, var.family, var.parameters]
}

run "invalid_inputs_2" {
  command = plan

  variables {
    # max_allocated_storage_below_allocated
    allocated_storage = 200
    # max_allocated_storage_below_allocated
    max_allocated_storage = 100
    # monitoring_role_arn_invalid
    monitoring_role_arn = "rds-monitoring"
    # logs_exports_wrong_engine
    enabled_cloudwatch_logs_exports = ["postgresql", "slowquery"]
    # subnet_ids_single
    subnet_ids = ["subnet-0123456789abcdef0"]
    # allowed_cidr_blocks_open
    allowed_cidr_blocks = { everyone = "0.0.0.0/0" }
    # vpc_security_group_ids_missing
    create_security_group = false
  }
  expect_failures = [var.max_allocated_storage, var.monitoring_role_arn, var.enabled_cloudwatch_logs_exports, var.subnet_ids, var.allowed_cidr_blocks, var.vpc_security_group_ids]
}

run "invalid_inputs_3" {
  command = plan

  variables {
    # monitoring_role_arn_missing
    create_monitoring_role = false
    # db_subnet_group_name_missing
    create_db_subnet_group = false
  }
  expect_failures = [var.monitoring_role_arn, var.db_subnet_group_name]
}

