locals {
  partition = element(split(":", var.cluster_arn), 1)

  all_secret_arns = distinct(flatten([for c in values(var.container_definitions) : values(c.secrets)]))
  # A secret reference may end in :json-key:version-stage:version-id; IAM needs the secret's own ARN
  # (the first seven colon-separated fields), exactly, with its random suffix: no wildcards.
  secretsmanager_arns = sort(distinct([
    for arn in local.all_secret_arns : join(":", slice(split(":", arn), 0, 7)) if split(":", arn)[2] == "secretsmanager"
  ]))
  ssm_parameter_arns = sort(distinct([for arn in local.all_secret_arns : arn if split(":", arn)[2] == "ssm"]))

  # ECR repositories behind the images (ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPO[:tag|@digest]).
  ecr_images = [
    for c in values(var.container_definitions) :
    regex("^([0-9]{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?/([a-z0-9._/-]+)", c.image)
    if can(regex("^[0-9]{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?/", c.image))
  ]
  ecr_repository_arns = sort(distinct(concat(
    [for m in local.ecr_images : "arn:${local.partition}:ecr:${m[1]}:${m[0]}:repository/${m[3]}"],
    var.task_exec_ecr_repository_arns,
  )))

  task_exec_policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          Sid    = "WriteContainerLogs"
          Effect = "Allow"
          Action = ["logs:CreateLogStream", "logs:PutLogEvents"]
          # Streams are named <container>/<container>/<task-id>: one prefix per container of this task.
          Resource = [
            for name in sort(keys(var.container_definitions)) :
            "${module.cloudwatch_log_group.cloudwatch_log_group_arn}:log-stream:${name}/*"
          ]
        },
      ],
      length(local.ecr_repository_arns) == 0 ? [] : [
        {
          Sid    = "EcrAuthorizationToken"
          Effect = "Allow"
          Action = ["ecr:GetAuthorizationToken"]
          # GetAuthorizationToken has no resource-level permissions: AWS accepts only "*".
          Resource = ["*"]
        },
        {
          Sid      = "PullImages"
          Effect   = "Allow"
          Action   = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
          Resource = local.ecr_repository_arns
        },
      ],
      length(local.secretsmanager_arns) == 0 ? [] : [
        {
          Sid      = "ReadContainerSecrets"
          Effect   = "Allow"
          Action   = ["secretsmanager:GetSecretValue"]
          Resource = local.secretsmanager_arns
        },
      ],
      length(local.ssm_parameter_arns) == 0 ? [] : [
        {
          Sid      = "ReadContainerParameters"
          Effect   = "Allow"
          Action   = ["ssm:GetParameters"]
          Resource = local.ssm_parameter_arns
        },
      ],
      length(var.task_exec_secret_kms_key_arns) == 0 ? [] : [
        {
          Sid      = "DecryptSecretsViaService"
          Effect   = "Allow"
          Action   = ["kms:Decrypt"]
          Resource = sort(var.task_exec_secret_kms_key_arns)
          Condition = {
            StringEquals = {
              "kms:ViaService" = [
                "secretsmanager.${data.aws_region.current.name}.amazonaws.com",
                "ssm.${data.aws_region.current.name}.amazonaws.com",
              ]
            }
          }
        },
      ],
    )
  })

  # ECS Exec: the SSM agent in the task opens its control and data channels. These ssmmessages actions
  # have no resource-level permissions: AWS accepts only "*".
  execute_command_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "EcsExecChannels"
        Effect = "Allow"
        Action = [
          "ssmmessages:CreateControlChannel",
          "ssmmessages:CreateDataChannel",
          "ssmmessages:OpenControlChannel",
          "ssmmessages:OpenDataChannel",
        ]
        Resource = "*"
      },
    ]
  })

  tasks_inline_policies = tomap(merge(
    var.tasks_iam_role_policies,
    var.enable_execute_command ? { ecs-exec = local.execute_command_policy } : {},
    local.adot_enabled ? { adot-remote-write = local.adot_remote_write_policy } : {},
  ))

  task_exec_iam_role_arn = var.create_task_exec_iam_role ? module.task_exec_iam_role[0].iam_role_arn : var.task_exec_iam_role_arn
  tasks_iam_role_arn     = var.create_tasks_iam_role ? module.tasks_iam_role[0].iam_role_arn : var.tasks_iam_role_arn
}

################################################################################
# Task execution role: used by ECS itself (image pull, logs, secrets) - never by the application
################################################################################

module "task_exec_iam_role" {
  source = "../iam-role-policy"
  count  = var.create_task_exec_iam_role ? 1 : 0

  name                     = "${var.name}-task-exec"
  trusted_services         = ["ecs-tasks.amazonaws.com"]
  permissions_boundary_arn = var.iam_role_permissions_boundary_arn
  inline_policies = {
    task-execution = local.task_exec_policy
  }

  tags = var.tags
}

################################################################################
# Task role: the application's identity
################################################################################

module "tasks_iam_role" {
  source = "../iam-role-policy"
  count  = var.create_tasks_iam_role ? 1 : 0

  name                     = "${var.name}-task"
  trusted_services         = ["ecs-tasks.amazonaws.com"]
  permissions_boundary_arn = var.iam_role_permissions_boundary_arn
  inline_policies          = local.tasks_inline_policies
  managed_policy_arns      = var.tasks_iam_role_managed_policy_arns

  tags = var.tags
}
