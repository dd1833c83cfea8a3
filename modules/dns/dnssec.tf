# DNSSEC signing of public zones. Route 53 requires the key-signing key's KMS key in us-east-1, asymmetric
# ECC_NIST_P256 for SIGN_VERIFY. One KMS key serves every zone (one KSK per zone).

resource "aws_kms_key" "dnssec" {
  # checkov:skip=CKV_AWS_7: automatic rotation does not exist for asymmetric keys; a KSK is rotated by adding a new key-signing key
  count    = local.create_dnssec_key ? 1 : 0
  provider = aws.us_east_1

  description              = "${var.name}: Route 53 DNSSEC key-signing keys"
  customer_master_key_spec = "ECC_NIST_P256"
  key_usage                = "SIGN_VERIFY"
  deletion_window_in_days  = 30
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "KeyAdministration"
        Effect    = "Allow"
        Principal = { AWS = local.root_arn }
        Action    = local.key_admin_actions
        Resource  = "*"
      },
      {
        # Whoever creates a key-signing key needs these on the key too (IAM policies of this account decide who).
        Sid       = "CreateKeySigningKeys"
        Effect    = "Allow"
        Principal = { AWS = local.root_arn }
        Action    = ["kms:GetPublicKey", "kms:Sign"]
        Resource  = "*"
      },
      {
        Sid       = "CreateKeySigningKeysGrants"
        Effect    = "Allow"
        Principal = { AWS = local.root_arn }
        Action    = "kms:CreateGrant"
        Resource  = "*"
        Condition = { Bool = { "kms:GrantIsForAWSResource" = "true" } }
      },
      {
        Sid       = "Route53DnssecService"
        Effect    = "Allow"
        Principal = { Service = "dnssec-route53.amazonaws.com" }
        Action    = ["kms:DescribeKey", "kms:GetPublicKey", "kms:Sign"]
        Resource  = "*"
        Condition = {
          StringEquals = { "aws:SourceAccount" = local.account_id }
          ArnLike      = { "aws:SourceArn" = "arn:${local.partition}:route53:::hostedzone/*" }
        }
      },
      {
        Sid       = "Route53DnssecServiceGrants"
        Effect    = "Allow"
        Principal = { Service = "dnssec-route53.amazonaws.com" }
        Action    = "kms:CreateGrant"
        Resource  = "*"
        Condition = { Bool = { "kms:GrantIsForAWSResource" = "true" } }
      },
    ]
  })

  tags = merge(local.tags, { Name = "${var.name}-dnssec" })
}

resource "aws_kms_alias" "dnssec" {
  count    = local.create_dnssec_key ? 1 : 0
  provider = aws.us_east_1

  name          = "alias/${var.name}-dnssec"
  target_key_id = aws_kms_key.dnssec[0].key_id
}

resource "aws_route53_key_signing_key" "this" {
  for_each = local.signed_zones

  hosted_zone_id             = aws_route53_zone.public[each.key].id
  key_management_service_arn = local.dnssec_key_arn
  name                       = "primary"
  status                     = "ACTIVE"
}

resource "aws_route53_hosted_zone_dnssec" "this" {
  for_each = local.signed_zones

  hosted_zone_id = aws_route53_key_signing_key.this[each.key].hosted_zone_id
  signing_status = "SIGNING"
}
