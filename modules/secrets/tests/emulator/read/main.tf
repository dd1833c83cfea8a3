# Reads the values generate.tftest.hcl wrote, back from Secrets Manager, for its assertions (test only).
terraform {
  required_version = ">= 1.11.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100.0, < 6.0.0"
    }
  }
}

variable "secret_arns" {
  description = "ARNs of the secrets to read, by key."
  type        = map(string)
}

data "aws_secretsmanager_secret_version" "this" {
  for_each = var.secret_arns

  secret_id = each.value
}

output "values" {
  description = "The current value of each secret, by key."
  value       = { for k, v in data.aws_secretsmanager_secret_version.this : k => v.secret_string }
  sensitive   = true
}
