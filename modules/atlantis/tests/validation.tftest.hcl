# One run per input validation: each must fail on exactly its variable (mock provider, no AWS).

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

# Merged validation runs (issue 20: one provider start instead of 32); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
run "invalid_inputs_1" {
  command = plan
  variables {
    # name_uppercase
    name = "Atlantis"

    # hostname_not_fqdn
    hostname = "atlantis"

    # vpc_id_shape
    vpc_id = "vpc-xyz"

    # vpc_cidr_not_network_address
    vpc_cidr_block = "10.10.1.0/16"

    # private_subnets_one_zone
    private_subnet_ids_by_az = { ap-northeast-2a = "subnet-0aaaaaaaaaaaaaaa1" }

    # public_subnets_one
    public_subnet_ids = ["subnet-0bbbbbbbbbbbbbbb1"]

    # alb_ingress_bad_key
    alb_ingress_cidr_blocks = { "Office Net" = "203.0.113.0/24" }

    # endpoint_gateway_service
    vpc_endpoint_services = ["ecr.api", "s3"]

    # kms_key_arns_missing_ecr
    kms_key_arns = { logs = "arn:aws:kms:ap-northeast-2:111122223333:key/22222222-2222-3333-4444-555555555555", secrets = "arn:aws:kms:ap-northeast-2:111122223333:key/33333333-2222-3333-4444-555555555555" }

    # efs_kms_key_alias
    efs_kms_key_arn = "alias/efs"

    # certificate_not_acm
    certificate_arns = { "atlantis.connectly.example" = "arn:aws:iam::111122223333:server-certificate/atlantis" }

    # certificate_domain_not_a_domain
    certificate_domain = "*connectly"

    # web_acl_cloudfront_scope
    web_acl_arn = "arn:aws:wafv2:us-east-1:111122223333:global/webacl/platform-cloudfront/0123abcd"

    # access_logs_retention_zero
    access_logs_retention_days = 0

    # image_digest_is_a_tag
    image_digest = "v0.35.0"

    # github_user_bad
    github_user = "-atlantis"

    # repo_allowlist_whole_org
    repo_allowlist = ["github.com/connectly/*"]

    # github_secret_without_suffix
    github_secret_arns = { token = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:atlantis/token", webhook_secret = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:atlantis/webhook-Yy8Yy8" }

    # secret_recovery_window_short
    secret_recovery_window_in_days = 3

    # cpu_too_small
    cpu = 256

    # environment_overrides_token
    environment = { ATLANTIS_GH_TOKEN = "ghp_x" }

    # log_retention_unsupported
    log_retention_in_days = 2

    # log_group_class_infrequent
    log_group_class = "INFREQUENT_ACCESS"

    # posix_user_root
    posix_user = { uid = 0 }

    # state_bucket_not_arn
    terraform_state = { bucket_arn = "prod-connectly", kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/55555555-2222-3333-4444-555555555555" }

    # plan_policy_not_arn
    plan_role_managed_policy_arns = { read-only = "ReadOnlyAccess" }

    # apply_policies_empty
    apply_role_managed_policy_arns = {}

    # apply_boundary_not_arn
    apply_role_permissions_boundary_arn = "boundary"

    # cross_account_role_elsewhere
    cross_account_roles = { "444455556666" = { plan_role_arn = "arn:aws:iam::777788889999:role/atlantis-plan", apply_role_arn = "arn:aws:iam::444455556666:role/atlantis-apply" } }

    # metric_namespace_aws
    metric_namespace = "AWS/Atlantis"

    # invalid_health_check_grace_period_seconds
    health_check_grace_period_seconds = -1

    # route53_zone_id_not_a_zone_id
    route53_zone_id = "connectly.io"
  }
  expect_failures = [
    var.name,                                # name_uppercase
    var.hostname,                            # hostname_not_fqdn
    var.vpc_id,                              # vpc_id_shape
    var.vpc_cidr_block,                      # vpc_cidr_not_network_address
    var.private_subnet_ids_by_az,            # private_subnets_one_zone
    var.public_subnet_ids,                   # public_subnets_one
    var.alb_ingress_cidr_blocks,             # alb_ingress_bad_key
    var.vpc_endpoint_services,               # endpoint_gateway_service
    var.kms_key_arns,                        # kms_key_arns_missing_ecr
    var.efs_kms_key_arn,                     # efs_kms_key_alias
    var.certificate_arns,                    # certificate_not_acm
    var.certificate_domain,                  # certificate_domain_not_a_domain
    var.web_acl_arn,                         # web_acl_cloudfront_scope
    var.access_logs_retention_days,          # access_logs_retention_zero
    var.image_digest,                        # image_digest_is_a_tag
    var.github_user,                         # github_user_bad
    var.repo_allowlist,                      # repo_allowlist_whole_org
    var.github_secret_arns,                  # github_secret_without_suffix
    var.secret_recovery_window_in_days,      # secret_recovery_window_short
    var.cpu,                                 # cpu_too_small
    var.environment,                         # environment_overrides_token
    var.log_retention_in_days,               # log_retention_unsupported
    var.log_group_class,                     # log_group_class_infrequent
    var.posix_user,                          # posix_user_root
    var.terraform_state,                     # state_bucket_not_arn
    var.plan_role_managed_policy_arns,       # plan_policy_not_arn
    var.apply_role_managed_policy_arns,      # apply_policies_empty
    var.apply_role_permissions_boundary_arn, # apply_boundary_not_arn
    var.cross_account_roles,                 # cross_account_role_elsewhere
    var.metric_namespace,                    # metric_namespace_aws
    var.health_check_grace_period_seconds,   # invalid_health_check_grace_period_seconds
    var.route53_zone_id,                     # route53_zone_id_not_a_zone_id
  ]
}

# Merged validation runs (issue 20: one provider start instead of 4); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
run "invalid_inputs_2" {
  command = plan
  variables {
    # alb_ingress_open_to_world
    alb_ingress_cidr_blocks = { anyone = "0.0.0.0/0" }

    # memory_not_fargate
    memory = 1024

    # environment_turns_policy_checks_off
    environment = { ATLANTIS_ENABLE_POLICY_CHECKS = "false" }

    # state_key_alias
    terraform_state = { bucket_arn = "arn:aws:s3:::prod-connectly", kms_key_arn = "alias/terraform-state" }
  }
  expect_failures = [
    var.alb_ingress_cidr_blocks, # alb_ingress_open_to_world
    var.memory,                  # memory_not_fargate
    var.environment,             # environment_turns_policy_checks_off
    var.terraform_state,         # state_key_alias
  ]
}

run "state_lock_table_name" {
  command = plan

  variables {
    terraform_state = { bucket_arn = "arn:aws:s3:::prod-connectly", kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/55555555-2222-3333-4444-555555555555", lock_table_arn = "prod-connectly-tf-lock" }
  }

  expect_failures = [var.terraform_state]
}

