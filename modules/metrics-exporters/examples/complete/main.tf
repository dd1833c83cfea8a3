# The metrics-exporters layer's shape: YACE reads the load balancers' request and 5xx counts and the state
# bucket's request metrics from CloudWatch, a postgres_exporter checks the shared PostgreSQL instance, and
# the ADOT sidecar of each task remote-writes their series to the Amazon Managed Prometheus workspace.

provider "aws" {
  region = "ap-northeast-2"

  default_tags {
    tags = {
      Environment = "example"
      ManagedBy   = "terraform"
    }
  }
}

module "metrics_exporters" {
  source = "../.."

  name                     = "example-metrics"
  cluster_arn              = "arn:aws:ecs:ap-northeast-2:111122223333:cluster/example-services"
  vpc_id                   = "vpc-0123456789abcdef0"
  subnet_ids               = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]
  kms_key_arn              = "arn:aws:kms:ap-northeast-2:111122223333:key/22222222-2222-3333-4444-555555555555"
  prometheus_workspace_arn = "arn:aws:aps:ap-northeast-2:111122223333:workspace/ws-0123abcd-4567-89ef-0123-456789abcdef"
  prometheus_endpoint      = "https://aps-workspaces.ap-northeast-2.amazonaws.com/workspaces/ws-0123abcd-4567-89ef-0123-456789abcdef/"
  secrets_kms_key_arns     = ["arn:aws:kms:ap-northeast-2:111122223333:key/33333333-2222-3333-4444-555555555555"]

  cloudwatch_exporter = {
    discovery_jobs = {
      alb = {
        type                        = "AWS/ApplicationELB"
        dimension_name_requirements = ["LoadBalancer"]
        metrics = {
          RequestCount              = ["Sum"]
          HTTPCode_ELB_5XX_Count    = ["Sum"]
          HTTPCode_Target_5XX_Count = ["Sum"]
        }
      }
      state-bucket = {
        type                        = "AWS/S3"
        search_tags                 = { Purpose = "^terraform-state$" }
        dimension_name_requirements = ["BucketName", "FilterId"]
        metrics                     = { AllRequests = ["Sum"], "5xxErrors" = ["Sum"] }
      }
    }
  }

  postgres_exporters = {
    example-shared = {
      host                   = "example-shared-postgres.abcdefghijkl.ap-northeast-2.rds.amazonaws.com"
      database               = "example"
      credentials_secret_arn = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:example/shared-postgres-monitoring-AbCdEf"
      database_cidr_blocks   = { ap-northeast-2a = "10.10.128.0/22" }
    }
  }
}
