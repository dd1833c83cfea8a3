# --- replicas in the DR region (ADR 0023) --------------------------------------------------------------
# A multi-region key's replica shares its key material: what the key encrypted here (a secret's value, a
# snapshot) is readable there, and services of the DR region (Secrets Manager replicas) encrypt with it.
# Each replica gets its key's policy with the DR region in place of this one (service endpoints, ARNs).

data "aws_region" "dr" {
  provider = aws.dr
}

resource "aws_kms_replica_key" "this" {
  for_each = var.multi_region_purposes
  provider = aws.dr

  description             = "${each.key}: ${local.services[each.key].description} (replica in ${data.aws_region.dr.name})"
  primary_key_arn         = aws_kms_key.this[each.key].arn
  deletion_window_in_days = var.deletion_window_in_days
  enabled                 = true
  policy = replace(
    replace(local.policies[each.key], ".${local.region}.amazonaws.com", ".${data.aws_region.dr.name}.amazonaws.com"),
    ":${local.region}:", ":${data.aws_region.dr.name}:",
  )

  tags = merge(var.tags, { Name = local.alias_names[each.key], Purpose = each.key })
}

resource "aws_kms_alias" "replica" {
  for_each = var.multi_region_purposes
  provider = aws.dr

  name          = local.alias_names[each.key]
  target_key_id = aws_kms_replica_key.this[each.key].key_id
}
