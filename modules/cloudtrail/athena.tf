# Athena over the trail's log files: a workgroup that enforces encrypted results in a bucket of its own,
# a Glue database and a table with partition projection (region and day come from the S3 path, so no
# crawler or MSCK REPAIR is ever needed), and saved queries for the usual audit questions.

locals {
  athena_results_bucket_name = coalesce(var.athena_results_bucket_name, "${var.name}-athena-results")
  athena_results_bucket_arn  = "arn:${local.partition}:s3:::${local.athena_results_bucket_name}"
  athena_workgroup_name      = "${var.name}-audit"
  glue_database_name         = "${replace(var.name, "-", "_")}_audit"
  glue_table_name            = "cloudtrail"
  glue_table_location        = "s3://${local.bucket_name}/${local.logs_prefix}/CloudTrail/"

  # The CloudTrail record (AWS's documented Athena schema; nested JSON objects stay strings).
  cloudtrail_columns = [
    { name = "eventversion", type = "string" },
    { name = "useridentity", type = "struct<type:string,principalid:string,arn:string,accountid:string,invokedby:string,accesskeyid:string,username:string,onbehalfof:struct<userid:string,identitystorearn:string>,sessioncontext:struct<attributes:struct<mfaauthenticated:string,creationdate:string>,sessionissuer:struct<type:string,principalid:string,arn:string,accountid:string,username:string>,ec2roledelivery:string,webidfederationdata:struct<federatedprovider:string,attributes:map<string,string>>,sourceidentity:string>>" },
    { name = "eventtime", type = "string" },
    { name = "eventsource", type = "string" },
    { name = "eventname", type = "string" },
    { name = "awsregion", type = "string" },
    { name = "sourceipaddress", type = "string" },
    { name = "useragent", type = "string" },
    { name = "errorcode", type = "string" },
    { name = "errormessage", type = "string" },
    { name = "requestparameters", type = "string" },
    { name = "responseelements", type = "string" },
    { name = "additionaleventdata", type = "string" },
    { name = "requestid", type = "string" },
    { name = "eventid", type = "string" },
    { name = "readonly", type = "string" },
    { name = "resources", type = "array<struct<arn:string,accountid:string,type:string>>" },
    { name = "eventtype", type = "string" },
    { name = "apiversion", type = "string" },
    { name = "recipientaccountid", type = "string" },
    { name = "serviceeventdetails", type = "string" },
    { name = "sharedeventid", type = "string" },
    { name = "vpcendpointid", type = "string" },
    { name = "vpcendpointaccountid", type = "string" },
    { name = "eventcategory", type = "string" },
    { name = "sessioncredentialfromconsole", type = "string" },
    { name = "tlsdetails", type = "struct<tlsversion:string,ciphersuite:string,clientprovidedhostheader:string>" },
  ]

  table = "\"${local.glue_database_name}\".\"${local.glue_table_name}\""
  # The last 30 days of every region: the partition filter keeps the scan small.
  recent = "log_date >= date_format(current_date - interval '30' day, '%Y/%m/%d')"

  named_queries = {
    "console-logins-without-mfa" = {
      description = "Successful console sign-ins of IAM users and root without MFA, last 30 days."
      query       = <<-SQL
        SELECT eventtime, useridentity.type, useridentity.arn, sourceipaddress, useragent, awsregion
        FROM ${local.table}
        WHERE ${local.recent}
          AND eventname = 'ConsoleLogin'
          AND useridentity.type IN ('IAMUser', 'Root')
          AND json_extract_scalar(responseelements, '$.ConsoleLogin') = 'Success'
          AND coalesce(json_extract_scalar(additionaleventdata, '$.MFAUsed'), 'No') <> 'Yes'
        ORDER BY eventtime DESC
      SQL
    }
    "root-activity" = {
      description = "Every call made with the root user's credentials, last 30 days."
      query       = <<-SQL
        SELECT eventtime, eventsource, eventname, awsregion, sourceipaddress, useragent, errorcode
        FROM ${local.table}
        WHERE ${local.recent}
          AND useridentity.type = 'Root'
          AND useridentity.invokedby IS NULL
          AND eventtype <> 'AwsServiceEvent'
        ORDER BY eventtime DESC
      SQL
    }
    "iam-changes" = {
      description = "Write calls to IAM (users, roles, policies, keys), last 30 days."
      query       = <<-SQL
        SELECT eventtime, eventname, useridentity.arn, sourceipaddress, errorcode, requestparameters
        FROM ${local.table}
        WHERE ${local.recent}
          AND eventsource = 'iam.amazonaws.com'
          AND readonly = 'false'
        ORDER BY eventtime DESC
      SQL
    }
    "security-group-changes" = {
      description = "Security groups and their rules created, changed or deleted, last 30 days."
      query       = <<-SQL
        SELECT eventtime, awsregion, eventname, useridentity.arn, sourceipaddress, errorcode, requestparameters
        FROM ${local.table}
        WHERE ${local.recent}
          AND eventsource = 'ec2.amazonaws.com'
          AND eventname IN ('AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress',
                            'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress',
                            'ModifySecurityGroupRules', 'UpdateSecurityGroupRuleDescriptionsIngress',
                            'UpdateSecurityGroupRuleDescriptionsEgress', 'CreateSecurityGroup', 'DeleteSecurityGroup')
        ORDER BY eventtime DESC
      SQL
    }
  }
}

