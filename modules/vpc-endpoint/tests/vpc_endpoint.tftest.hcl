mock_provider "aws" {
  source = "../_test-mocks/aws" # caller identity, region, partition, policy document, security group

  mock_resource "aws_security_group" {
    defaults = { id = "sg-0123456789abcdef0", arn = "arn:aws:ec2:ap-northeast-2:111122223333:security-group/sg-0123456789abcdef0" }
  }
}

variables {
  name           = "platform"
  vpc_id         = "vpc-0123456789abcdef0"
  vpc_cidr_block = "10.10.0.0/16"
  endpoints = {
    s3 = {
      service         = "s3"
      type            = "Gateway"
      route_table_ids = ["rtb-0aaaaaaaaaaaaaaaa", "rtb-0bbbbbbbbbbbbbbbb"]
    }
    dynamodb = {
      service         = "dynamodb"
      type            = "Gateway"
      route_table_ids = ["rtb-0aaaaaaaaaaaaaaaa"]
    }
    ecr-api = {
      service    = "ecr.api"
      subnet_ids = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"]
    }
  }
  tags = { Team = "platform" }
}

run "defaults" {
  command = plan

  assert {
    condition     = aws_vpc_endpoint.this["s3"].service_name == "com.amazonaws.ap-northeast-2.s3"
    error_message = "A short service name must expand to com.amazonaws.<region>.<service>."
  }
  assert {
    condition     = aws_vpc_endpoint.this["ecr-api"].service_name == "com.amazonaws.ap-northeast-2.ecr.api"
    error_message = "ecr.api must expand to com.amazonaws.<region>.ecr.api."
  }
  assert {
    condition     = aws_vpc_endpoint.this["s3"].vpc_endpoint_type == "Gateway" && aws_vpc_endpoint.this["ecr-api"].vpc_endpoint_type == "Interface"
    error_message = "Endpoint types must follow the input."
  }
  assert {
    condition     = aws_vpc_endpoint.this["ecr-api"].private_dns_enabled == true
    error_message = "Private DNS must be on for Interface endpoints by default."
  }
  assert {
    condition     = toset(aws_vpc_endpoint.this["s3"].route_table_ids) == toset(["rtb-0aaaaaaaaaaaaaaaa", "rtb-0bbbbbbbbbbbbbbbb"])
    error_message = "The S3 gateway endpoint must be attached to the given route tables."
  }
  assert {
    condition     = toset(aws_vpc_endpoint.this["ecr-api"].subnet_ids) == toset(["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"])
    error_message = "The Interface endpoint must be placed in the given subnets."
  }
  assert {
    condition     = length(module.security_group) == 1
    error_message = "One security group must be created for the Interface endpoints."
  }
  assert {
    condition     = aws_vpc_endpoint.this["ecr-api"].tags["Name"] == "platform-ecr-api" && aws_vpc_endpoint.this["ecr-api"].tags["Team"] == "platform"
    error_message = "Endpoints must carry Name = <name>-<key> and the module tags."
  }
  # was run "default_policy_restricts_to_account" (same inputs)
  assert {
    condition     = jsondecode(aws_vpc_endpoint.this["dynamodb"].policy).Statement[0].Condition.StringEquals["aws:PrincipalAccount"] == ["111122223333"]
    error_message = "The default policy must allow the current account's principals only."
  }
  assert {
    condition     = length(jsondecode(aws_vpc_endpoint.this["dynamodb"].policy).Statement) == 1
    error_message = "The DynamoDB default policy must have exactly the account statement."
  }
  assert {
    condition     = jsondecode(aws_vpc_endpoint.this["s3"].policy).Statement[1].Resource == ["arn:aws:s3:::prod-ap-northeast-2-starport-layer-bucket/*"]
    error_message = "The S3 default policy must keep the regional ECR layer bucket readable."
  }
  assert {
    condition     = jsondecode(aws_vpc_endpoint.this["s3"].policy).Statement[1].Action == "s3:GetObject"
    error_message = "The AWS-owned object statement must allow s3:GetObject only."
  }
  assert {
    condition     = alltrue([for k, e in aws_vpc_endpoint.this : !strcontains(e.policy, "PrincipalOrgID")])
    error_message = "Without allowed_organization_id there must be no organisation statement."
  }
}

run "organization_and_accounts" {
  command = plan

  variables {
    allowed_account_ids      = ["444455556666", "777788889999"]
    allowed_organization_id  = "o-abcdef1234"
    aws_owned_s3_object_arns = []
  }

  assert {
    condition     = jsondecode(aws_vpc_endpoint.this["s3"].policy).Statement[0].Condition.StringEquals["aws:PrincipalAccount"] == ["444455556666", "777788889999"]
    error_message = "allowed_account_ids must replace the current account."
  }
  assert {
    condition     = jsondecode(aws_vpc_endpoint.this["s3"].policy).Statement[1].Condition.StringEquals["aws:PrincipalOrgID"] == "o-abcdef1234"
    error_message = "allowed_organization_id must add an aws:PrincipalOrgID statement."
  }
  assert {
    condition     = length(jsondecode(aws_vpc_endpoint.this["s3"].policy).Statement) == 2
    error_message = "An empty aws_owned_s3_object_arns must drop the AWS-owned object statement."
  }
}

