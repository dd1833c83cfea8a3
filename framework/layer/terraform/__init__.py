"""Everything that touches the Terraform binary or writes Terraform files."""
