# Toggles: the local (moto) settings, existing secrets and EFS key, cross-account roles, certificates,
# S3-native state locking and extra environment (mock provider, no AWS).

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  hostname       = "atlantis.connectly.example"
  vpc_id         = "vpc-0123456789abcdef0"
  vpc_cidr_block = "10.10.0.0/16"
  private_subnet_ids_by_az = {
    ap-northeast-2a = "subnet-0aaaaaaaaaaaaaaa1"
    ap-northeast-2b = "subnet-0aaaaaaaaaaaaaaa2"
    ap-northeast-2c = "subnet-0aaaaaaaaaaaaaaa3"
  }
  public_subnet_ids = ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2", "subnet-0bbbbbbbbbbbbbbb3"]
  alb_ingress_cidr_blocks = {
    github-hooks-1 = "192.30.252.0/22"
    office         = "203.0.113.0/24"
  }
  kms_key_arns = {
    ecr               = "arn:aws:kms:ap-northeast-2:111122223333:key/11111111-2222-3333-4444-555555555555"
    logs              = "arn:aws:kms:ap-northeast-2:111122223333:key/22222222-2222-3333-4444-555555555555"
    secrets           = "arn:aws:kms:ap-northeast-2:111122223333:key/33333333-2222-3333-4444-555555555555"
    rds               = "arn:aws:kms:ap-northeast-2:111122223333:key/44444444-2222-3333-4444-555555555555"
    "terraform-state" = "arn:aws:kms:ap-northeast-2:111122223333:key/55555555-2222-3333-4444-555555555555"
  }
  certificate_arns = {
    "*.connectly.example"   = "arn:aws:acm:ap-northeast-2:111122223333:certificate/aaaaaaaa-2222-3333-4444-555555555555"
    "api.connectly.example" = "arn:aws:acm:ap-northeast-2:111122223333:certificate/bbbbbbbb-2222-3333-4444-555555555555"
  }
  certificate_domain = "*.connectly.example"
  web_acl_arn        = "arn:aws:wafv2:ap-northeast-2:111122223333:regional/webacl/platform-regional/0123abcd-2222-3333-4444-555555555555"
  image_digest       = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
  github_user        = "connectly-atlantis"
  terraform_state = {
    bucket_arn     = "arn:aws:s3:::prod-connectly"
    kms_key_arn    = "arn:aws:kms:ap-northeast-2:111122223333:key/55555555-2222-3333-4444-555555555555"
    lock_table_arn = "arn:aws:dynamodb:ap-northeast-2:111122223333:table/prod-connectly-tf-lock"
  }
  tags = { Team = "platform" }
}

run "local_emulator_settings" {
  command = plan

  variables {
    reference_security_groups          = false
    efs_backup_policy_enabled          = false
    efs_file_system_policy_enabled     = false
    create_vpc_endpoints               = false
    alb_deletion_protection            = false
    access_logs_bucket_deny_statements = false
    log_group_class                    = null
    secret_recovery_window_in_days     = 0
  }

  assert {
    condition     = alltrue([for r in concat(values(aws_vpc_security_group_ingress_rule.this), values(aws_vpc_security_group_egress_rule.this)) : r.cidr_ipv4 == "10.10.0.0/16" && r.referenced_security_group_id == null])
    error_message = "With reference_security_groups = false the four rules use the VPC CIDR block."
  }
  assert {
    condition     = length(aws_efs_backup_policy.this) == 0 && length(aws_efs_file_system_policy.this) == 0
    error_message = "The EFS backup and file system policies must be off."
  }
  assert {
    condition     = length(module.vpc_endpoints) == 0
    error_message = "No VPC endpoints when create_vpc_endpoints = false."
  }
  assert {
    condition     = alltrue([for s in values(aws_secretsmanager_secret.github) : s.recovery_window_in_days == 0])
    error_message = "The recovery window must follow the input."
  }
  assert {
    condition     = aws_efs_file_system.this.encrypted == true && length(aws_efs_mount_target.this) == 3
    error_message = "Encryption and mount targets do not depend on the emulator toggles."
  }
}

