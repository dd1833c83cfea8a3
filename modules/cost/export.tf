# CUR 2.0 through AWS Data Exports (an us-east-1 API): daily Parquet files with resource ids and tags, in a
# bucket of this module encrypted with a key of this module, read by a Glue table with partition projection.

locals {
  export_name        = "${var.name}-cur2"
  export_bucket_name = "${var.name}-cost-export-${local.account_id}"
  export_prefix      = "cur2"
  export_location    = "s3://${local.export_bucket_name}/${local.export_prefix}/${local.export_name}/data/"
  cost_database_name = "${replace(var.name, "-", "_")}_cost"

  export_columns = [
    { name = "bill_billing_period_start_date", type = "timestamp" },
    { name = "line_item_usage_start_date", type = "timestamp" },
    { name = "line_item_usage_account_id", type = "string" },
    { name = "line_item_product_code", type = "string" },
    { name = "line_item_usage_type", type = "string" },
    { name = "line_item_resource_id", type = "string" },
    { name = "line_item_unblended_cost", type = "double" },
    { name = "product_region_code", type = "string" },
    { name = "resource_tags", type = "map<string,string>" },
  ]
  export_query = "SELECT ${join(", ", [for c in local.export_columns : c.name])} FROM COST_AND_USAGE_REPORT"

  # Data Exports writes for this account's exports only.
  export_writers     = ["billingreports.amazonaws.com", "bcm-data-exports.amazonaws.com"]
  export_source_arns = ["arn:${local.partition}:cur:us-east-1:${local.account_id}:definition/*", "arn:${local.partition}:bcm-data-exports:us-east-1:${local.account_id}:export/*"]

  cost_table = "\"${local.cost_database_name}\".\"cur2\""
  # CUR 2.0 keeps user tags in resource_tags as user_<key in lower case>.
  cost_queries = {
    "cost-by-service" = {
      description = "Unblended cost by AWS service, this and last billing period."
      query       = <<-SQL
        SELECT billing_period, line_item_product_code AS service, round(sum(line_item_unblended_cost), 2) AS cost_usd
        FROM ${local.cost_table}
        WHERE billing_period >= date_format(date_add('month', -1, current_date), '%Y-%m')
        GROUP BY 1, 2
        ORDER BY 1 DESC, 3 DESC
      SQL
    }
    "cost-by-tag" = {
      description = "Unblended cost by Environment and CostCenter tags, this and last billing period (untagged shows as null)."
      query       = <<-SQL
        SELECT billing_period, element_at(resource_tags, 'user_environment') AS environment,
               element_at(resource_tags, 'user_cost_center') AS cost_center, round(sum(line_item_unblended_cost), 2) AS cost_usd
        FROM ${local.cost_table}
        WHERE billing_period >= date_format(date_add('month', -1, current_date), '%Y-%m')
        GROUP BY 1, 2, 3
        ORDER BY 1 DESC, 4 DESC
      SQL
    }
    "cost-by-layer" = {
      description = "Unblended cost by the Layer tag (the layer id every resource carries), this billing period."
      query       = <<-SQL
        SELECT element_at(resource_tags, 'user_environment') AS environment, element_at(resource_tags, 'user_layer') AS layer,
               round(sum(line_item_unblended_cost), 2) AS cost_usd
        FROM ${local.cost_table}
        WHERE billing_period = date_format(current_date, '%Y-%m')
        GROUP BY 1, 2
        ORDER BY 3 DESC
      SQL
    }
  }
}

resource "aws_kms_key" "export" {
  count = var.create_data_export ? 1 : 0

  description             = "${var.name}: CUR 2.0 data export bucket"
  key_usage               = "ENCRYPT_DECRYPT"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "KeyAdministration"
        Effect    = "Allow"
        Principal = { AWS = "arn:${local.partition}:iam::${local.account_id}:root" }
        Action = [
          "kms:CancelKeyDeletion", "kms:CreateAlias", "kms:DeleteAlias", "kms:DescribeKey", "kms:DisableKey",
          "kms:DisableKeyRotation", "kms:EnableKey", "kms:EnableKeyRotation", "kms:GetKeyPolicy",
          "kms:GetKeyRotationStatus", "kms:ListAliases", "kms:ListGrants", "kms:ListKeyPolicies",
          "kms:ListKeyRotations", "kms:ListResourceTags", "kms:PutKeyPolicy", "kms:RevokeGrant",
          "kms:ScheduleKeyDeletion", "kms:TagResource", "kms:UntagResource", "kms:UpdateAlias",
          "kms:UpdateKeyDescription",
        ]
        Resource = "*"
      },
      {
        # Readers of the export (Athena through S3) decrypt with their own IAM rights, in this account only.
        Sid       = "ReadThroughS3"
        Effect    = "Allow"
        Principal = { AWS = "arn:${local.partition}:iam::${local.account_id}:root" }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"]
        Resource  = "*"
        Condition = {
          StringEquals = {
            "kms:ViaService"    = "s3.${local.region}.amazonaws.com"
            "kms:CallerAccount" = local.account_id
          }
        }
      },
      {
        Sid       = "DataExportsEncryptsItsObjects"
        Effect    = "Allow"
        Principal = { Service = local.export_writers }
        Action    = ["kms:GenerateDataKey*", "kms:Decrypt"]
        Resource  = "*"
        Condition = {
          StringEquals = { "aws:SourceAccount" = local.account_id }
          ArnLike      = { "aws:SourceArn" = local.export_source_arns }
        }
      },
    ]
  })

  tags = merge(var.tags, { Name = "${var.name}-cost-export" })
}

