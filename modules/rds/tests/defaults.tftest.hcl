# PostgreSQL defaults, engine variants and toggles (mock provider, no AWS).

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

run "secure_defaults" {
  command = plan

  assert {
    condition     = aws_db_instance.this.identifier == "orders-db" && aws_db_instance.this.engine == "postgres" && aws_db_instance.this.engine_version == "17"
    error_message = "The default is PostgreSQL 17 named after the module."
  }
  assert {
    condition     = aws_db_instance.this.storage_encrypted == true && aws_db_instance.this.kms_key_id == var.kms_key_arn
    error_message = "Storage must be encrypted with the given key."
  }
  assert {
    condition     = aws_db_instance.this.publicly_accessible == false
    error_message = "The instance must not be public."
  }
  assert {
    condition     = aws_db_instance.this.multi_az == true
    error_message = "Multi-AZ must be on by default."
  }
  assert {
    condition     = aws_db_instance.this.manage_master_user_password == true && aws_db_instance.this.master_user_secret_kms_key_id == var.kms_key_arn
    error_message = "RDS must manage the master password in Secrets Manager, encrypted with the customer key."
  }
  assert {
    condition     = aws_db_instance.this.password == null && aws_db_instance.this.username == "dbadmin"
    error_message = "No password may pass through Terraform."
  }
  assert {
    condition     = aws_db_instance.this.deletion_protection == true && aws_db_instance.this.skip_final_snapshot == false && aws_db_instance.this.final_snapshot_identifier == "orders-db-final"
    error_message = "Deletion protection and a final snapshot must be on."
  }
  assert {
    condition     = aws_db_instance.this.backup_retention_period == 7 && aws_db_instance.this.backup_window == "16:00-17:00" && aws_db_instance.this.maintenance_window == "sun:17:30-sun:18:30"
    error_message = "Backups must be kept 7 days in the default windows."
  }
  assert {
    condition     = aws_db_instance.this.copy_tags_to_snapshot == true && aws_db_instance.this.auto_minor_version_upgrade == true && aws_db_instance.this.delete_automated_backups == false
    error_message = "Snapshots carry tags, minor upgrades are automatic, backups outlive the instance."
  }
  assert {
    condition     = aws_db_instance.this.performance_insights_enabled == true && aws_db_instance.this.performance_insights_kms_key_id == var.kms_key_arn && aws_db_instance.this.performance_insights_retention_period == 7
    error_message = "Performance Insights must be on, encrypted with the key, kept 7 days."
  }
  assert {
    condition     = aws_db_instance.this.monitoring_interval == 60 && length(module.monitoring_role) == 1
    error_message = "Enhanced Monitoring every 60 s with the module's own role."
  }
  assert {
    condition     = aws_db_instance.this.enabled_cloudwatch_logs_exports == toset(["postgresql", "upgrade"])
    error_message = "postgresql and upgrade logs must be exported."
  }
  assert {
    condition     = module.cloudwatch_log_group["postgresql"].cloudwatch_log_group_name == "/aws/rds/instance/orders-db/postgresql" && module.cloudwatch_log_group["upgrade"].cloudwatch_log_group_name == "/aws/rds/instance/orders-db/upgrade"
    error_message = "Each exported log needs its log group /aws/rds/instance/NAME/LOG."
  }
  assert {
    condition     = aws_db_instance.this.iam_database_authentication_enabled == true && aws_db_instance.this.ca_cert_identifier == "rds-ca-rsa2048-g1"
    error_message = "IAM authentication on, RSA 2048 G1 CA."
  }
  assert {
    condition     = aws_db_instance.this.port == 5432
    error_message = "PostgreSQL listens on 5432 by default."
  }
  assert {
    condition     = aws_db_instance.this.storage_type == "gp3" && aws_db_instance.this.allocated_storage == 20 && aws_db_instance.this.max_allocated_storage == 100
    error_message = "gp3, 20 GiB, autoscaling to 100 GiB."
  }
  assert {
    condition     = aws_db_instance.this.db_subnet_group_name == "orders-db" && aws_db_subnet_group.this[0].subnet_ids == toset(var.subnet_ids)
    error_message = "The instance must use its own subnet group of the given subnets."
  }
  assert {
    condition     = aws_db_instance.this.vpc_security_group_ids == toset(["sg-0aaaaaaaaaaaaaaaa"])
    error_message = "The instance must sit in the module's security group only."
  }
  assert {
    condition     = aws_db_parameter_group.this[0].family == "postgres17" && aws_db_parameter_group.this[0].name_prefix == "orders-db-"
    error_message = "The parameter group must follow the engine version (postgres17)."
  }
  assert {
    condition = {
      for p in aws_db_parameter_group.this[0].parameter : p.name => p.value
      } == {
      "rds.force_ssl"              = "1"
      "log_statement"              = "ddl"
      "log_min_duration_statement" = "1000"
    }
    error_message = "PostgreSQL defaults: TLS enforced, DDL and slow statements logged."
  }
  assert {
    condition     = aws_db_instance.this.tags["Name"] == "orders-db" && aws_db_instance.this.tags["Service"] == "orders" && aws_db_subnet_group.this[0].tags["Name"] == "orders-db"
    error_message = "Tags must carry Name and the caller's tags."
  }
  # was run "security_group_rules" (same inputs)
  assert {
    condition     = keys(local.sg_ingress_rules) == ["cidr-vpn", "sg-api"]
    error_message = "One ingress rule per allowed security group and CIDR block, nothing else."
  }
  assert {
    condition     = local.sg_ingress_rules["sg-api"].referenced_security_group_id == "sg-0123456789abcdef0" && local.sg_ingress_rules["sg-api"].from_port == 5432 && local.sg_ingress_rules["sg-api"].to_port == 5432
    error_message = "The api security group must be admitted on 5432 only."
  }
  assert {
    condition     = local.sg_ingress_rules["cidr-vpn"].cidr_ipv4 == "10.100.0.0/16" && local.sg_ingress_rules["cidr-vpn"].ip_protocol == "tcp"
    error_message = "The VPN CIDR must be admitted over TCP."
  }
}

