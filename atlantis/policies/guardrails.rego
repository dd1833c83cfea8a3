# Platform guardrails, checked by conftest on every Atlantis plan (repos.yaml: policies, policy_check).
# Input: `terraform show -json` of the layer's plan. A failure blocks apply until a policy owner
# (repos.yaml policies.owners) comments `atlantis approve_policies`.
# Not executed by this repository's tests (no OPA/conftest here); tests/unit/test_atlantis_repos.py only
# checks that repos.yaml points at this directory.
package main

import rego.v1

# Resources whose deletion loses data or keys. A replacement deletes too.
stateful_types := {
	"aws_db_instance",
	"aws_rds_cluster",
	"aws_dynamodb_table",
	"aws_s3_bucket",
	"aws_efs_file_system",
	"aws_kms_key",
	"aws_secretsmanager_secret",
	"aws_ecr_repository",
	"aws_elasticache_replication_group",
	"aws_cloudtrail",
	"aws_backup_vault",
}

deny contains msg if {
	rc := input.resource_changes[_]
	stateful_types[rc.type]
	"delete" in rc.change.actions
	msg := sprintf("%s would be deleted or replaced: a policy owner must approve (atlantis approve_policies)", [rc.address])
}

# Inline and managed IAM policies must not allow every action.
iam_policy_types := {"aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy"}

deny contains msg if {
	rc := input.resource_changes[_]
	iam_policy_types[rc.type]
	some action in {"create", "update"}
	action in rc.change.actions
	statement := statements(json.unmarshal(rc.change.after.policy))[_]
	statement.Effect == "Allow"
	"*" in as_list(statement.Action)
	msg := sprintf("%s allows Action \"*\": grant the actions it needs", [rc.address])
}

# No ingress from the whole internet except web ports.
deny contains msg if {
	rc := input.resource_changes[_]
	rc.type == "aws_vpc_security_group_ingress_rule"
	some action in {"create", "update"}
	action in rc.change.actions
	rc.change.after.cidr_ipv4 == "0.0.0.0/0"
	not web_ports(rc.change.after)
	msg := sprintf("%s opens ports other than 80/443 to 0.0.0.0/0", [rc.address])
}

web_ports(rule) if {
	rule.ip_protocol == "tcp"
	rule.from_port == rule.to_port
	rule.from_port in {80, 443}
}

statements(doc) := doc.Statement if is_array(doc.Statement)

statements(doc) := [doc.Statement] if is_object(doc.Statement)

as_list(x) := x if is_array(x)

as_list(x) := [x] if is_string(x)
