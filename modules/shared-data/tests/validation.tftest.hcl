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

run "name_format" {
  command = plan

  variables {
    name = "connectly-shared-data-store-for-everyone"
  }

  expect_failures = [var.name]
}

run "vpc_id_format" {
  command = plan

  variables {
    vpc_id = "vpc_main"
  }

  expect_failures = [var.vpc_id]
}

run "two_subnets" {
  command = plan

  variables {
    subnet_ids = ["subnet-0123456789abcdef0"]
  }

  expect_failures = [var.subnet_ids]
}

run "allowed_security_groups_ids" {
  command = plan

  variables {
    allowed_security_groups = { api = "api-sg" }
  }

  expect_failures = [var.allowed_security_groups]
}

run "no_open_cidr" {
  command = plan

  variables {
    allowed_cidr_blocks = { world = "0.0.0.0/0" }
  }

  expect_failures = [var.allowed_cidr_blocks]
}

run "rotation_sg_format" {
  command = plan

  variables {
    rotation_security_group_id = "rotation"
  }

  expect_failures = [var.rotation_security_group_id]
}

run "kms_key_format" {
  command = plan

  variables {
    kms_key_arn = "alias/rds"
  }

  expect_failures = [var.kms_key_arn]
}

run "redis_kms_key_format" {
  command = plan

  variables {
    redis_kms_key_arn = "alias/cache"
  }

  expect_failures = [var.redis_kms_key_arn]
}

run "secrets_key_format" {
  command = plan

  variables {
    secrets_kms_key_arn = "alias/secrets"
  }

  expect_failures = [var.secrets_kms_key_arn]
}

run "logs_key_format" {
  command = plan

  variables {
    logs_kms_key_arn = "alias/logs"
  }

  expect_failures = [var.logs_kms_key_arn]
}

run "log_group_class" {
  command = plan

  variables {
    cloudwatch_log_group_class = "COLD"
  }

  expect_failures = [var.cloudwatch_log_group_class]
}

run "redis_needs_auth_secret" {
  command = plan

  variables {
    create_redis = true
    redis        = {}
  }

  expect_failures = [var.redis]
}

run "postgres_ca_cert_identifier_known_ca" {
  command = plan

  variables {
    postgres_ca_cert_identifier = "rds-ca-2019"
  }

  expect_failures = [var.postgres_ca_cert_identifier]
}
