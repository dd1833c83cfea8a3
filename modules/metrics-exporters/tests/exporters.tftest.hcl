# The exporters: YACE's configuration file from discovery_jobs, its task (config writer, exporter, ADOT),
# one PostgreSQL exporter per database, and one expect_failures run per input check (mock provider, no AWS).

mock_provider "aws" {
  source = "../_test-mocks/aws"

  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:ap-northeast-2:111122223333:log-group:/aws/ecs/platform/metrics" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::111122223333:role/metrics-task" }
  }
  mock_resource "aws_ecs_task_definition" {
    defaults = { arn = "arn:aws:ecs:ap-northeast-2:111122223333:task-definition/metrics:1" }
  }
}

variables {
  name                     = "connectly-prod-metrics"
  cluster_arn              = "arn:aws:ecs:ap-northeast-2:111122223333:cluster/connectly-prod-services"
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
    connectly-prod-shared = {
      host                   = "connectly-prod-shared-postgres.abcdefghijkl.ap-northeast-2.rds.amazonaws.com"
      database               = "connectly"
      credentials_secret_arn = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:connectly-prod/shared-postgres-monitoring-AbCdEf"
      database_cidr_blocks   = { ap-northeast-2a = "10.10.128.0/22", ap-northeast-2b = "10.10.132.0/22" }
    }
  }
  tags = { Team = "platform" }
}

run "exporters" {
  command = plan

  assert {
    condition = yamldecode(local.yace_config).discovery.jobs == [
      {
        type   = "AWS/ApplicationELB", regions = ["ap-northeast-2"], searchTags = [], dimensionNameRequirements = ["LoadBalancer"],
        period = 60, length = 60, delay = 120, nilToZero = true,
        metrics = [
          { name = "HTTPCode_ELB_5XX_Count", statistics = ["Sum"] },
          { name = "HTTPCode_Target_5XX_Count", statistics = ["Sum"] },
          { name = "RequestCount", statistics = ["Sum"] },
        ]
      },
      {
        type    = "AWS/S3", regions = ["ap-northeast-2"], searchTags = [{ key = "Purpose", value = "^terraform-state$" }], dimensionNameRequirements = ["BucketName", "FilterId"],
        period  = 60, length = 60, delay = 120, nilToZero = true,
        metrics = [{ name = "5xxErrors", statistics = ["Sum"] }, { name = "AllRequests", statistics = ["Sum"] }]
      },
    ] && yamldecode(local.yace_config).apiVersion == "v1alpha1"
    error_message = "The YACE configuration must hold every discovery job with its region, tags, dimensions, timing and metrics."
  }
  assert {
    condition     = module.cloudwatch_exporter[0].service_name == "connectly-prod-metrics-cloudwatch" && module.postgres_exporter["connectly-prod-shared"].service_name == "connectly-prod-metrics-pg-connectly-prod-shared"
    error_message = "One YACE service and one PostgreSQL exporter service per database, named after name."
  }
  assert {
    condition     = output.cloudwatch_exporter_config == local.yace_config && output.postgres_exporter_service_names == { connectly-prod-shared = "connectly-prod-metrics-pg-connectly-prod-shared" }
    error_message = "The outputs must give the configuration and the services."
  }
  assert {
    condition     = jsondecode(local.yace_policy).Statement[0].Action == ["cloudwatch:GetMetricData", "cloudwatch:GetMetricStatistics", "cloudwatch:ListMetrics"] && jsondecode(local.yace_policy).Statement[1].Action == ["tag:GetResources"] && length(jsondecode(local.yace_policy).Statement) == 2
    error_message = "YACE may read CloudWatch metrics and discover tagged resources, nothing else."
  }
  assert {
    condition     = local.scrape_interval_seconds == 60
    error_message = "YACE must read CloudWatch as often as ADOT scrapes it."
  }
}

run "no_cloudwatch_exporter_on_the_emulator" {
  command = plan

  variables {
    cloudwatch_exporter           = null
    scrape_interval               = "2m"
    log_group_class               = null
    log_retention_in_days         = 7
    availability_zone_rebalancing = null
    enable_ecs_managed_tags       = false
  }

  assert {
    condition     = length(module.cloudwatch_exporter) == 0 && output.cloudwatch_exporter_config == null && local.scrape_interval_seconds == 120
    error_message = "cloudwatch_exporter = null must create no YACE service."
  }
  assert {
    condition     = module.postgres_exporter["connectly-prod-shared"].cloudwatch_log_group_name == "/aws/ecs/connectly-prod-services/connectly-prod-metrics-pg-connectly-prod-shared"
    error_message = "The PostgreSQL exporter logs to its own group in the cluster's path."
  }
}

run "bad_name_workspace_and_interval" {
  command = plan
  variables {
    name                     = "9-metrics"
    prometheus_workspace_arn = "ws-0123"
    scrape_interval          = "10s"
  }
  expect_failures = [var.name, var.prometheus_workspace_arn, var.scrape_interval]
}

run "cloudwatch_job_without_namespace" {
  command = plan
  variables {
    cloudwatch_exporter = { discovery_jobs = { alb = { type = "alb", metrics = { RequestCount = ["Sum"] } } } }
  }
  expect_failures = [var.cloudwatch_exporter]
}

run "cloudwatch_bad_statistic" {
  command = plan
  variables {
    cloudwatch_exporter = { discovery_jobs = { alb = { type = "AWS/ApplicationELB", metrics = { RequestCount = ["Total"] } } } }
  }
  expect_failures = [var.cloudwatch_exporter]
}

run "cloudwatch_bad_period" {
  command = plan
  variables {
    cloudwatch_exporter = { discovery_jobs = { alb = { type = "AWS/ApplicationELB", period = 90, metrics = { RequestCount = ["Sum"] } } } }
  }
  expect_failures = [var.cloudwatch_exporter]
}

run "postgres_bad_label" {
  command = plan
  variables {
    postgres_exporters = {
      Shared_DB = { host = "db.example", credentials_secret_arn = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:db-AbCdEf", database_cidr_blocks = { vpc = "10.0.0.0/16" } }
    }
  }
  expect_failures = [var.postgres_exporters]
}

run "postgres_secret_with_wildcard" {
  command = plan
  variables {
    postgres_exporters = {
      shared = { host = "db.example", credentials_secret_arn = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:db-*", database_cidr_blocks = { vpc = "10.0.0.0/16" } }
    }
  }
  expect_failures = [var.postgres_exporters]
}

run "postgres_open_to_the_world" {
  command = plan
  variables {
    postgres_exporters = {
      shared = { host = "db.example", credentials_secret_arn = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:db-AbCdEf", database_cidr_blocks = { anywhere = "0.0.0.0/0" } }
    }
  }
  expect_failures = [var.postgres_exporters]
}
