"""layer: a Terragrunt-style layered configuration framework for Terraform."""

__version__ = "0.1.0"
