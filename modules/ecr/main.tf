################################################################################
# Image repositories for services: tags are immutable (a tag always means the image that was tested and
# deployed; services pin digests anyway), every push is scanned, images are encrypted with the platform's
# ecr key, and a lifecycle policy keeps the newest images and expires untagged ones.
################################################################################

data "aws_caller_identity" "current" {}

resource "aws_ecr_repository" "this" {
  for_each = var.repositories

  name                 = each.key
  image_tag_mutability = "IMMUTABLE"
  force_delete         = var.force_delete

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = var.kms_key_arn
  }

  tags = merge(var.tags, { Name = each.key })
}

resource "aws_ecr_lifecycle_policy" "this" {
  for_each = var.repositories

  repository = aws_ecr_repository.this[each.key].name
  policy = jsonencode({
    rules = [
      {
        rulePriority = 1
        description  = "Expire untagged images after ${each.value.untagged_expiry_days} days"
        selection = {
          tagStatus   = "untagged"
          countType   = "sinceImagePushed"
          countUnit   = "days"
          countNumber = each.value.untagged_expiry_days
        }
        action = { type = "expire" }
      },
      {
        rulePriority = 2
        description  = "Keep the newest ${each.value.keep_images} images"
        selection = {
          tagStatus   = "any"
          countType   = "imageCountMoreThan"
          countNumber = each.value.keep_images
        }
        action = { type = "expire" }
      },
    ]
  })
}

data "aws_iam_policy_document" "pull" {
  for_each = { for name, repo in var.repositories : name => repo if length(repo.pull_principal_arns) > 0 }

  statement {
    sid    = "CrossAccountPull"
    effect = "Allow"
    actions = [
      "ecr:BatchCheckLayerAvailability",
      "ecr:BatchGetImage",
      "ecr:GetDownloadUrlForLayer",
    ]

    principals {
      type        = "AWS"
      identifiers = each.value.pull_principal_arns
    }
  }
}

resource "aws_ecr_repository_policy" "this" {
  for_each = data.aws_iam_policy_document.pull

  repository = aws_ecr_repository.this[each.key].name
  policy     = each.value.json
}

################################################################################
# DR hook: registry replication of these repositories (one rule, filtered on their names)
################################################################################

resource "aws_ecr_replication_configuration" "this" {
  count = length(var.replication_destinations) > 0 ? 1 : 0

  lifecycle {
    precondition {
      condition     = length(var.repositories) <= 100
      error_message = "A replication rule filters on at most 100 repository names: split the repositories over ecr modules (one of them with the replication rule, filtered on a shared prefix)."
    }
  }

  replication_configuration {
    rule {
      dynamic "destination" {
        for_each = var.replication_destinations
        content {
          region      = destination.value.region
          registry_id = coalesce(destination.value.registry_id, data.aws_caller_identity.current.account_id)
        }
      }

      dynamic "repository_filter" {
        for_each = keys(var.repositories)
        content {
          filter      = repository_filter.value
          filter_type = "PREFIX_MATCH"
        }
      }
    }
  }
}
