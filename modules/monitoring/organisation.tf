# Identifiers only the organisation knows (Slack workspace and channel IDs, IAM Identity Center user and group
# IDs, on-call endpoints) arrive as inputs; until someone fills them in they hold PLACEHOLDER. Where
# refuse_placeholder_ids is true (prod) a precondition stops plan and apply, so alerts that would reach nobody
# cannot look configured; elsewhere the check block warns on every plan and apply.

locals {
  organisation_ids = merge(
    merge([for k, c in var.chatbot_slack_channels : {
      "chatbot_slack_channels.${k}.slack_team_id"    = c.slack_team_id
      "chatbot_slack_channels.${k}.slack_channel_id" = c.slack_channel_id
    } if var.create_chatbot]...),
    merge([for role, a in var.grafana_role_associations : merge(
      { for i, id in a.user_ids : "grafana_role_associations.${role}.user_ids[${i}]" => id },
      { for i, id in a.group_ids : "grafana_role_associations.${role}.group_ids[${i}]" => id },
    ) if var.create_grafana]...),
    merge([for t, topic in var.alert_topics : {
      for s, sub in topic.subscriptions : "alert_topics.${t}.subscriptions.${s}.endpoint" => sub.endpoint
    }]...),
  )
  placeholder_inputs = sort([for k, v in local.organisation_ids : k if strcontains(v, "PLACEHOLDER")])
}

resource "terraform_data" "organisation_ids" {
  count = var.refuse_placeholder_ids ? 1 : 0

  input = sort(keys(local.organisation_ids))

  lifecycle {
    precondition {
      condition     = length(local.placeholder_inputs) == 0
      error_message = "These inputs still hold PLACEHOLDER, so alerts would reach nobody: ${join(", ", local.placeholder_inputs)}. Set the organisation's real IDs in the layer's inputs (docs/runbooks/alert-routing.md#organisation-ids)."
    }
  }
}

check "organisation_ids" {
  assert {
    condition     = length(local.placeholder_inputs) == 0
    error_message = "Not configured yet (PLACEHOLDER): ${join(", ", local.placeholder_inputs)}. Alerts and sign-ins that depend on them do not work (docs/runbooks/alert-routing.md#organisation-ids)."
  }
}
