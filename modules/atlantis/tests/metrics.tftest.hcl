# Issue 15, ADR 0028: Atlantis's Prometheus metrics through ../ecs-service's ADOT collector sidecar into
# Amazon Managed Prometheus, the overview dashboard the module now creates itself, and Atlantis's own alarms
# to the monitoring layer's alert topics (mock provider, no AWS).
# Few runs on purpose: each starts the provider.

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  hostname       = "atlantis.connectly.example"
  vpc_id         = "vpc-0123456789abcdef0"
  vpc_cidr_block = "10.10.0.0/16"
  private_subnet_ids_by_az = {
    ap-northeast-2a = "subnet-0aaaaaaaaaaaaaaa1"
    ap-northeast-2b = "subnet-0aaaaaaaaaaaaaaa2"
    ap-northeast-2c = "subnet-0aaaaaaaaaaaaaaa3"
  }
  public_subnet_ids = ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2", "subnet-0bbbbbbbbbbbbbbb3"]
  alb_ingress_cidr_blocks = {
    github-hooks-1 = "192.30.252.0/22"
    office         = "203.0.113.0/24"
  }
  kms_key_arns = {
    ecr               = "arn:aws:kms:ap-northeast-2:111122223333:key/11111111-2222-3333-4444-555555555555"
    logs              = "arn:aws:kms:ap-northeast-2:111122223333:key/22222222-2222-3333-4444-555555555555"
    secrets           = "arn:aws:kms:ap-northeast-2:111122223333:key/33333333-2222-3333-4444-555555555555"
    rds               = "arn:aws:kms:ap-northeast-2:111122223333:key/44444444-2222-3333-4444-555555555555"
    "terraform-state" = "arn:aws:kms:ap-northeast-2:111122223333:key/55555555-2222-3333-4444-555555555555"
  }
  certificate_arns = {
    "*.connectly.example"   = "arn:aws:acm:ap-northeast-2:111122223333:certificate/aaaaaaaa-2222-3333-4444-555555555555"
    "api.connectly.example" = "arn:aws:acm:ap-northeast-2:111122223333:certificate/bbbbbbbb-2222-3333-4444-555555555555"
  }
  certificate_domain = "*.connectly.example"
  web_acl_arn        = "arn:aws:wafv2:ap-northeast-2:111122223333:regional/webacl/platform-regional/0123abcd-2222-3333-4444-555555555555"
  image_digest       = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
  github_user        = "connectly-atlantis"
  terraform_state = {
    bucket_arn     = "arn:aws:s3:::prod-connectly"
    kms_key_arn    = "arn:aws:kms:ap-northeast-2:111122223333:key/55555555-2222-3333-4444-555555555555"
    lock_table_arn = "arn:aws:dynamodb:ap-northeast-2:111122223333:table/prod-connectly-tf-lock"
  }
  tags = { Team = "platform" }
}

run "no_collector_by_default_and_the_overview_dashboard" {
  command = plan

  assert {
    condition     = [for c in jsondecode(module.service.container_definitions) : c.name] == ["atlantis"] && !contains(keys(module.service.tasks_iam_role_inline_policies), "adot-remote-write") && output.adot_collector_enabled == false
    error_message = "Without adot_collector the task runs Atlantis alone and the task role may not remote-write."
  }
  assert {
    condition     = aws_cloudwatch_dashboard.overview.dashboard_name == "atlantis-overview" && output.overview_dashboard_name == "atlantis-overview"
    error_message = "The module creates the overview dashboard <name>-overview (not connectly-<env>-atlantis, the monitoring layer's old name: no collision during the move)."
  }
  assert {
    condition     = jsondecode(aws_cloudwatch_dashboard.overview.dashboard_body) == jsondecode(output.overview_dashboard_body) && length(jsondecode(aws_cloudwatch_dashboard.overview.dashboard_body).widgets) == 8
    error_message = "The dashboard's body must be the overview (output overview_dashboard_body)."
  }
  assert {
    condition     = !strcontains(jsondecode(aws_cloudwatch_dashboard.overview.dashboard_body).widgets[0].properties.markdown, "Prometheus workspace")
    error_message = "Without a collector the dashboard must not point at a Prometheus workspace."
  }
  assert {
    condition     = length(aws_cloudwatch_metric_alarm.this) == 0 && output.alarm_arns == {}
    error_message = "Without alarm_topic_arns the module creates no alarms."
  }
}