run "existing_secrets_and_efs_key" {
  command = plan

  variables {
    github_secret_arns = {
      token          = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:platform/atlantis/token-Zz9Zz9"
      webhook_secret = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:platform/atlantis/webhook-Yy8Yy8"
    }
    efs_kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/77777777-2222-3333-4444-555555555555"
  }

  assert {
    condition     = length(aws_secretsmanager_secret.github) == 0
    error_message = "Given secrets must not be created again."
  }
  assert {
    condition     = local.container_definitions["atlantis"].secrets["ATLANTIS_GH_TOKEN"] == var.github_secret_arns.token && local.container_definitions["atlantis"].secrets["ATLANTIS_GH_WEBHOOK_SECRET"] == var.github_secret_arns.webhook_secret
    error_message = "The container must read the given secrets."
  }
  assert {
    condition     = output.github_secret_arns["token"] == var.github_secret_arns.token && output.github_secret_arns["webhook_secret"] == var.github_secret_arns.webhook_secret
    error_message = "The output must name the secrets in use."
  }
  assert {
    condition     = length(aws_kms_key.efs) == 0 && length(aws_kms_alias.efs) == 0 && aws_efs_file_system.this.kms_key_id == var.efs_kms_key_arn
    error_message = "A given EFS key replaces the module's own."
  }
}

run "cross_account_roles" {
  command = plan

  variables {
    cross_account_roles = {
      "444455556666" = {
        plan_role_arn  = "arn:aws:iam::444455556666:role/atlantis-plan"
        apply_role_arn = "arn:aws:iam::444455556666:role/atlantis-apply"
      }
    }
  }

  assert {
    condition = jsondecode(local.assume_roles_policy).Statement[0].Resource == [
      "arn:aws:iam::111122223333:role/atlantis-apply",
      "arn:aws:iam::111122223333:role/atlantis-plan",
      "arn:aws:iam::444455556666:role/atlantis-apply",
      "arn:aws:iam::444455556666:role/atlantis-plan",
    ]
    error_message = "The task role may assume this account's roles and the given ones, nothing else."
  }
  assert {
    condition     = output.apply_role_arns["444455556666"] == "arn:aws:iam::444455556666:role/atlantis-apply" && length(output.plan_role_arns) == 2
    error_message = "The role outputs must map every account."
  }
}

run "certificate_for_the_host_name" {
  command = plan

  variables {
    route53_zone_id = "Z0123456789ABCDEFGHIJ"
    certificate_arns = {
      "*.connectly.example"        = "arn:aws:acm:ap-northeast-2:111122223333:certificate/aaaaaaaa-2222-3333-4444-555555555555"
      "atlantis.connectly.example" = "arn:aws:acm:ap-northeast-2:111122223333:certificate/cccccccc-2222-3333-4444-555555555555"
    }
    certificate_domain = "atlantis.connectly.example"
  }

  assert {
    condition     = local.certificate_arn == "arn:aws:acm:ap-northeast-2:111122223333:certificate/cccccccc-2222-3333-4444-555555555555"
    error_message = "certificate_domain picks the certificate."
  }
  assert {
    condition     = aws_route53_record.this[0].name == "atlantis.connectly.example" && aws_route53_record.this[0].type == "A" && aws_route53_record.this[0].zone_id == "Z0123456789ABCDEFGHIJ" && one(aws_route53_record.this[0].alias).evaluate_target_health
    error_message = "With route53_zone_id, the host name gets an alias record to the load balancer in that zone."
  }
}

run "certificate_not_covering_the_host_name" {
  command = plan

  variables {
    certificate_domain = "api.connectly.example"
  }

  expect_failures = [check.certificate_covers_hostname]
}

run "s3_native_locking_and_extra_environment" {
  command = plan

  variables {
    terraform_state = {
      bucket_arn  = "arn:aws:s3:::prod-connectly"
      kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/55555555-2222-3333-4444-555555555555"
    }
    environment = { ATLANTIS_LOG_LEVEL = "debug", ATLANTIS_EMOJI_REACTION = "eyes" }
  }

  assert {
    condition     = length([for st in jsondecode(local.terraform_state_policy).Statement : st if startswith(st.Sid, "StateLock")]) == 0
    error_message = "Without a lock table, no DynamoDB permission is granted."
  }
  assert {
    condition     = local.container_definitions["atlantis"].environment["ATLANTIS_LOG_LEVEL"] == "debug" && local.container_definitions["atlantis"].environment["ATLANTIS_EMOJI_REACTION"] == "eyes" && local.container_definitions["atlantis"].environment["ATLANTIS_ENABLE_POLICY_CHECKS"] == "true"
    error_message = "Extra environment is merged over the module's, which keeps its own flags."
  }
}