run "custom_and_no_policy" {
  command = plan

  variables {
    endpoints = {
      logs = {
        service    = "logs"
        subnet_ids = ["subnet-0aaaaaaaaaaaaaaaa"]
        policy     = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"logs:*\",\"Resource\":\"*\"}]}"
      }
      ssm = {
        service               = "ssm"
        subnet_ids            = ["subnet-0aaaaaaaaaaaaaaaa"]
        attach_default_policy = false
        private_dns_enabled   = false
      }
      partner = {
        service    = "com.amazonaws.vpce.ap-northeast-2.vpce-svc-0123456789abcdef0"
        subnet_ids = ["subnet-0aaaaaaaaaaaaaaaa"]
      }
    }
  }

  assert {
    condition     = jsondecode(aws_vpc_endpoint.this["logs"].policy).Statement[0].Action == "logs:*"
    error_message = "A given policy must be used as is."
  }
  assert {
    condition     = aws_vpc_endpoint.this["ssm"].private_dns_enabled == false
    error_message = "private_dns_enabled = false must be honoured."
  }
  assert {
    condition     = aws_vpc_endpoint.this["partner"].service_name == "com.amazonaws.vpce.ap-northeast-2.vpce-svc-0123456789abcdef0"
    error_message = "A full service name must be kept as is."
  }
}

run "security_group_wiring" {
  command = apply

  assert {
    condition     = contains(aws_vpc_endpoint.this["ecr-api"].security_group_ids, output.security_group_id)
    error_message = "Interface endpoints must use the module's security group."
  }
  assert {
    condition     = output.security_group_id == "sg-0123456789abcdef0"
    error_message = "security_group_id must be the created group's ID."
  }
  assert {
    condition     = aws_vpc_endpoint.this["s3"].security_group_ids == null || length(aws_vpc_endpoint.this["s3"].security_group_ids) == 0
    error_message = "Gateway endpoints take no security groups."
  }
  assert {
    condition     = keys(output.endpoints) == ["dynamodb", "ecr-api", "s3"]
    error_message = "The endpoints output must be keyed by endpoint name."
  }
}

run "no_security_group_toggle" {
  command = plan

  variables {
    create_security_group = false
  }

  assert {
    condition     = length(module.security_group) == 0
    error_message = "create_security_group = false must not create a security group."
  }
  assert {
    condition     = output.security_group_id == null
    error_message = "security_group_id must be null without a security group."
  }
}

run "gateway_only_creates_no_security_group" {
  command = plan

  variables {
    vpc_cidr_block = null
    endpoints = {
      s3 = { service = "s3", type = "Gateway", route_table_ids = ["rtb-0aaaaaaaaaaaaaaaa"] }
    }
  }

  assert {
    condition     = length(module.security_group) == 0
    error_message = "Gateway endpoints alone need no security group."
  }
}

# Variable checks, several per run (issue 20: each run starts the provider): each run breaks several
# variables at once, each with the value its former one-check run used (named in the comment above it), and
# a run passes only if every listed variable fails, so a check that stops failing still fails its run.
# A variable with several checks appears in several runs; a check that reads other variables runs apart
# from the runs that set those.
run "invalid_inputs_1" {
  command = plan

  variables {
    # invalid_name
    name = "-bad name"
    # invalid_vpc_id
    vpc_id = "10.0.0.0/16"
    # invalid_vpc_cidr_block
    vpc_cidr_block = "10.0.0.0/33"
    # invalid_allowed_account_ids
    allowed_account_ids = ["12345"]
    # invalid_allowed_organization_id
    allowed_organization_id = "org-123"
    # invalid_aws_owned_s3_object_arns
    aws_owned_s3_object_arns = ["prod-bucket/*"]
  }
  expect_failures = [var.name, var.vpc_id, var.vpc_cidr_block, var.allowed_account_ids, var.allowed_organization_id, var.aws_owned_s3_object_arns]
}

run "missing_vpc_cidr_block" {
  command = plan
  variables {
    vpc_cidr_block = null
  }
  expect_failures = [var.vpc_cidr_block]
}

run "invalid_endpoint_key" {
  command = plan
  variables {
    endpoints = {
      "bad key!" = { service = "s3", type = "Gateway", route_table_ids = ["rtb-0aaaaaaaaaaaaaaaa"] }
    }
  }
  expect_failures = [var.endpoints]
}

run "invalid_endpoint_type" {
  command = plan
  variables {
    endpoints = {
      s3 = { service = "s3", type = "GatewayLoadBalancer", route_table_ids = ["rtb-0aaaaaaaaaaaaaaaa"] }
    }
  }
  expect_failures = [var.endpoints]
}

run "invalid_gateway_service" {
  command = plan
  variables {
    endpoints = {
      logs = { service = "logs", type = "Gateway", route_table_ids = ["rtb-0aaaaaaaaaaaaaaaa"] }
    }
  }
  expect_failures = [var.endpoints]
}

run "interface_without_subnets" {
  command = plan
  variables {
    endpoints = {
      logs = { service = "logs" }
    }
  }
  expect_failures = [var.endpoints]
}

run "gateway_with_subnets" {
  command = plan
  variables {
    endpoints = {
      s3 = { service = "s3", type = "Gateway", subnet_ids = ["subnet-0aaaaaaaaaaaaaaaa"] }
    }
  }
  expect_failures = [var.endpoints]
}

run "invalid_policy_json" {
  command = plan
  variables {
    endpoints = {
      s3 = { service = "s3", type = "Gateway", route_table_ids = ["rtb-0aaaaaaaaaaaaaaaa"], policy = "not json" }
    }
  }
  expect_failures = [var.endpoints]
}

run "invalid_ip_address_type" {
  command = plan
  variables {
    endpoints = {
      logs = { service = "logs", subnet_ids = ["subnet-0aaaaaaaaaaaaaaaa"], ip_address_type = "ipv5" }
    }
  }
  expect_failures = [var.endpoints]
}

