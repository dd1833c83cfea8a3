# The platform's WAFv2 web ACLs, regional and CloudFront (in us-east-1 through aws.us_east_1): the four
# AWS managed rule groups (one rule counted instead of blocked), a rate limit, allow and block IP sets,
# and encrypted logs with the x-api-key header redacted.

provider "aws" {
  region = "ap-northeast-2"

  default_tags {
    tags = {
      Environment = "example"
      ManagedBy   = "terraform"
    }
  }
}

# CLOUDFRONT web ACLs (and their IP sets and log group) must be created in us-east-1.
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"

  default_tags {
    tags = {
      Environment = "example"
      ManagedBy   = "terraform"
    }
  }
}

variable "logs_kms_key_arn" {
  description = "The kms layer's key_arns[\"logs\"] output."
  type        = string
  default     = "arn:aws:kms:ap-northeast-2:111122223333:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
}

module "waf" {
  source = "../.."

  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
  }

  name        = "platform"
  kms_key_arn = var.logs_kms_key_arn

  # Both scopes and the four AWS managed groups are the defaults; an API that takes large bodies
  # counts SizeRestrictions_BODY instead of blocking it.
  managed_rule_groups = {
    AWSManagedRulesCommonRuleSet = {
      priority              = 10
      rule_action_overrides = { SizeRestrictions_BODY = "count" }
    }
    AWSManagedRulesKnownBadInputsRuleSet  = { priority = 20 }
    AWSManagedRulesAmazonIpReputationList = { priority = 30 }
    AWSManagedRulesSQLiRuleSet            = { priority = 40 }
  }

  rate_limit = {
    limit                 = 1000
    evaluation_window_sec = 300
  }

  allowed_ipv4_cidrs          = ["203.0.113.0/24"]
  blocked_ipv4_cidrs          = ["198.51.100.7/32"]
  additional_redacted_headers = ["x-api-key"]

  tags = { Layer = "waf" }
}
