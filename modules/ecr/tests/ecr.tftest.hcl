mock_provider "aws" {
  source = "../_test-mocks/aws" # caller identity, region, partition, policy document, security group
}

variables {
  kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/00000000-0000-0000-0000-000000000001"
  repositories = {
    svc-orders = {}
    "team/svc-billing" = {
      keep_images          = 30
      untagged_expiry_days = 1
      pull_principal_arns  = ["arn:aws:iam::444455556666:root"]
    }
  }
  replication_destinations = [{ region = "ap-northeast-1" }]
  tags                     = { Layer = "services" }
}

run "secure_defaults_lifecycle_and_replication" {
  command = plan

  assert {
    condition     = alltrue([for r in aws_ecr_repository.this : r.image_tag_mutability == "IMMUTABLE" && r.image_scanning_configuration[0].scan_on_push && r.encryption_configuration[0].encryption_type == "KMS" && !r.force_delete])
    error_message = "Repositories must be immutable, scanned on push, KMS-encrypted and kept on destroy."
  }
  assert {
    condition     = aws_ecr_repository.this["svc-orders"].encryption_configuration[0].kms_key == var.kms_key_arn && aws_ecr_repository.this["svc-orders"].tags["Name"] == "svc-orders" && aws_ecr_repository.this["svc-orders"].tags["Layer"] == "services"
    error_message = "Images must be encrypted with the given key; repositories tagged with Name and the module tags."
  }
  assert {
    condition     = jsondecode(aws_ecr_lifecycle_policy.this["svc-orders"].policy).rules[0].selection.countNumber == 7 && jsondecode(aws_ecr_lifecycle_policy.this["svc-orders"].policy).rules[1].selection.countNumber == 100
    error_message = "The default lifecycle expires untagged images after 7 days and keeps the newest 100."
  }
  assert {
    condition     = jsondecode(aws_ecr_lifecycle_policy.this["team/svc-billing"].policy).rules[0].selection.countNumber == 1 && jsondecode(aws_ecr_lifecycle_policy.this["team/svc-billing"].policy).rules[1].selection.countNumber == 30
    error_message = "keep_images and untagged_expiry_days must reach the lifecycle policy."
  }
  assert {
    condition     = keys(aws_ecr_repository_policy.this) == ["team/svc-billing"]
    error_message = "Only a repository with pull principals gets a repository policy."
  }
  assert {
    condition     = aws_ecr_replication_configuration.this[0].replication_configuration[0].rule[0].destination[0].region == "ap-northeast-1" && aws_ecr_replication_configuration.this[0].replication_configuration[0].rule[0].destination[0].registry_id == "111122223333"
    error_message = "Replication must go to the destination region, in this account by default."
  }
  assert {
    condition     = toset([for f in aws_ecr_replication_configuration.this[0].replication_configuration[0].rule[0].repository_filter : f.filter]) == toset(["svc-orders", "team/svc-billing"]) && output.replication_regions == ["ap-northeast-1"]
    error_message = "Replication must be filtered on the module's repositories."
  }
}

run "invalid_inputs_are_refused" {
  command = plan

  variables {
    kms_key_arn = "alias/ecr"
    repositories = {
      "Svc_Orders" = { keep_images = 0, untagged_expiry_days = 0.5, pull_principal_arns = ["*"] }
    }
    replication_destinations = [{ region = "nowhere" }]
  }

  expect_failures = [
    var.kms_key_arn,
    var.repositories,
    var.replication_destinations,
  ]
}