run "ca_cert_identifier_unset_for_the_emulator" {
  command = plan

  variables {
    ca_cert_identifier = null
  }

  # The provider's answer stands in for moto's (rds-ca-default): a value only the provider can set.
  override_resource {
    target          = aws_db_instance.this
    override_during = plan
    values          = { ca_cert_identifier = "rds-ca-default" }
  }

  assert {
    condition     = aws_db_instance.this.ca_cert_identifier == "rds-ca-default" && output.db_instance_ca_cert_identifier == "rds-ca-default"
    error_message = "ca_cert_identifier = null must leave the CA out of the configuration (the instance keeps what RDS reports)."
  }
}

run "ca_cert_identifier_set_wins_over_the_provider" {
  command = plan

  override_resource {
    target          = aws_db_instance.this
    override_during = plan
    values          = { ca_cert_identifier = "rds-ca-default" }
  }

  assert {
    condition     = aws_db_instance.this.ca_cert_identifier == "rds-ca-rsa2048-g1"
    error_message = "By default the module sets the RSA 2048 G1 CA, whatever RDS would pick."
  }
}

run "mysql" {
  command = plan

  variables {
    engine = "mysql"
  }

  assert {
    condition     = aws_db_instance.this.engine_version == "8.0" && aws_db_parameter_group.this[0].family == "mysql8.0" && aws_db_instance.this.port == 3306
    error_message = "mysql defaults to 8.0, family mysql8.0, port 3306."
  }
  assert {
    condition     = aws_db_instance.this.enabled_cloudwatch_logs_exports == toset(["audit", "error", "general", "slowquery"]) && length(module.cloudwatch_log_group) == 4
    error_message = "mysql exports audit, error, general and slowquery logs, each to its own log group."
  }
  assert {
    condition     = [for p in aws_db_parameter_group.this[0].parameter : p.value if p.name == "require_secure_transport"] == ["1"]
    error_message = "mysql must require TLS."
  }
}

run "mariadb_version_family" {
  command = plan

  variables {
    engine         = "mariadb"
    engine_version = "10.11.9"
  }

  assert {
    condition     = aws_db_parameter_group.this[0].family == "mariadb10.11"
    error_message = "mariadb 10.11.9 uses the mariadb10.11 family."
  }
}

run "custom_parameters_and_logs" {
  command = plan

  variables {
    engine_version                  = "16.4"
    enabled_cloudwatch_logs_exports = ["postgresql", "upgrade", "iam-db-auth-error"]
    parameters = {
      log_min_duration_statement = { value = "500" }
      shared_preload_libraries   = { value = "pg_stat_statements", apply_method = "pending-reboot" }
    }
  }

  assert {
    condition     = aws_db_parameter_group.this[0].family == "postgres16"
    error_message = "16.4 uses postgres16."
  }
  assert {
    condition     = [for p in aws_db_parameter_group.this[0].parameter : p.value if p.name == "log_min_duration_statement"] == ["500"]
    error_message = "A caller's parameter must override the module default."
  }
  assert {
    condition     = [for p in aws_db_parameter_group.this[0].parameter : p.apply_method if p.name == "shared_preload_libraries"] == ["pending-reboot"]
    error_message = "apply_method must be passed on."
  }
  assert {
    condition     = [for p in aws_db_parameter_group.this[0].parameter : p.value if p.name == "rds.force_ssl"] == ["1"]
    error_message = "Module defaults stay unless overridden."
  }
  assert {
    condition     = length(module.cloudwatch_log_group) == 3 && contains(keys(module.cloudwatch_log_group), "iam-db-auth-error")
    error_message = "Every exported log gets a log group."
  }
}

run "monitoring_off_and_pi_off" {
  command = plan

  variables {
    monitoring_interval          = 0
    performance_insights_enabled = false
  }

  assert {
    condition     = length(module.monitoring_role) == 0 && aws_db_instance.this.monitoring_interval == 0
    error_message = "monitoring_interval = 0 must create no monitoring role."
  }
  assert {
    condition     = aws_db_instance.this.performance_insights_enabled == false
    error_message = "performance_insights_enabled = false must turn Performance Insights off."
  }
}

