# The network layer's private endpoints: S3 and DynamoDB gateway endpoints on the private route
# tables, and interface endpoints (ECR, CloudWatch Logs, Secrets Manager, STS) in the private subnets
# behind one security group that admits HTTPS from the VPC.

provider "aws" {
  region = "ap-northeast-2"

  default_tags {
    tags = {
      Environment = "example"
      ManagedBy   = "terraform"
    }
  }
}

variable "vpc_id" {
  description = "VPC to create the endpoints in."
  type        = string
  default     = "vpc-0123456789abcdef0"
}

variable "vpc_cidr_block" {
  description = "CIDR block of that VPC."
  type        = string
  default     = "10.10.0.0/16"
}

variable "private_subnet_ids" {
  description = "One private subnet per AZ for the Interface endpoints."
  type        = list(string)
  default     = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb", "subnet-0cccccccccccccccc"]
}

variable "private_route_table_ids" {
  description = "Route tables that get the gateway endpoints' routes."
  type        = list(string)
  default     = ["rtb-0aaaaaaaaaaaaaaaa", "rtb-0bbbbbbbbbbbbbbbb", "rtb-0cccccccccccccccc"]
}

module "vpc_endpoints" {
  source = "../.."

  name           = "platform"
  vpc_id         = var.vpc_id
  vpc_cidr_block = var.vpc_cidr_block

  endpoints = {
    s3       = { service = "s3", type = "Gateway", route_table_ids = var.private_route_table_ids }
    dynamodb = { service = "dynamodb", type = "Gateway", route_table_ids = var.private_route_table_ids }
    ecr-api  = { service = "ecr.api", subnet_ids = var.private_subnet_ids }
    ecr-dkr  = { service = "ecr.dkr", subnet_ids = var.private_subnet_ids }
    logs     = { service = "logs", subnet_ids = var.private_subnet_ids }
    secrets  = { service = "secretsmanager", subnet_ids = var.private_subnet_ids }
    sts      = { service = "sts", subnet_ids = var.private_subnet_ids }
  }

  tags = { Layer = "network" }
}
