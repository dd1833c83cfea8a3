# Defaults of the atlantis module: image repository, the one-task service, EFS, load balancer, IAM,
# secrets, endpoints, metric filters and the overview dashboard (mock provider, no AWS).

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

# Merged with runs of the same variables (issue 20): one_task_service, efs, load_balancer_and_security_groups, iam, secrets_and_endpoints, metrics_and_dashboard
run "image_repository" {
  command = plan

  assert {
    condition     = aws_ecr_repository.this.name == "atlantis" && aws_ecr_repository.this.image_tag_mutability == "IMMUTABLE" && aws_ecr_repository.this.force_delete == false
    error_message = "The repository must be named after the module, with immutable tags, and never force-deleted."
  }
  assert {
    condition     = aws_ecr_repository.this.image_scanning_configuration[0].scan_on_push == true
    error_message = "Images must be scanned on push."
  }
  assert {
    condition     = aws_ecr_repository.this.encryption_configuration[0].encryption_type == "KMS" && aws_ecr_repository.this.encryption_configuration[0].kms_key == var.kms_key_arns["ecr"]
    error_message = "The repository must be encrypted with the kms layer's ecr key."
  }
  assert {
    condition = [for r in jsondecode(aws_ecr_lifecycle_policy.this.policy).rules : "${r.rulePriority}:${r.selection.tagStatus}:${r.selection.countType}:${r.selection.countNumber}:${r.action.type}"] == [
      "1:untagged:sinceImagePushed:7:expire",
      "2:any:imageCountMoreThan:30:expire",
    ]
    error_message = "Lifecycle: untagged images expire after 7 days, only the 30 newest images are kept."
  }

  # was run "one_task_service"
  assert {
    condition = local.deployment == {
      desired_count                      = 1
      enable_autoscaling                 = false
      deployment_maximum_percent         = 100
      deployment_minimum_healthy_percent = 0
    }
    error_message = "Exactly one task: desired 1, no autoscaling, a deployment stops the old task first (100/0)."
  }
  assert {
    condition     = module.service.service_name == "atlantis" && module.service.autoscaling_target_resource_id == null
    error_message = "The service must be named atlantis and have no autoscaling target."
  }
  assert {
    condition     = one([for s in aws_ecs_cluster.this.setting : s.value if s.name == "containerInsights"]) == "enabled"
    error_message = "Container Insights must be on for the cluster."
  }
  assert {
    condition     = local.container_definitions["atlantis"].image == "111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/atlantis@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    error_message = "The container must run the module's repository pinned by digest."
  }
  assert {
    condition = local.container_definitions["atlantis"].secrets == {
      ATLANTIS_GH_TOKEN          = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:atlantis/github/mock-AbCdEf"
      ATLANTIS_GH_WEBHOOK_SECRET = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:atlantis/github/mock-AbCdEf"
    }
    error_message = "The GitHub token and webhook secret must come from Secrets Manager, never from plain environment."
  }
  assert {
    condition = alltrue([for k, v in {
      ATLANTIS_ATLANTIS_URL                    = "https://atlantis.connectly.example"
      ATLANTIS_PORT                            = "4141"
      ATLANTIS_DATA_DIR                        = "/atlantis-data"
      ATLANTIS_REPO_CONFIG                     = "/etc/atlantis/repos.yaml"
      ATLANTIS_REPO_ALLOWLIST                  = "github.com/connectly/platform,github.com/connectly/svc-*"
      ATLANTIS_GH_USER                         = "connectly-atlantis"
      ATLANTIS_CHECKOUT_STRATEGY               = "merge"
      ATLANTIS_ENABLE_POLICY_CHECKS            = "true"
      ATLANTIS_FAIL_ON_PRE_WORKFLOW_HOOK_ERROR = "true"
      ATLANTIS_AUTOMERGE                       = "false"
    } : local.container_definitions["atlantis"].environment[k] == v])
    error_message = "The Atlantis server flags (URL, data dir, repo config, allowlist, merge checkout, policy checks, failing hooks) are wrong."
  }
  assert {
    condition     = length([for k in keys(local.container_definitions["atlantis"].environment) : k if strcontains(k, "TOKEN") || strcontains(k, "SECRET")]) == 0
    error_message = "No token or secret may be passed as a plain environment variable."
  }
  assert {
    condition     = local.container_definitions["atlantis"].mount_points["data"].container_path == "/atlantis-data" && local.volumes["data"].efs_volume_configuration.file_system_id == "fs-0123456789abcdef0" && local.volumes["data"].efs_volume_configuration.access_point_id == "fsap-0123456789abcdef0" && local.volumes["data"].efs_volume_configuration.iam == "ENABLED"
    error_message = "The data dir must be the EFS file system, mounted through the access point with IAM authorisation."
  }
  assert {
    condition     = keys(local.task_egress_rules) == ["https"] && local.task_egress_rules["https"].from_port == 443
    error_message = "The tasks' own egress is HTTPS only (NFS to EFS is a separate rule)."
  }
  assert {
    condition     = local.private_subnet_ids == ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2", "subnet-0aaaaaaaaaaaaaaa3"]
    error_message = "The tasks run in the private subnets, ordered by zone."
  }

  # was run "efs"
  assert {
    condition     = aws_efs_file_system.this.encrypted == true && aws_efs_file_system.this.kms_key_id == "arn:aws:kms:ap-northeast-2:111122223333:key/99999999-2222-3333-4444-555555555555"
    error_message = "EFS must be encrypted with the module's own key by default."
  }
  assert {
    condition     = length(aws_kms_key.efs) == 1 && aws_kms_key.efs[0].enable_key_rotation == true && aws_kms_alias.efs[0].name == "alias/atlantis-efs"
    error_message = "The EFS key must be created, rotated and aliased."
  }
  assert {
    condition     = one([for st in jsondecode(aws_kms_key.efs[0].policy).Statement : st.Condition.StringEquals["kms:ViaService"] if st.Sid == "UseThroughEfs"]) == "elasticfilesystem.ap-northeast-2.amazonaws.com"
    error_message = "Only EFS may use the EFS key."
  }
  assert {
    condition     = keys(aws_efs_mount_target.this) == ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"] && aws_efs_mount_target.this["ap-northeast-2b"].subnet_id == "subnet-0aaaaaaaaaaaaaaa2"
    error_message = "One mount target per private subnet, keyed by zone."
  }
  assert {
    condition     = aws_efs_access_point.this.posix_user[0].uid == 100 && aws_efs_access_point.this.posix_user[0].gid == 1000 && aws_efs_access_point.this.root_directory[0].path == "/atlantis" && aws_efs_access_point.this.root_directory[0].creation_info[0].permissions == "0750"
    error_message = "The access point maps clients to the atlantis user (100:1000) under /atlantis, mode 0750."
  }
  assert {
    condition     = length(aws_efs_backup_policy.this) == 1 && aws_efs_backup_policy.this[0].backup_policy[0].status == "ENABLED"
    error_message = "EFS backups must be on by default."
  }
  assert {
    condition = [for st in jsondecode(aws_efs_file_system_policy.this[0].policy).Statement : "${st.Sid}:${st.Effect}"] == [
      "AtlantisTaskThroughAccessPoint:Allow", "DenyInsecureTransport:Deny",
    ]
    error_message = "The file system policy must allow the task role through the access point and deny non-TLS access."
  }
  assert {
    condition     = jsondecode(aws_efs_file_system_policy.this[0].policy).Statement[0].Principal.AWS == "arn:aws:iam::111122223333:role/atlantis-task" && jsondecode(aws_efs_file_system_policy.this[0].policy).Statement[0].Condition.StringEquals["elasticfilesystem:AccessPointArn"] == aws_efs_access_point.this.arn
    error_message = "Only the task role, only through the access point."
  }

  # was run "load_balancer_and_security_groups"
  assert {
    condition     = keys(module.alb.listeners) == ["https"] && module.alb.listeners["https"].port == 443
    error_message = "HTTPS only: one listener on 443 and no port 80 redirect."
  }
  assert {
    condition     = local.certificate_arn == "arn:aws:acm:ap-northeast-2:111122223333:certificate/aaaaaaaa-2222-3333-4444-555555555555"
    error_message = "The listener must use the certificate_domain entry of certificate_arns."
  }
  assert {
    condition     = keys(local.alb_ingress_rules) == ["https-github-hooks-1", "https-office"] && alltrue([for r in values(local.alb_ingress_rules) : r.from_port == 443 && r.to_port == 443])
    error_message = "The load balancer accepts 443 from the allowed CIDR blocks only."
  }
  assert {
    condition     = keys(aws_vpc_security_group_ingress_rule.this) == ["efs-from-tasks", "tasks-from-alb"] && keys(aws_vpc_security_group_egress_rule.this) == ["alb-to-tasks", "tasks-to-efs"]
    error_message = "The four rules between load balancer, tasks and EFS must exist."
  }
  assert {
    condition     = alltrue([for r in concat(values(aws_vpc_security_group_ingress_rule.this), values(aws_vpc_security_group_egress_rule.this)) : r.referenced_security_group_id == "sg-0aaaaaaaaaaaaaaaa" && r.cidr_ipv4 == null])
    error_message = "By default the rules reference security groups, not CIDR blocks."
  }
  assert {
    condition     = aws_vpc_security_group_ingress_rule.this["tasks-from-alb"].from_port == 4141 && aws_vpc_security_group_ingress_rule.this["efs-from-tasks"].from_port == 2049 && aws_vpc_security_group_egress_rule.this["tasks-to-efs"].to_port == 2049
    error_message = "Tasks listen on 4141, EFS on 2049."
  }
  assert {
    condition     = module.access_logs_bucket.s3_bucket_id == "atlantis-alb-logs-111122223333-ap-northeast-2"
    error_message = "The access log bucket is named after the module, account and region."
  }
  assert {
    condition     = length(aws_route53_record.this) == 0
    error_message = "Without route53_zone_id the module creates no DNS record."
  }

  # was run "iam"
  assert {
    condition     = jsondecode(aws_iam_role.pipeline["plan"].assume_role_policy).Statement[0].Principal.AWS == "arn:aws:iam::111122223333:role/atlantis-task" && jsondecode(aws_iam_role.pipeline["apply"].assume_role_policy).Statement[0].Principal.AWS == "arn:aws:iam::111122223333:role/atlantis-task"
    error_message = "The plan and apply roles must trust the task role only (not the account)."
  }
  assert {
    condition     = aws_iam_role.pipeline["plan"].name == "atlantis-plan" && aws_iam_role.pipeline["apply"].name == "atlantis-apply"
    error_message = "Role names: <name>-plan and <name>-apply."
  }
  assert {
    condition     = keys(aws_iam_role_policy_attachment.pipeline) == ["apply/administrator", "plan/read-only"] && aws_iam_role_policy_attachment.pipeline["plan/read-only"].policy_arn == "arn:aws:iam::aws:policy/ReadOnlyAccess"
    error_message = "The plan role is read-only; the apply role has the apply policies."
  }
  assert {
    condition     = jsondecode(aws_iam_role_policy.apply_deny_self.policy).Statement[0].Effect == "Deny" && jsondecode(aws_iam_role_policy.apply_deny_self.policy).Statement[0].Resource == "arn:aws:iam::111122223333:role/atlantis-*"
    error_message = "The apply role must be denied changes to Atlantis's own roles."
  }
  assert {
    condition     = length(aws_iam_role_policies_exclusive.pipeline["plan"].policy_names) == 0 && length(aws_iam_role_policies_exclusive.pipeline["apply"].policy_names) == 1 && contains(aws_iam_role_policies_exclusive.pipeline["apply"].policy_names, "deny-changes-to-atlantis-roles")
    error_message = "Terraform must own every inline policy of the pipeline roles."
  }
  assert {
    condition     = jsondecode(local.assume_roles_policy).Statement[0].Resource == ["arn:aws:iam::111122223333:role/atlantis-apply", "arn:aws:iam::111122223333:role/atlantis-plan"]
    error_message = "The task role may assume exactly the plan and apply roles."
  }
  assert {
    condition = [for st in jsondecode(local.terraform_state_policy).Statement : "${st.Sid}=${jsonencode(st.Resource)}"] == [
      "ListStateBucket=\"arn:aws:s3:::prod-connectly\"",
      "ReadWriteStateObjects=\"arn:aws:s3:::prod-connectly/*\"",
      "UseStateKey=\"arn:aws:kms:ap-northeast-2:111122223333:key/55555555-2222-3333-4444-555555555555\"",
      "StateLockTable=\"arn:aws:dynamodb:ap-northeast-2:111122223333:table/prod-connectly-tf-lock\"",
    ]
    error_message = "The task role reaches exactly the state bucket, its key and the lock table."
  }
  assert {
    condition     = keys(local.tasks_iam_role_policies) == ["assume-plan-apply-roles", "efs-data", "terraform-state"]
    error_message = "The task role gets the assume-role, EFS and state policies, nothing else."
  }
  assert {
    condition     = output.plan_role_arns == { "111122223333" = "arn:aws:iam::111122223333:role/atlantis-task" } && keys(output.apply_role_arns) == ["111122223333"]
    error_message = "Without cross-account roles, the outputs map this account only."
  }

  # was run "secrets_and_endpoints"
  assert {
    condition     = [for k, s in aws_secretsmanager_secret.github : "${k}=${s.name}"] == ["token=atlantis/github/token", "webhook_secret=atlantis/github/webhook-secret"]
    error_message = "Two GitHub secrets, named <name>/github/..."
  }
  assert {
    condition     = alltrue([for s in values(aws_secretsmanager_secret.github) : s.kms_key_id == var.kms_key_arns["secrets"] && s.recovery_window_in_days == 30])
    error_message = "The secrets are encrypted with the secrets key and recoverable for 30 days."
  }
  assert {
    condition     = length(module.vpc_endpoints) == 1 && keys(module.vpc_endpoints[0].endpoints) == ["ecr.api", "ecr.dkr", "kms", "logs", "secretsmanager", "sts"]
    error_message = "The interface endpoints the task needs must be created."
  }

  # was run "metrics_and_dashboard"
  assert {
    condition     = keys(aws_cloudwatch_log_metric_filter.this) == ["ApplyFailure", "ApplySuccess", "LockContention", "PlanFailure", "PlanSuccess", "PolicyCheckFailure", "StateLockTimeout"]
    error_message = "Seven metric filters: plan/apply success and failure, policy check failures, lock contention, state lock timeouts."
  }
  assert {
    condition     = aws_cloudwatch_log_metric_filter.this["PlanSuccess"].pattern == "\"plan success. output available at\"" && aws_cloudwatch_log_metric_filter.this["ApplyFailure"].pattern == "?\"Error running apply operation\" ?\"Failure running apply operation\""
    error_message = "The filter patterns must match Atlantis's log lines."
  }
  assert {
    condition     = alltrue([for f in values(aws_cloudwatch_log_metric_filter.this) : f.log_group_name == "/aws/ecs/atlantis/atlantis" && f.metric_transformation[0].namespace == "Connectly/Atlantis" && f.metric_transformation[0].value == "1" && f.metric_transformation[0].unit == "Count"])
    error_message = "The filters read the Atlantis log group and count into the Connectly/Atlantis namespace."
  }
  assert {
    condition = [for w in jsondecode(output.overview_dashboard_body).widgets : try(w.properties.title, "text")] == [
      "text", "Plans", "Applies", "Failures", "Lock contention", "Load balancer", "Atlantis task", "Recent failures and lock refusals",
    ]
    error_message = "The overview dashboard must show plans, applies, failures, lock contention, the load balancer, the task and recent failures."
  }
  assert {
    condition     = jsondecode(output.overview_dashboard_body).widgets[1].properties.metrics[0][0] == "Connectly/Atlantis" && jsondecode(output.overview_dashboard_body).widgets[1].properties.metrics[0][1] == "PlanSuccess"
    error_message = "The plans widget must read the log-derived metric."
  }
  assert {
    condition     = jsondecode(output.overview_dashboard_body).widgets[5].properties.metrics[0] == ["AWS/ApplicationELB", "RequestCount", "LoadBalancer", "app/atlantis/50dc6c495c0c9188", { label = "requests (webhooks and UI)" }]
    error_message = "The load balancer widget must use the ALB's ARN suffix."
  }
  assert {
    condition     = strcontains(jsondecode(output.overview_dashboard_body).widgets[7].properties.query, "SOURCE '/aws/ecs/atlantis/atlantis'")
    error_message = "The recent failures widget must query the Atlantis log group."
  }
  assert {
    condition     = output.url == "https://atlantis.connectly.example" && output.ecr_repository_url == "111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/atlantis"
    error_message = "URL and repository outputs."
  }
}

