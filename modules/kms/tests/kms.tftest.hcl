mock_provider "aws" {
  source = "../_test-mocks/aws" # caller identity, region, partition, policy document, security group
}

# The DR replica region: the shared mocks, with this block's region in place of theirs.
mock_provider "aws" {
  alias  = "dr"
  source = "../_test-mocks/aws"

  mock_data "aws_region" {
    defaults = { name = "ap-northeast-1" }
  }
}

variables {
  terraform_state_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
  tags                    = { Layer = "kms" }
}

run "multi_region_secrets_key" {
  command = plan

  variables {
    multi_region_purposes = ["secrets"]
  }

  assert {
    condition     = aws_kms_key.this["secrets"].multi_region && !aws_kms_key.this["rds"].multi_region && keys(aws_kms_replica_key.this) == ["secrets"] && aws_kms_alias.replica["secrets"].name == "alias/secrets"
    error_message = "Only the named purposes get a multi-region key, with a replica under the same alias."
  }
  assert {
    condition     = strcontains(aws_kms_replica_key.this["secrets"].policy, "secretsmanager.ap-northeast-1.amazonaws.com") && !strcontains(aws_kms_replica_key.this["secrets"].policy, "ap-northeast-2")
    error_message = "The replica's policy must name the DR region's services, never the primary region's."
  }
}

run "multi_region_purposes_must_be_purposes" {
  command = plan

  variables {
    purposes              = ["rds"]
    multi_region_purposes = ["secrets"]
  }

  expect_failures = [var.multi_region_purposes]
}