module "athena_results_bucket" {
  source = "../s3-bucket"
  count  = var.athena_enabled ? 1 : 0

  bucket        = local.athena_results_bucket_name
  kms_key_arn   = aws_kms_key.athena[0].arn
  versioning    = true
  force_destroy = var.athena_results_force_destroy

  lifecycle_rules = [{
    id         = "expire-query-results"
    expiration = { days = var.athena_results_expiration_days }
    noncurrent_version_expiration = {
      noncurrent_days = 1
    }
  }]

  attach_deny_insecure_transport_policy = var.attach_deny_insecure_transport_policy
  # Athena sends the SSE-KMS header the workgroup enforces, so the encryption deny stays on.
  attach_deny_unencrypted_object_uploads = true

  tags = var.tags
}

resource "aws_athena_workgroup" "this" {
  count = var.athena_enabled ? 1 : 0

  name          = local.athena_workgroup_name
  description   = "Audit queries over CloudTrail ${var.name}"
  state         = "ENABLED"
  force_destroy = var.athena_workgroup_force_destroy

  configuration {
    enforce_workgroup_configuration    = true
    publish_cloudwatch_metrics_enabled = true
    requester_pays_enabled             = false
    bytes_scanned_cutoff_per_query     = var.athena_bytes_scanned_cutoff_per_query

    engine_version {
      selected_engine_version = "AUTO"
    }

    result_configuration {
      output_location       = "s3://${module.athena_results_bucket[0].s3_bucket_id}/results/"
      expected_bucket_owner = local.account_id

      encryption_configuration {
        encryption_option = "SSE_KMS"
        kms_key_arn       = aws_kms_key.athena[0].arn
      }
    }
  }

  # Always tagged (Name at least): moto cannot read an untagged workgroup, and AWS does not mind.
  tags = merge(var.tags, { Name = local.athena_workgroup_name })
}

resource "aws_glue_catalog_database" "this" {
  count = var.athena_enabled ? 1 : 0

  name        = local.glue_database_name
  description = "Audit tables over CloudTrail ${var.name}"

  tags = merge(var.tags, { Name = local.glue_database_name })
}

resource "aws_glue_catalog_table" "cloudtrail" {
  count = var.athena_enabled ? 1 : 0

  name          = local.glue_table_name
  database_name = aws_glue_catalog_database.this[0].name
  description   = "CloudTrail ${var.name} log files, partitioned by region and day (partition projection)"
  table_type    = "EXTERNAL_TABLE"

  parameters = {
    "EXTERNAL"                          = "TRUE"
    "classification"                    = "cloudtrail"
    "projection.enabled"                = "true"
    "projection.region.type"            = "enum"
    "projection.region.values"          = join(",", var.athena_projection_regions)
    "projection.log_date.type"          = "date"
    "projection.log_date.format"        = "yyyy/MM/dd"
    "projection.log_date.range"         = "${var.athena_projection_start_date},NOW"
    "projection.log_date.interval"      = "1"
    "projection.log_date.interval.unit" = "DAYS"
    "storage.location.template"         = "${local.glue_table_location}$${region}/$${log_date}"
  }

  partition_keys {
    name = "region"
    type = "string"
  }

  partition_keys {
    name = "log_date"
    type = "string"
  }

  storage_descriptor {
    location      = local.glue_table_location
    input_format  = "com.amazon.emr.cloudtrail.CloudTrailInputFormat"
    output_format = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"

    ser_de_info {
      name                  = "cloudtrail"
      serialization_library = "org.apache.hive.hcatalog.data.JsonSerDe"
    }

    dynamic "columns" {
      for_each = local.cloudtrail_columns
      content {
        name = columns.value.name
        type = columns.value.type
      }
    }
  }
}

resource "aws_athena_named_query" "this" {
  for_each = var.athena_enabled && var.create_named_queries ? local.named_queries : {}

  name        = "${var.name}-${each.key}"
  description = each.value.description
  workgroup   = aws_athena_workgroup.this[0].id
  database    = aws_glue_catalog_database.this[0].name
  query       = trimspace(each.value.query)
}
