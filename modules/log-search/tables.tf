# Glue tables, all with partition projection: Athena computes the partitions from the query's WHERE clause.

locals {
  archive_location = "s3://${var.archive_bucket_name}/logs/"

  # The CloudWatch Logs subscription envelope that Firehose writes, one JSON document per line.
  archive_columns = [
    { name = "messagetype", type = "string" },
    { name = "owner", type = "string" },
    { name = "loggroup", type = "string" },
    { name = "logstream", type = "string" },
    { name = "subscriptionfilters", type = "array<string>" },
    { name = "logevents", type = "array<struct<id:string,timestamp:bigint,message:string>>" },
  ]

  # The access log entry of an application load balancer (AWS's documented Athena schema).
  alb_columns = [
    "type", "time", "elb", "client_ip", "client_port:int", "target_ip", "target_port:int",
    "request_processing_time:double", "target_processing_time:double", "response_processing_time:double",
    "elb_status_code:int", "target_status_code", "received_bytes:bigint", "sent_bytes:bigint", "request_verb",
    "request_url", "request_proto", "user_agent", "ssl_cipher", "ssl_protocol", "target_group_arn", "trace_id",
    "domain_name", "chosen_cert_arn", "matched_rule_priority", "request_creation_time", "actions_executed",
    "redirect_url", "lambda_error_reason", "target_port_list", "target_status_code_list", "classification",
    "classification_reason", "conn_trace_id",
  ]
  alb_regex = join("", [
    "([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*):([0-9]*) ([^ ]*)[:-]([0-9]*) ([-.0-9]*) ([-.0-9]*) ([-.0-9]*) (|[-0-9]*) ",
    "(-|[-0-9]*) ([-0-9]*) ([-0-9]*) \"([^ ]*) (.*) (- |[^ ]*)\" \"([^\"]*)\" ([A-Z0-9-_]+) ([A-Za-z0-9.-]*) ",
    "([^ ]*) \"([^\"]*)\" \"([^\"]*)\" \"([^\"]*)\" ([-.0-9]*) ([^ ]*) \"([^\"]*)\" \"([^\"]*)\" \"([^ ]*)\" ",
    "\"([^ ]+?)\" \"([^ ]+)\" \"([^ ]*)\" \"([^ ]*)\" ?([^ ]*)?( .*)?",
  ])
  alb_locations = {
    for k, v in var.alb_access_logs : k => "s3://${v.bucket}/${v.prefix == "" ? "" : "${v.prefix}/"}AWSLogs/${local.account_id}/elasticloadbalancing/${local.region}/"
  }
}

resource "aws_glue_catalog_table" "archive" {
  name          = "cloudwatch_logs"
  database_name = aws_glue_catalog_database.this.name
  description   = "Archived CloudWatch Logs (Firehose output): one row per delivery, events in logevents; source is the log group with '/' as '.' and must be in the WHERE clause"
  table_type    = "EXTERNAL_TABLE"

  parameters = {
    "EXTERNAL"                  = "TRUE"
    "classification"            = "json"
    "compressionType"           = "gzip"
    "projection.enabled"        = "true"
    "projection.source.type"    = "injected"
    "projection.year.type"      = "integer"
    "projection.year.range"     = "${var.archive_start_year},2100"
    "projection.month.type"     = "integer"
    "projection.month.range"    = "1,12"
    "projection.month.digits"   = "2"
    "projection.day.type"       = "integer"
    "projection.day.range"      = "1,31"
    "projection.day.digits"     = "2"
    "storage.location.template" = "${local.archive_location}source=$${source}/year=$${year}/month=$${month}/day=$${day}/"
  }

  partition_keys {
    name = "source"
    type = "string"
  }
  partition_keys {
    name = "year"
    type = "int"
  }
  partition_keys {
    name = "month"
    type = "int"
  }
  partition_keys {
    name = "day"
    type = "int"
  }

  storage_descriptor {
    location      = local.archive_location
    input_format  = "org.apache.hadoop.mapred.TextInputFormat"
    output_format = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"

    ser_de_info {
      name                  = "json"
      serialization_library = "org.openx.data.jsonserde.JsonSerDe"
      parameters            = { "ignore.malformed.json" = "true" }
    }

    dynamic "columns" {
      for_each = local.archive_columns
      content {
        name = columns.value.name
        type = columns.value.type
      }
    }
  }
}

resource "aws_glue_catalog_table" "alb" {
  for_each = var.alb_access_logs

  name          = "alb_${each.key}"
  database_name = aws_glue_catalog_database.this.name
  description   = "Access logs of the load balancer ${each.key}, partitioned by day (yyyy/MM/dd)"
  table_type    = "EXTERNAL_TABLE"

  parameters = {
    "EXTERNAL"                     = "TRUE"
    "projection.enabled"           = "true"
    "projection.day.type"          = "date"
    "projection.day.format"        = "yyyy/MM/dd"
    "projection.day.range"         = "${var.archive_start_year}/01/01,NOW"
    "projection.day.interval"      = "1"
    "projection.day.interval.unit" = "DAYS"
    "storage.location.template"    = "${local.alb_locations[each.key]}$${day}"
    "serialization.encoding"       = "utf-8"
    "has_encrypted_data"           = "false"
    "skip.header.line.count"       = "0"
    "classification"               = "alb_access_logs"
  }

  partition_keys {
    name = "day"
    type = "string"
  }

  storage_descriptor {
    location      = local.alb_locations[each.key]
    input_format  = "org.apache.hadoop.mapred.TextInputFormat"
    output_format = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"

    ser_de_info {
      name                  = "alb"
      serialization_library = "org.apache.hadoop.hive.serde2.RegexSerDe"
      parameters            = { "serialization.format" = "1", "input.regex" = local.alb_regex }
    }

    dynamic "columns" {
      for_each = local.alb_columns
      content {
        name = split(":", columns.value)[0]
        type = length(split(":", columns.value)) > 1 ? split(":", columns.value)[1] : "string"
      }
    }
  }
}