# Merged with runs of the same variables (issue 20): policies_bind_each_key_to_its_service
run "defaults" {
  command = plan

  assert {
    condition     = toset(keys(aws_kms_key.this)) == toset(["rds", "ecr", "secrets", "logs", "sns"])
    error_message = "The five purposes other than terraform-state must each get a key."
  }
  assert {
    condition     = length(aws_kms_replica_key.this) == 0 && !anytrue([for k in aws_kms_key.this : k.multi_region])
    error_message = "By default every key is single-region, with no replica."
  }
  assert {
    condition     = alltrue([for k in aws_kms_key.this : k.enable_key_rotation && k.deletion_window_in_days == 30 && k.customer_master_key_spec == "SYMMETRIC_DEFAULT"])
    error_message = "Keys must be symmetric, rotated, with a 30-day deletion window."
  }
  assert {
    condition     = aws_kms_alias.this["rds"].name == "alias/rds" && aws_kms_alias.this["logs"].name == "alias/logs"
    error_message = "Aliases must be alias/<purpose> without a prefix."
  }
  assert {
    condition     = aws_kms_key.this["ecr"].tags["Purpose"] == "ecr" && aws_kms_key.this["ecr"].tags["Layer"] == "kms"
    error_message = "Keys must be tagged with their purpose and the module tags."
  }
  assert {
    condition     = output.key_arns["terraform-state"] == "arn:aws:kms:ap-northeast-2:111122223333:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
    error_message = "key_arns must re-export the terraform-state key."
  }
  assert {
    condition     = output.key_ids["terraform-state"] == "0a1b2c3d-4e5f-6789-abcd-ef0123456789" && output.key_aliases["terraform-state"] == "alias/terraform-state"
    error_message = "key_ids and key_aliases must include terraform-state."
  }

  # was run "policies_bind_each_key_to_its_service"
  assert {
    condition     = jsondecode(aws_kms_key.this["rds"].policy).Statement[1].Condition.StringEquals["kms:ViaService"] == "rds.ap-northeast-2.amazonaws.com"
    error_message = "The rds key must be usable through RDS only."
  }
  assert {
    condition     = jsondecode(aws_kms_key.this["ecr"].policy).Statement[1].Condition.StringEquals["kms:ViaService"] == "ecr.ap-northeast-2.amazonaws.com"
    error_message = "The ecr key must be usable through ECR only."
  }
  assert {
    condition     = jsondecode(aws_kms_key.this["secrets"].policy).Statement[1].Condition.StringEquals["kms:ViaService"] == "secretsmanager.ap-northeast-2.amazonaws.com"
    error_message = "The secrets key must be usable through Secrets Manager only."
  }
  assert {
    condition     = jsondecode(aws_kms_key.this["sns"].policy).Statement[1].Condition.StringEquals["kms:ViaService"] == "sns.ap-northeast-2.amazonaws.com"
    error_message = "The sns key must be usable through SNS."
  }
  assert {
    condition     = jsondecode(aws_kms_key.this["rds"].policy).Statement[1].Condition.StringEquals["kms:CallerAccount"] == "111122223333"
    error_message = "Key use must be limited to callers of this account."
  }
  assert {
    condition     = jsondecode(aws_kms_key.this["rds"].policy).Statement[2].Condition.Bool["kms:GrantIsForAWSResource"] == "true"
    error_message = "Grants must be limited to AWS resources."
  }
  assert {
    condition     = jsondecode(aws_kms_key.this["logs"].policy).Statement[1].Principal.Service == "logs.ap-northeast-2.amazonaws.com"
    error_message = "The logs key must be used by the regional CloudWatch Logs principal."
  }
  assert {
    condition     = jsondecode(aws_kms_key.this["logs"].policy).Statement[1].Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"] == "arn:aws:logs:ap-northeast-2:111122223333:log-group:*"
    error_message = "The logs key must be limited to this account's log groups."
  }
  assert {
    condition     = length(jsondecode(aws_kms_key.this["logs"].policy).Statement) == 3
    error_message = "The logs key must have only the admin, CloudWatch Logs and Firehose/S3 statements."
  }
  assert {
    condition     = toset(jsondecode(aws_kms_key.this["logs"].policy).Statement[2].Condition.StringEquals["kms:ViaService"]) == toset(["firehose.ap-northeast-2.amazonaws.com", "s3.ap-northeast-2.amazonaws.com"])
    error_message = "The logging archive must be able to use the logs key through Firehose and S3, and only through them."
  }
  assert {
    condition     = toset(jsondecode(aws_kms_key.this["sns"].policy).Statement[2].Principal.Service) == toset(["cloudwatch.amazonaws.com", "events.amazonaws.com", "aps.amazonaws.com"])
    error_message = "CloudWatch, EventBridge and AMP must be able to publish to encrypted topics."
  }
  assert {
    condition     = jsondecode(aws_kms_key.this["sns"].policy).Statement[2].Condition.StringLike["kms:EncryptionContext:aws:sns:topicArn"] == "arn:aws:sns:ap-northeast-2:111122223333:*"
    error_message = "Service publishers must be limited to this account's topics."
  }
  assert {
    condition     = jsondecode(aws_kms_key.this["ecr"].policy).Statement[0].Principal.AWS == ["arn:aws:iam::111122223333:root"]
    error_message = "Without key_administrator_arns the account root administers the keys."
  }
  assert {
    condition     = alltrue([for k in aws_kms_key.this : !contains(jsondecode(k.policy).Statement[0].Action, "kms:Decrypt") && !contains(jsondecode(k.policy).Statement[0].Action, "kms:CreateGrant")])
    error_message = "Administrators must not get cryptographic use or grants."
  }
  assert {
    condition     = jsondecode(aws_kms_key.this["rds"].policy).Statement[3].Condition.StringEquals["kms:ViaService"] == "elasticache.ap-northeast-2.amazonaws.com"
    error_message = "The shared Redis (ElastiCache) must be able to use the rds key, through ElastiCache only."
  }
  assert {
    condition     = jsondecode(aws_kms_key.this["secrets"].policy).Statement[3].Condition.StringEquals["kms:ViaService"] == "lambda.ap-northeast-2.amazonaws.com"
    error_message = "The rotation function's environment must be able to use the secrets key, through Lambda only."
  }
  assert {
    condition     = length(jsondecode(aws_kms_key.this["ecr"].policy).Statement) == 3
    error_message = "The ecr key is shared with no other service."
  }
  assert {
    condition     = alltrue([for k in aws_kms_key.this : !strcontains(k.policy, "\"kms:*\"")])
    error_message = "No key policy may allow kms:*."
  }
}