run "existing_monitoring_role_and_keys" {
  command = plan

  variables {
    create_monitoring_role           = false
    monitoring_role_arn              = "arn:aws:iam::111122223333:role/rds-monitoring"
    master_user_secret_kms_key_id    = "arn:aws:kms:ap-northeast-2:111122223333:key/aaaaaaaa-2222-3333-4444-555555555555"
    performance_insights_kms_key_id  = "arn:aws:kms:ap-northeast-2:111122223333:key/bbbbbbbb-2222-3333-4444-555555555555"
    cloudwatch_log_group_kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/cccccccc-2222-3333-4444-555555555555"
  }

  assert {
    condition     = length(module.monitoring_role) == 0 && aws_db_instance.this.monitoring_role_arn == "arn:aws:iam::111122223333:role/rds-monitoring"
    error_message = "The given monitoring role must be used."
  }
  assert {
    condition     = aws_db_instance.this.master_user_secret_kms_key_id == var.master_user_secret_kms_key_id && aws_db_instance.this.performance_insights_kms_key_id == var.performance_insights_kms_key_id
    error_message = "Separate keys for the secret and Performance Insights must be used."
  }
  assert {
    condition     = aws_db_instance.this.kms_key_id == var.kms_key_arn
    error_message = "Storage stays on kms_key_arn."
  }
}

run "toggles_off" {
  command = plan

  variables {
    create_security_group       = false
    vpc_security_group_ids      = ["sg-0bbbbbbbbbbbbbbbb"]
    create_db_subnet_group      = false
    db_subnet_group_name        = "shared-db-subnets"
    create_db_parameter_group   = false
    parameter_group_name        = "shared-postgres17"
    create_cloudwatch_log_group = false
    skip_final_snapshot         = true
    deletion_protection         = false
    multi_az                    = false
  }

  assert {
    condition     = length(module.security_group) == 0 && aws_db_instance.this.vpc_security_group_ids == toset(["sg-0bbbbbbbbbbbbbbbb"])
    error_message = "create_security_group = false must use only the given security groups."
  }
  assert {
    condition     = length(aws_db_subnet_group.this) == 0 && aws_db_instance.this.db_subnet_group_name == "shared-db-subnets"
    error_message = "create_db_subnet_group = false must use the named subnet group."
  }
  assert {
    condition     = length(aws_db_parameter_group.this) == 0 && aws_db_instance.this.parameter_group_name == "shared-postgres17"
    error_message = "create_db_parameter_group = false must use the named parameter group."
  }
  assert {
    condition     = length(module.cloudwatch_log_group) == 0 && length(aws_db_instance.this.enabled_cloudwatch_logs_exports) == 2
    error_message = "create_cloudwatch_log_group = false creates no log groups but still exports the logs."
  }
  assert {
    condition     = aws_db_instance.this.final_snapshot_identifier == null && aws_db_instance.this.skip_final_snapshot == true
    error_message = "skip_final_snapshot must drop the final snapshot."
  }
  assert {
    condition     = aws_db_instance.this.deletion_protection == false && aws_db_instance.this.multi_az == false
    error_message = "Explicit opt-outs must be honoured."
  }
}

run "apply_outputs" {
  command = apply

  override_resource {
    target = aws_db_instance.this
    values = {
      arn         = "arn:aws:rds:ap-northeast-2:111122223333:db:orders-db"
      address     = "orders-db.abc123.ap-northeast-2.rds.amazonaws.com"
      endpoint    = "orders-db.abc123.ap-northeast-2.rds.amazonaws.com:5432"
      resource_id = "db-ABCDEFGHIJKLMNOP"
      master_user_secret = [{
        kms_key_id    = "arn:aws:kms:ap-northeast-2:111122223333:key/11111111-2222-3333-4444-555555555555"
        secret_arn    = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:rds!db-1234-AbCdEf"
        secret_status = "active"
      }]
    }
  }

  assert {
    condition     = output.db_instance_master_user_secret_arn == "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:rds!db-1234-AbCdEf"
    error_message = "The master user secret ARN must be output."
  }
  assert {
    condition     = output.db_instance_endpoint == "orders-db.abc123.ap-northeast-2.rds.amazonaws.com:5432" && output.db_instance_resource_id == "db-ABCDEFGHIJKLMNOP"
    error_message = "Endpoint and resource ID must be output."
  }
  assert {
    condition     = output.enhanced_monitoring_iam_role_arn == "arn:aws:iam::111122223333:role/orders-db-rds-monitoring" && aws_db_instance.this.monitoring_role_arn == output.enhanced_monitoring_iam_role_arn
    error_message = "The instance must use the created monitoring role."
  }
  assert {
    condition     = output.security_group_id == "sg-0aaaaaaaaaaaaaaaa" && output.db_subnet_group_name == "orders-db"
    error_message = "Security group and subnet group must be output."
  }
  assert {
    condition     = output.db_instance_cloudwatch_log_groups["postgresql"].name == "/aws/rds/instance/orders-db/postgresql"
    error_message = "Log groups must be output by log."
  }
}
