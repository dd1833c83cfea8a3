"""Reading Terraform state objects straight from the S3 backend."""
