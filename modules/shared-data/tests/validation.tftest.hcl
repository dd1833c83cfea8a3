# One run per input validation of this module (mock provider, plan only).

mock_provider "aws" {
  source = "../_test-mocks/aws" # caller identity, region, partition, policy document, security group
}

variables {
  name                = "connectly-test"
  vpc_id              = "vpc-0123456789abcdef0"
  subnet_ids          = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  kms_key_arn         = "arn:aws:kms:ap-northeast-2:111122223333:key/11111111-1111-1111-1111-111111111111"
  secrets_kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/22222222-2222-2222-2222-222222222222"
  logs_kms_key_arn    = "arn:aws:kms:ap-northeast-2:111122223333:key/33333333-3333-3333-3333-333333333333"
  create_redis        = false
}

# Variable checks, several per run (issue 20: each run starts the provider): each run breaks several
# variables at once, each with the value its former one-check run used (named in the comment above it), and
# a run passes only if every listed variable fails, so a check that stops failing still fails its run.
# A variable with several checks appears in several runs; a check that reads other variables runs apart
# from the runs that set those.
run "invalid_inputs_1" {
  command = plan

  variables {
    # name_format
    name = "connectly-shared-data-store-for-everyone"
    # vpc_id_format
    vpc_id = "vpc_main"
    # two_subnets
    subnet_ids = ["subnet-0123456789abcdef0"]
    # allowed_security_groups_ids
    allowed_security_groups = { api = "api-sg" }
    # no_open_cidr
    allowed_cidr_blocks = { world = "0.0.0.0/0" }
    # rotation_sg_format
    rotation_security_group_id = "rotation"
    # kms_key_format
    kms_key_arn = "alias/rds"
    # redis_kms_key_format
    redis_kms_key_arn = "alias/cache"
    # secrets_key_format
    secrets_kms_key_arn = "alias/secrets"
    # logs_key_format
    logs_kms_key_arn = "alias/logs"
    # log_group_class
    cloudwatch_log_group_class = "COLD"
    # redis_needs_auth_secret
    create_redis = true
    # redis_needs_auth_secret
    redis = {}
    # postgres_ca_cert_identifier_known_ca
    postgres_ca_cert_identifier = "rds-ca-2019"
  }
  expect_failures = [var.name, var.vpc_id, var.subnet_ids, var.allowed_security_groups, var.allowed_cidr_blocks, var.rotation_security_group_id, var.kms_key_arn, var.redis_kms_key_arn, var.secrets_kms_key_arn, var.logs_kms_key_arn, var.cloudwatch_log_group_class, var.redis, var.postgres_ca_cert_identifier]
}

