data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  root_arn   = "arn:${local.partition}:iam::${local.account_id}:root"

  tags = merge(var.tags, { Name = var.name })

  signed_zones = var.enable_dnssec ? toset([for d, z in var.public_zones : d if z.dnssec]) : toset([])
  logged_zones = var.enable_query_logging ? toset([for d, z in var.public_zones : d if z.query_logging]) : toset([])

  create_dnssec_key    = length(local.signed_zones) > 0 && var.dnssec_kms_key_arn == null
  dnssec_key_arn       = local.create_dnssec_key ? aws_kms_key.dnssec[0].arn : var.dnssec_kms_key_arn
  create_query_log_key = length(local.logged_zones) > 0 && var.query_log_kms_key_arn == null
  query_log_key_arn    = local.create_query_log_key ? aws_kms_key.query_logs[0].arn : var.query_log_kms_key_arn

  # Subzones managed here: each public zone's parent is the longest other public zone it ends with.
  parent_candidates = { for d in keys(var.public_zones) : d => [for c in keys(var.public_zones) : c if endswith(d, ".${c}")] }
  subzone_parents = {
    for d, cs in local.parent_candidates : d => [for c in cs : c if length(c) == max([for x in cs : length(x)]...)][0] if length(cs) > 0
  }

  # Key administration without cryptographic use (as in modules/kms): the account, through IAM.
  key_admin_actions = [
    "kms:CancelKeyDeletion", "kms:CreateAlias", "kms:DeleteAlias", "kms:DescribeKey", "kms:DisableKey",
    "kms:DisableKeyRotation", "kms:EnableKey", "kms:EnableKeyRotation", "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus", "kms:ListAliases", "kms:ListGrants", "kms:ListKeyPolicies",
    "kms:ListKeyRotations", "kms:ListResourceTags", "kms:PutKeyPolicy", "kms:RevokeGrant",
    "kms:ScheduleKeyDeletion", "kms:TagResource", "kms:UntagResource", "kms:UpdateAlias",
    "kms:UpdateKeyDescription",
  ]
}

# --- hosted zones -------------------------------------------------------------------------------------

resource "aws_route53_zone" "public" {
  for_each = var.public_zones

  name              = each.key
  comment           = each.value.comment
  force_destroy     = each.value.force_destroy
  delegation_set_id = each.value.delegation_set_id

  tags = merge(var.tags, each.value.tags, { Name = each.key })
}

resource "aws_route53_zone" "private" {
  for_each = var.private_zones

  name          = each.key
  comment       = each.value.comment
  force_destroy = each.value.force_destroy

  dynamic "vpc" {
    for_each = concat(each.value.attach_vpc ? [var.vpc_id] : [], each.value.additional_vpc_ids)
    content {
      vpc_id = vpc.value
    }
  }

  tags = merge(var.tags, each.value.tags, { Name = each.key })
}

# --- records ------------------------------------------------------------------------------------------

resource "aws_route53_record" "this" {
  # checkov:skip=CKV2_AWS_23: records are service teams' input and point at resources of other layers (ALB aliases, IPs); checkov can only see resources in this configuration
  for_each = var.records

  zone_id         = each.value.private ? aws_route53_zone.private[each.value.zone].zone_id : aws_route53_zone.public[each.value.zone].zone_id
  name            = each.value.name == "" ? each.value.zone : "${each.value.name}.${each.value.zone}"
  type            = each.value.type
  ttl             = each.value.alias == null ? each.value.ttl : null
  records         = each.value.records
  set_identifier  = each.value.set_identifier
  health_check_id = each.value.health_check_id

  dynamic "alias" {
    for_each = each.value.alias == null ? [] : [each.value.alias]
    content {
      name                   = alias.value.name
      zone_id                = alias.value.zone_id
      evaluate_target_health = alias.value.evaluate_target_health
    }
  }

  dynamic "weighted_routing_policy" {
    for_each = each.value.weight == null ? [] : [each.value.weight]
    content {
      weight = weighted_routing_policy.value
    }
  }
}

# --- delegation ---------------------------------------------------------------------------------------

resource "aws_route53_record" "subzone_ns" {
  for_each = var.delegate_subzones ? local.subzone_parents : {}

  zone_id = aws_route53_zone.public[each.value].zone_id
  name    = each.key
  type    = "NS"
  ttl     = 172800
  records = aws_route53_zone.public[each.key].name_servers
}

# The chain of trust: a DS record in the parent, added only once the subzone is signed.
resource "aws_route53_record" "subzone_ds" {
  for_each = var.delegate_subzones ? { for d, p in local.subzone_parents : d => p if contains(local.signed_zones, d) && contains(local.signed_zones, p) } : {}

  zone_id = aws_route53_zone.public[each.value].zone_id
  name    = each.key
  type    = "DS"
  ttl     = 3600
  records = [aws_route53_key_signing_key.this[each.key].ds_record]

  depends_on = [aws_route53_hosted_zone_dnssec.this]
}

resource "aws_route53_record" "delegation_ns" {
  for_each = var.delegations

  zone_id = aws_route53_zone.public[each.value.zone].zone_id
  name    = each.value.name
  type    = "NS"
  ttl     = each.value.ttl
  records = each.value.name_servers
}

resource "aws_route53_record" "delegation_ds" {
  for_each = { for k, d in var.delegations : k => d if length(d.ds_records) > 0 }

  zone_id = aws_route53_zone.public[each.value.zone].zone_id
  name    = each.value.name
  type    = "DS"
  ttl     = 3600
  records = each.value.ds_records
}
