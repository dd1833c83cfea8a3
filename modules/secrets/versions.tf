terraform {
  # 1.11: generated values reach Secrets Manager through an ephemeral resource and the write-only
  # secret_string_wo, so no secret value is ever stored in the plan or the state.
  required_version = ">= 1.11.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100.0, < 6.0.0"
    }
  }
}
