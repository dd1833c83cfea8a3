terraform {
  required_version = ">= 1.9.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100.0, < 6.0.0"
      # the DR region (ADR 0023): replicas of the multi_region_purposes keys; nothing there by default
      configuration_aliases = [aws.dr]
    }
  }
}