run "collector_scrapes_atlantis_and_remote_writes_to_amp" {
  command = plan

  variables {
    name                    = "atlantis-canary"
    overview_dashboard_name = "atlantis-canary-metrics"
    adot_collector = {
      workspace_arn       = "arn:aws:aps:ap-northeast-2:111122223333:workspace/ws-0123abcd-4567-89ef-0123-456789abcdef"
      prometheus_endpoint = "https://aps-workspaces.ap-northeast-2.amazonaws.com/workspaces/ws-0123abcd-4567-89ef-0123-456789abcdef/"
      scrape_interval     = "1m"
    }
    # The monitoring layer's alert_topic_arns, passed whole (extra keys ignored).
    alarm_topic_arns = {
      critical = "arn:aws:sns:ap-northeast-2:111122223333:connectly-test-critical"
      warning  = "arn:aws:sns:ap-northeast-2:111122223333:connectly-test-warning"
      info     = "arn:aws:sns:ap-northeast-2:111122223333:connectly-test-info"
    }
  }

  assert {
    condition     = [for c in jsondecode(module.service.container_definitions) : c.name] == ["atlantis", "adot-collector"] && jsondecode(module.service.container_definitions)[1].essential == false && output.adot_collector_enabled
    error_message = "The collector must run beside Atlantis and not be essential (Atlantis runs on without it)."
  }
  assert {
    condition     = jsondecode(module.service.container_definitions)[1].image == "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1" && jsondecode(module.service.container_definitions)[1].cpu == 128 && jsondecode(module.service.container_definitions)[1].memory == 256
    error_message = "Attributes left null must take ../ecs-service's defaults (image, cpu, memory): one definition of the sidecar."
  }
  assert {
    condition = yamldecode(one([for e in jsondecode(module.service.container_definitions)[1].environment : e.value if e.name == "AOT_CONFIG_CONTENT"])).receivers.prometheus.config == {
      global = { scrape_interval = "1m" }
      scrape_configs = [{
        job_name       = "atlantis"
        metrics_path   = "/metrics"
        static_configs = [{ targets = ["localhost:4141"], labels = { service = "atlantis-canary", cluster = "atlantis" } }] # cluster: the mock cluster ARN
      }]
    }
    error_message = "The collector must scrape Atlantis's own port and metrics path (repos.yaml metrics.prometheus.endpoint) as job atlantis."
  }
  assert {
    condition     = yamldecode(one([for e in jsondecode(module.service.container_definitions)[1].environment : e.value if e.name == "AOT_CONFIG_CONTENT"])).exporters.prometheusremotewrite == { endpoint = "https://aps-workspaces.ap-northeast-2.amazonaws.com/workspaces/ws-0123abcd-4567-89ef-0123-456789abcdef/api/v1/remote_write", auth = { authenticator = "sigv4auth" } }
    error_message = "The collector must remote-write to the workspace's endpoint with SigV4."
  }
  assert {
    condition     = jsondecode(module.service.tasks_iam_role_inline_policies["adot-remote-write"]).Statement == [{ Sid = "RemoteWriteToTheWorkspace", Effect = "Allow", Action = ["aps:RemoteWrite"], Resource = "arn:aws:aps:ap-northeast-2:111122223333:workspace/ws-0123abcd-4567-89ef-0123-456789abcdef" }]
    error_message = "The task role may remote-write to that workspace and nothing else."
  }
  assert {
    condition     = aws_cloudwatch_dashboard.overview.dashboard_name == "atlantis-canary-metrics" && strcontains(jsondecode(aws_cloudwatch_dashboard.overview.dashboard_body).widgets[0].properties.markdown, "Prometheus workspace ws-0123abcd-4567-89ef-0123-456789abcdef")
    error_message = "overview_dashboard_name names the dashboard; its header points at the workspace holding Atlantis's Prometheus metrics."
  }
  assert {
    condition     = keys(aws_cloudwatch_metric_alarm.this) == ["no-healthy-task", "state-lock-timeouts"] && aws_cloudwatch_metric_alarm.this["no-healthy-task"].alarm_name == "atlantis-canary-no-healthy-task"
    error_message = "Two alarms of Atlantis's own, named <name>-<key>."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.this["no-healthy-task"].alarm_actions == toset(["arn:aws:sns:ap-northeast-2:111122223333:connectly-test-critical"]) && aws_cloudwatch_metric_alarm.this["state-lock-timeouts"].alarm_actions == toset(["arn:aws:sns:ap-northeast-2:111122223333:connectly-test-warning"])
    error_message = "No healthy task pages (critical); a state lock timeout warns."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.this["no-healthy-task"].metric_name == "HealthyHostCount" && aws_cloudwatch_metric_alarm.this["no-healthy-task"].dimensions == tomap({ TargetGroup = module.alb.target_groups["atlantis"].arn_suffix, LoadBalancer = module.alb.arn_suffix }) && aws_cloudwatch_metric_alarm.this["no-healthy-task"].comparison_operator == "LessThanThreshold" && aws_cloudwatch_metric_alarm.this["no-healthy-task"].threshold == 1 && aws_cloudwatch_metric_alarm.this["no-healthy-task"].evaluation_periods * aws_cloudwatch_metric_alarm.this["no-healthy-task"].period == 900 && aws_cloudwatch_metric_alarm.this["no-healthy-task"].treat_missing_data == "breaching"
    error_message = "The health alarm watches Atlantis's target group for 15 minutes (longer than a deployment's gap); no data counts as unhealthy."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.this["state-lock-timeouts"].namespace == "Connectly/Atlantis" && aws_cloudwatch_metric_alarm.this["state-lock-timeouts"].metric_name == "StateLockTimeout" && aws_cloudwatch_metric_alarm.this["state-lock-timeouts"].comparison_operator == "GreaterThanThreshold" && aws_cloudwatch_metric_alarm.this["state-lock-timeouts"].threshold == 0
    error_message = "The lock alarm watches the log-derived StateLockTimeout metric."
  }
  assert {
    condition     = endswith(aws_cloudwatch_metric_alarm.this["no-healthy-task"].alarm_description, "Runbook: https://github.com/connectly/platform/blob/main/docs/runbooks/atlantis.md#no-healthy-task") && endswith(aws_cloudwatch_metric_alarm.this["state-lock-timeouts"].alarm_description, "Runbook: https://github.com/connectly/platform/blob/main/docs/runbooks/atlantis.md#state-lock-timeouts")
    error_message = "Each alarm's description ends with its runbook section."
  }
}

run "collector_workspace_and_endpoint_must_match" {
  command = plan

  variables {
    adot_collector = {
      workspace_arn       = "arn:aws:aps:ap-northeast-2:111122223333:workspace/ws-0123abcd-4567-89ef-0123-456789abcdef"
      prometheus_endpoint = "https://aps-workspaces.ap-northeast-2.amazonaws.com/workspaces/ws-ffffffff-4567-89ef-0123-456789abcdef/"
    }
    overview_dashboard_name = "not a dashboard name"
    alarm_topic_arns        = { critical = "connectly-test-critical" }
  }

  expect_failures = [var.adot_collector, var.overview_dashboard_name, var.alarm_topic_arns]
}