resource "aws_kms_alias" "export" {
  count = var.create_data_export ? 1 : 0

  name          = "alias/${var.name}-cost-export"
  target_key_id = aws_kms_key.export[0].key_id
}

module "export_bucket" {
  source = "../s3-bucket"
  count  = var.create_data_export ? 1 : 0

  bucket        = local.export_bucket_name
  kms_key_arn   = aws_kms_key.export[0].arn
  versioning    = true
  force_destroy = var.force_destroy

  lifecycle_rules = [{
    id         = "expire-exports"
    expiration = { days = var.export_expiration_days }
    noncurrent_version_expiration = {
      noncurrent_days = 7
    }
  }]

  policy_statements = {
    DataExportsWrite = {
      actions    = ["s3:PutObject", "s3:GetBucketPolicy"]
      principals = [{ type = "Service", identifiers = local.export_writers }]
      conditions = [
        { test = "StringEquals", variable = "aws:SourceAccount", values = [local.account_id] },
        { test = "ArnLike", variable = "aws:SourceArn", values = local.export_source_arns },
      ]
    }
  }

  attach_deny_insecure_transport_policy = true
  # Data Exports sends no encryption header: the bucket's default encryption (this module's key) applies.
  attach_deny_unencrypted_object_uploads = false

  tags = var.tags
}

resource "aws_bcmdataexports_export" "cur2" {
  count    = var.create_data_export ? 1 : 0
  provider = aws.us_east_1

  export {
    name        = local.export_name
    description = "CUR 2.0 of ${var.name}: daily, resource ids and tags, Parquet"

    data_query {
      query_statement = local.export_query
      table_configurations = {
        COST_AND_USAGE_REPORT = {
          TIME_GRANULARITY                      = "DAILY"
          INCLUDE_RESOURCES                     = "TRUE"
          INCLUDE_MANUAL_DISCOUNT_COMPATIBILITY = "FALSE"
          INCLUDE_SPLIT_COST_ALLOCATION_DATA    = "FALSE"
        }
      }
    }

    destination_configurations {
      s3_destination {
        s3_bucket = module.export_bucket[0].s3_bucket_id
        s3_prefix = local.export_prefix
        s3_region = local.region

        s3_output_configurations {
          overwrite   = "OVERWRITE_REPORT"
          format      = "PARQUET"
          compression = "PARQUET"
          output_type = "CUSTOM"
        }
      }
    }

    refresh_cadence {
      frequency = "SYNCHRONOUS"
    }
  }

  tags = merge(var.tags, { Name = local.export_name })
}

resource "aws_glue_catalog_database" "cost" {
  count = var.create_data_export ? 1 : 0

  name        = local.cost_database_name
  description = "The CUR 2.0 export of ${var.name}"

  tags = merge(var.tags, { Name = local.cost_database_name })
}

resource "aws_glue_catalog_table" "cur2" {
  count = var.create_data_export ? 1 : 0

  name          = "cur2"
  database_name = aws_glue_catalog_database.cost[0].name
  description   = "CUR 2.0 (Data Exports, Parquet), partitioned by billing period (YYYY-MM, partition projection)"
  table_type    = "EXTERNAL_TABLE"

  parameters = {
    "EXTERNAL"                                = "TRUE"
    "classification"                          = "parquet"
    "projection.enabled"                      = "true"
    "projection.billing_period.type"          = "date"
    "projection.billing_period.format"        = "yyyy-MM"
    "projection.billing_period.range"         = "${var.export_start_month},NOW"
    "projection.billing_period.interval"      = "1"
    "projection.billing_period.interval.unit" = "MONTHS"
    "storage.location.template"               = "${local.export_location}BILLING_PERIOD=$${billing_period}"
  }

  partition_keys {
    name = "billing_period"
    type = "string"
  }

  storage_descriptor {
    location      = local.export_location
    input_format  = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"
    output_format = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"

    ser_de_info {
      name                  = "parquet"
      serialization_library = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
    }

    dynamic "columns" {
      for_each = local.export_columns
      content {
        name = columns.value.name
        type = columns.value.type
      }
    }
  }
}

resource "aws_athena_named_query" "cost" {
  for_each = var.create_data_export ? local.cost_queries : {}

  name        = "${var.name}-${each.key}"
  description = each.value.description
  workgroup   = var.athena_workgroup_name
  database    = aws_glue_catalog_database.cost[0].name
  query       = trimspace(each.value.query)
}
