# The shared PostgreSQL and Redis/Valkey, the keys they use, who may connect, and the toggles
# (mock provider, no AWS). The rds and elasticache modules test their own secure defaults.

mock_provider "aws" {
  source = "../_test-mocks/aws" # caller identity, region, partition, policy document, security group
  mock_data "aws_secretsmanager_secret_version" {
    defaults = { secret_string = "mock-auth-token-0123456789abcdef" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::111122223333:role/connectly-test-postgres-rds-monitoring" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:ap-northeast-2:111122223333:log-group:mock" }
  }
  mock_resource "aws_db_instance" {
    defaults = {
      address            = "connectly-test-postgres.abcdefghij.ap-northeast-2.rds.amazonaws.com"
      endpoint           = "connectly-test-postgres.abcdefghij.ap-northeast-2.rds.amazonaws.com:5432"
      master_user_secret = [{ secret_arn = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:rds!db-mock-AbCdEf", kms_key_id = "mock", secret_status = "active" }]
    }
  }
}

variables {
  name                       = "connectly-test"
  vpc_id                     = "vpc-0123456789abcdef0"
  subnet_ids                 = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1", "subnet-0123456789abcdef2"]
  kms_key_arn                = "arn:aws:kms:ap-northeast-2:111122223333:key/11111111-1111-1111-1111-111111111111"
  secrets_kms_key_arn        = "arn:aws:kms:ap-northeast-2:111122223333:key/22222222-2222-2222-2222-222222222222"
  logs_kms_key_arn           = "arn:aws:kms:ap-northeast-2:111122223333:key/33333333-3333-3333-3333-333333333333"
  allowed_cidr_blocks        = { private-a = "10.10.32.0/19" }
  allowed_security_groups    = { api = "sg-0123456789abcdef0" }
  rotation_security_group_id = "sg-0fedcba9876543210"
  redis = {
    auth_token_secret_arn = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:connectly-test/shared-redis-auth-AbCdEf"
  }
  tags = { Team = "platform" }
}

run "both_stores_by_default" {
  command = plan

  assert {
    condition     = length(module.postgres) == 1 && length(module.redis) == 1
    error_message = "The layer creates the shared PostgreSQL and the shared cache."
  }
  assert {
    condition     = module.postgres[0].db_instance_identifier == "connectly-test-postgres" && module.postgres[0].db_instance_port == 5432 && module.postgres[0].db_instance_name == "connectly"
    error_message = "PostgreSQL is NAME-postgres on 5432 with the connectly database."
  }
  assert {
    condition     = module.redis[0].port == 6379 && module.redis[0].subnet_group_name == "connectly-test-redis"
    error_message = "The cache is NAME-redis on 6379."
  }
  # was run "who_may_connect" (same inputs)
  assert {
    condition = local.postgres_allowed_security_groups == tomap({
      api              = "sg-0123456789abcdef0"
      secrets-rotation = "sg-0fedcba9876543210"
    })
    error_message = "PostgreSQL admits the clients and the secrets layer's rotation function; nothing else."
  }
  assert {
    condition     = length(module.postgres[0].security_group_id) > 0 && length(module.redis[0].security_group_id) > 0
    error_message = "Each store has its own security group."
  }
  # was run "keys" (same inputs)
  assert {
    condition     = local.redis_kms_key_arn == var.kms_key_arn
    error_message = "The cache is encrypted with the rds key unless redis_kms_key_arn is set."
  }
}

run "redis_key_override" {
  command = plan

  variables {
    redis_kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/44444444-4444-4444-4444-444444444444"
  }

  assert {
    condition     = local.redis_kms_key_arn == "arn:aws:kms:ap-northeast-2:111122223333:key/44444444-4444-4444-4444-444444444444"
    error_message = "redis_kms_key_arn replaces the rds key for the cache."
  }
}

# Before the apply run "outputs": afterwards the instance is in the state, and an unset CA keeps its value.
run "postgres_ca_certificate" {
  command = plan

  # The provider's answer stands in for moto's create response (rds-ca-default).
  override_resource {
    target          = module.postgres[0].aws_db_instance.this
    override_during = plan
    values          = { ca_cert_identifier = "rds-ca-default" }
  }

  assert {
    condition     = module.postgres[0].db_instance_ca_cert_identifier == "rds-ca-rsa2048-g1"
    error_message = "By default the shared PostgreSQL sets the RSA 2048 G1 CA, whatever RDS would pick."
  }
}

run "postgres_ca_certificate_unset_for_the_emulator" {
  command = plan

  variables {
    postgres_ca_cert_identifier = null
  }

  override_resource {
    target          = module.postgres[0].aws_db_instance.this
    override_during = plan
    values          = { ca_cert_identifier = "rds-ca-default" }
  }

  assert {
    condition     = module.postgres[0].db_instance_ca_cert_identifier == "rds-ca-default"
    error_message = "postgres_ca_cert_identifier = null must reach modules/rds as null: the CA is left to RDS (moto: no modify and second 80 s wait after create)."
  }
}

run "outputs" {
  command = apply

  assert {
    condition = (
      output.postgres_instance_identifier == "connectly-test-postgres" &&
      output.postgres_master_user_secret_arn == "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:rds!db-mock-AbCdEf" &&
      output.postgres_address == "connectly-test-postgres.abcdefghij.ap-northeast-2.rds.amazonaws.com" &&
      output.redis_port == 6379 && output.redis_replication_group_id != null
    )
    error_message = "Outputs name the instance, its address and the master password secret RDS manages."
  }
}

run "local_without_redis" {
  command = plan

  variables {
    create_redis = false
    redis        = {}
    postgres     = { create_db_parameter_group = false, parameter_group_name = "default.postgres17", performance_insights = false, deletion_protection = false, skip_final_snapshot = true }
  }

  assert {
    condition     = length(module.redis) == 0 && length(module.postgres) == 1
    error_message = "create_redis = false removes the cache and keeps PostgreSQL."
  }
  assert {
    condition     = output.redis_replication_group_id == null && output.redis_primary_endpoint == null && output.redis_security_group_id == null
    error_message = "Cache outputs are null without the cache."
  }
  assert {
    condition     = module.postgres[0].db_parameter_group_name == "default.postgres17"
    error_message = "An existing parameter group can be used instead of the module's."
  }
}

run "without_postgres" {
  command = plan

  variables {
    create_postgres = false
  }

  assert {
    condition     = length(module.postgres) == 0 && output.postgres_endpoint == null && output.postgres_master_user_secret_arn == null
    error_message = "create_postgres = false removes the instance and its outputs."
  }
}