run "prefix_admins_users_subset" {
  command = plan

  variables {
    purposes                         = ["rds", "sns"]
    alias_prefix                     = "prod"
    deletion_window_in_days          = 7
    key_administrator_arns           = ["arn:aws:iam::111122223333:role/platform-admin"]
    key_user_arns                    = { rds = ["arn:aws:iam::111122223333:role/app"] }
    sns_publisher_service_principals = []
    terraform_state_key_alias        = "alias/prod/terraform-state"
  }

  assert {
    condition     = toset(keys(aws_kms_key.this)) == toset(["rds", "sns"])
    error_message = "Only the listed purposes must get keys."
  }
  assert {
    condition     = aws_kms_alias.this["rds"].name == "alias/prod/rds"
    error_message = "alias_prefix must give alias/<prefix>/<purpose>."
  }
  assert {
    condition     = aws_kms_key.this["rds"].deletion_window_in_days == 7
    error_message = "deletion_window_in_days must be passed through."
  }
  assert {
    condition     = jsondecode(aws_kms_key.this["rds"].policy).Statement[0].Principal.AWS == ["arn:aws:iam::111122223333:role/platform-admin"]
    error_message = "key_administrator_arns must replace the account root as administrator."
  }
  assert {
    condition     = jsondecode(aws_kms_key.this["rds"].policy).Statement[1].Principal.AWS == ["arn:aws:iam::111122223333:role/app"]
    error_message = "key_user_arns must replace the account root as key user."
  }
  assert {
    condition     = jsondecode(aws_kms_key.this["sns"].policy).Statement[1].Principal.AWS == ["arn:aws:iam::111122223333:root"]
    error_message = "A purpose without key_user_arns must keep the account root."
  }
  assert {
    condition     = length(jsondecode(aws_kms_key.this["sns"].policy).Statement) == 2
    error_message = "Without publisher principals the sns key must have no service statement."
  }
  assert {
    condition     = output.key_aliases["terraform-state"] == "alias/prod/terraform-state" && length(output.key_arns) == 3
    error_message = "Outputs must hold terraform-state plus the created keys."
  }
}

run "outputs_after_apply" {
  command = apply

  assert {
    condition     = output.key_arns["rds"] == aws_kms_key.this["rds"].arn && output.key_ids["sns"] == aws_kms_key.this["sns"].key_id
    error_message = "key_arns and key_ids must point at the created keys."
  }
  assert {
    condition     = aws_kms_alias.this["secrets"].target_key_id == aws_kms_key.this["secrets"].key_id
    error_message = "Each alias must target its purpose's key."
  }
  assert {
    condition     = length(output.key_arns) == 6 && length(output.key_aliases) == 6
    error_message = "All six purposes must be in the outputs."
  }
}

# Merged validation runs (issue 20: one provider start instead of 8); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
run "invalid_inputs" {
  command = plan
  variables {
    # invalid_terraform_state_key_arn
    terraform_state_key_arn = "alias/terraform-state"

    # invalid_terraform_state_key_alias
    terraform_state_key_alias = "terraform-state"

    # invalid_purposes
    purposes = ["rds", "terraform-state"]

    # invalid_alias_prefix
    alias_prefix = "aws/prod"

    # invalid_deletion_window_in_days
    deletion_window_in_days = 3

    # invalid_key_administrator_arns
    key_administrator_arns = ["platform-admin"]

    # invalid_key_user_arns_purpose
    key_user_arns = { logs = ["arn:aws:iam::111122223333:role/app"] }

    # invalid_sns_publisher_service_principals
    sns_publisher_service_principals = ["arn:aws:iam::111122223333:root"]
  }
  expect_failures = [
    var.terraform_state_key_arn,          # invalid_terraform_state_key_arn
    var.terraform_state_key_alias,        # invalid_terraform_state_key_alias
    var.purposes,                         # invalid_purposes
    var.alias_prefix,                     # invalid_alias_prefix
    var.deletion_window_in_days,          # invalid_deletion_window_in_days
    var.key_administrator_arns,           # invalid_key_administrator_arns
    var.key_user_arns,                    # invalid_key_user_arns_purpose
    var.sns_publisher_service_principals, # invalid_sns_publisher_service_principals
  ]
}

run "invalid_key_user_arns_value" {
  command = plan
  variables {
    key_user_arns = { rds = ["app"] }
  }
  expect_failures = [var.key_user_arns]
}

