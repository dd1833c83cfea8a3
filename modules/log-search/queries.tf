# Saved queries for the common questions: Athena over the archive (history) and Logs Insights (live groups).

locals {
  archive = "\"${local.database_name}\".\"cloudwatch_logs\""
  # Partition filter of the last N days (year/month/day are partition keys, so the scan stays small).
  last_days = { for n in [1, 7] : n => "date(concat(cast(year AS varchar), '-', lpad(cast(month AS varchar), 2, '0'), '-', lpad(cast(day AS varchar), 2, '0'))) >= current_date - interval '${n}' day" }

  # Default VPC flow log record (version 2): fields by position, split on spaces.
  flow_queries = var.flow_log_source == null ? {} : {
    "rejected-flows-by-source" = {
      description = "VPC flow logs: rejected flows by source address and destination port, last 7 days."
      query       = <<-SQL
        SELECT split_part(e.message, ' ', 4) AS source_address, split_part(e.message, ' ', 7) AS destination_port,
               count(*) AS rejected_flows
        FROM ${local.archive} CROSS JOIN UNNEST(logevents) AS t(e)
        WHERE source = '${var.flow_log_source}' AND ${local.last_days[7]}
          AND split_part(e.message, ' ', 13) = 'REJECT'
        GROUP BY 1, 2
        ORDER BY rejected_flows DESC
        LIMIT 100
      SQL
    }
    "top-talkers" = {
      description = "VPC flow logs: source and destination pairs by bytes, last day."
      query       = <<-SQL
        SELECT split_part(e.message, ' ', 4) AS source_address, split_part(e.message, ' ', 5) AS destination_address,
               sum(try_cast(split_part(e.message, ' ', 10) AS bigint)) AS bytes
        FROM ${local.archive} CROSS JOIN UNNEST(logevents) AS t(e)
        WHERE source = '${var.flow_log_source}' AND ${local.last_days[1]}
          AND split_part(e.message, ' ', 13) = 'ACCEPT'
        GROUP BY 1, 2
        ORDER BY bytes DESC
        LIMIT 50
      SQL
    }
  }

  waf_queries = var.waf_log_source == null ? {} : {
    "waf-blocks-by-rule" = {
      description = "WAF: blocked requests by terminating rule and client address, last 7 days."
      query       = <<-SQL
        SELECT json_extract_scalar(e.message, '$.terminatingRuleId') AS rule,
               json_extract_scalar(e.message, '$.httpRequest.clientIp') AS client_ip, count(*) AS blocked
        FROM ${local.archive} CROSS JOIN UNNEST(logevents) AS t(e)
        WHERE source = '${var.waf_log_source}' AND ${local.last_days[7]}
          AND json_extract_scalar(e.message, '$.action') = 'BLOCK'
        GROUP BY 1, 2
        ORDER BY blocked DESC
        LIMIT 100
      SQL
    }
  }

  # A parameterised query: Athena asks for the request id (the ?) when it runs.
  request_queries = length(var.application_sources) == 0 ? {} : {
    "request-id-across-services" = {
      description = "Every archived event that mentions a request id, across the services' log groups, last 7 days (asks for the id)."
      query       = <<-SQL
        SELECT from_unixtime(e.timestamp / 1000) AS time, source, logstream, e.message
        FROM ${local.archive} CROSS JOIN UNNEST(logevents) AS t(e)
        WHERE source IN (${join(", ", [for s in var.application_sources : "'${s}'"])}) AND ${local.last_days[7]}
          AND strpos(e.message, ?) > 0
        ORDER BY time
        LIMIT 1000
      SQL
    }
  }

  alb_queries = {
    for k in keys(var.alb_access_logs) : "alb-${replace(k, "_", "-")}-5xx-by-target" => {
      description = "Load balancer ${k}: 5xx responses by status, target and path, last day."
      query       = <<-SQL
        SELECT elb_status_code, target_status_code, target_ip, request_verb, url_extract_path(request_url) AS path,
               count(*) AS requests
        FROM "${local.database_name}"."alb_${k}"
        WHERE day >= date_format(current_date - interval '1' day, '%Y/%m/%d')
          AND (elb_status_code >= 500 OR target_status_code LIKE '5%')
        GROUP BY 1, 2, 3, 4, 5
        ORDER BY requests DESC
        LIMIT 100
      SQL
    }
  }

  named_queries = merge(local.flow_queries, local.waf_queries, local.request_queries, local.alb_queries)

  insights_queries = merge(
    length(var.application_log_group_names) == 0 ? {} : {
      "errors" = {
        log_group_names = var.application_log_group_names
        query           = "fields @timestamp, @logStream, @message\n| filter @message like /(?i)(error|exception|panic)/\n| sort @timestamp desc\n| limit 200"
      }
      "request-id" = {
        log_group_names = var.application_log_group_names
        query           = "fields @timestamp, @logStream, @message\n| filter @message like \"REPLACE-WITH-REQUEST-ID\"\n| sort @timestamp asc\n| limit 1000"
      }
    },
    var.flow_log_group_name == null ? {} : {
      "rejected-flows-by-source" = {
        log_group_names = [var.flow_log_group_name]
        query           = "filter action = \"REJECT\"\n| stats count(*) as rejected_flows by srcAddr, dstPort\n| sort rejected_flows desc\n| limit 100"
      }
      "top-talkers" = {
        log_group_names = [var.flow_log_group_name]
        query           = "filter action = \"ACCEPT\"\n| stats sum(bytes) as total_bytes by srcAddr, dstAddr\n| sort total_bytes desc\n| limit 50"
      }
    },
    length(var.waf_log_group_names) == 0 ? {} : {
      "waf-blocks-by-rule" = {
        log_group_names = var.waf_log_group_names
        query           = "filter action = \"BLOCK\"\n| stats count(*) as blocked by terminatingRuleId, httpRequest.clientIp\n| sort blocked desc\n| limit 100"
      }
    },
  )
}

resource "aws_athena_named_query" "this" {
  for_each = var.create_named_queries ? local.named_queries : {}

  name        = "${var.name}-${each.key}"
  description = each.value.description
  workgroup   = aws_athena_workgroup.this.name
  database    = aws_glue_catalog_database.this.name
  query       = trimspace(each.value.query)
}

resource "aws_cloudwatch_query_definition" "this" {
  for_each = var.create_query_definitions ? local.insights_queries : {}

  name            = "${var.name}/${each.key}"
  log_group_names = each.value.log_group_names
  query_string    = each.value.query
}
