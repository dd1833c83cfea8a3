terraform {
  required_version = ">= 1.9.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100.0, < 6.0.0"
      # the DR region (ADR 0023): the copy vault, its key and the RDS backup replicas
      configuration_aliases = [aws.dr]
    }
  }
}
