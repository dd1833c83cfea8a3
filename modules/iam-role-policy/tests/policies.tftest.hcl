mock_provider "aws" {
  source = "../_test-mocks/aws" # caller identity, region, partition, policy document, security group
}

variables {
  name             = "platform-test-task"
  trusted_services = ["ecs-tasks.amazonaws.com"]
}

run "policies_boundary_and_session" {
  command = plan

  variables {
    permissions_boundary_arn = "arn:aws:iam::111122223333:policy/platform-boundary"
    max_session_duration     = 7200
    inline_policies = {
      read-config = jsonencode({
        Version   = "2012-10-17"
        Statement = [{ Effect = "Allow", Action = ["ssm:GetParameter"], Resource = "arn:aws:ssm:ap-northeast-2:111122223333:parameter/app/*" }]
      })
    }
    managed_policy_arns = {
      ecr_read = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"
      xray     = "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"
    }
  }

  assert {
    condition     = aws_iam_role.this.permissions_boundary == "arn:aws:iam::111122223333:policy/platform-boundary"
    error_message = "The permissions boundary must be set."
  }

  assert {
    condition     = aws_iam_role.this.max_session_duration == 7200
    error_message = "max_session_duration must be passed through."
  }

  assert {
    condition     = keys(aws_iam_role_policy.this) == ["read-config"] && aws_iam_role_policy.this["read-config"].name == "read-config"
    error_message = "One inline policy per map entry, named after its key."
  }

  assert {
    condition     = jsondecode(aws_iam_role_policy.this["read-config"].policy).Statement[0].Action == ["ssm:GetParameter"]
    error_message = "The inline policy document is passed through."
  }

  assert {
    condition     = length(aws_iam_role_policy_attachment.this) == 2 && aws_iam_role_policy_attachment.this["xray"].policy_arn == "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"
    error_message = "One attachment per managed policy, keyed by name."
  }

  assert {
    condition     = aws_iam_role_policies_exclusive.this[0].policy_names == toset(["read-config"])
    error_message = "The exclusive inline-policy set must list exactly the module's policies."
  }
}

run "exclusive_management_off_and_instance_profile" {
  command = plan

  variables {
    exclusive_policy_management = false
    create_instance_profile     = true
    path                        = "/platform/"
  }

  assert {
    condition     = length(aws_iam_role_policies_exclusive.this) == 0 && length(aws_iam_role_policy_attachments_exclusive.this) == 0
    error_message = "exclusive_policy_management = false removes the exclusive resources."
  }

  assert {
    condition     = length(aws_iam_instance_profile.this) == 1 && aws_iam_instance_profile.this[0].name == "platform-test-task" && aws_iam_instance_profile.this[0].path == "/platform/"
    error_message = "create_instance_profile adds a profile with the role's name and path."
  }
}

run "unknown_policy_values_with_static_keys" {
  command = apply

  variables {
    managed_policy_arns = {
      custom = "arn:aws:iam::111122223333:policy/custom"
    }
  }

  assert {
    condition     = output.iam_role_name == "platform-test-task" && output.iam_role_arn == aws_iam_role.this.arn
    error_message = "Outputs expose the role's name and ARN."
  }

  assert {
    condition     = output.iam_instance_profile_arn == null
    error_message = "No instance profile output without a profile."
  }

  assert {
    condition     = jsondecode(output.assume_role_policy).Version == "2012-10-17"
    error_message = "The trust policy output is the JSON document."
  }
}
