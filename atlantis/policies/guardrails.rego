# Platform guardrails on every plan. Input: `terraform show -json` of a layer's saved plan.
#
# The same file runs in two engines (docs/adr/0018-policy-engine.md):
#   - Atlantis: conftest (repos.yaml: policies, policy_check). A failure blocks apply until a policy
#     owner (repos.yaml policies.owners) comments `atlantis approve_policies`.
#   - layer: `layer plan --policy`, `layer run-all plan --policy`, `layer policy check PLAN_JSON...`
#     evaluate it with regopy (framework/layer/policy.py); tests/unit/test_policy*.py and
#     tests/integration/test_policy*.py run it against real plans, each rule both ways.
#
# Conventions (conftest's): package main; `deny` fails, `warn` reports. Every message starts with
# "[RULE] ADDRESS: " so that both engines name the rule and the resource (docs/compliance.md lists the
# rules). Only Rego v1 syntax (`import rego.v1`, `contains ... if`) that both OPA and rego-cpp accept.
#
# Settings, all optional:
#   input.override                  true lets a prod plan destroy more than the limit (layer sets it
#                                   from --allow-destroy / LAYER_POLICY_OVERRIDE; in Atlantis the
#                                   override is a policy owner's `atlantis approve_policies`)
#   input.environment               the plan's environment; default: the aws provider's default_tags
#                                   Environment, which layer's generated provider block always sets
#   data.guardrails.max_prod_destroys     default 5
#   data.guardrails.state_bucket_pattern  default below
package main

import rego.v1

# --- settings -----------------------------------------------------------------------------------

default max_prod_destroys := 5

max_prod_destroys := data.guardrails.max_prod_destroys if is_number(data.guardrails.max_prod_destroys)

# The state buckets of this platform: <env>-connectly (live/*/_defaults.yaml backend.bucket) and
# anything named like a Terraform state bucket.
default state_bucket_pattern := `^[a-z0-9]+-connectly(-state)?$|tf-?state|terraform-state`

state_bucket_pattern := data.guardrails.state_bucket_pattern if is_string(data.guardrails.state_bucket_pattern)

default plan_environment := ""

plan_environment := input.environment if is_string(input.environment)

plan_environment := env if {
	not is_string(input.environment)
	env := input.configuration.provider_config.aws.expressions.default_tags[0].tags.constant_value.Environment
	is_string(env)
}

override if input.override == true

# --- helpers ------------------------------------------------------------------------------------

creates_or_updates(rc) if {
	some action in rc.change.actions
	action in {"create", "update"}
}

deletes(rc) if "delete" in rc.change.actions

changing contains rc if {
	some rc in input.resource_changes
	creates_or_updates(rc)
}

deleting contains rc if {
	some rc in input.resource_changes
	deletes(rc)
}

as_list(x) := x if is_array(x)

as_list(x) := [x] if is_string(x)

as_list(x) := [] if is_null(x)

statements(doc) := doc.Statement if is_array(doc.Statement)

statements(doc) := [doc.Statement] if is_object(doc.Statement)

# A policy attribute that is known at plan time (a JSON string), parsed.
policy_document(after) := json.unmarshal(after.policy) if {
	is_string(after.policy)
	after.policy != ""
}

# --- S3: no public bucket -----------------------------------------------------------------------

public_acls := {"public-read", "public-read-write", "authenticated-read"}

deny contains msg if {
	some rc in changing
	rc.type in {"aws_s3_bucket_acl", "aws_s3_bucket"}
	rc.change.after.acl in public_acls
	msg := sprintf("[s3_public_acl] %s: ACL %s makes the bucket public: remove the ACL (object ownership BucketOwnerEnforced)", [rc.address, rc.change.after.acl])
}

public_access_block_flags := ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]

deny contains msg if {
	some rc in changing
	rc.type in {"aws_s3_bucket_public_access_block", "aws_s3_account_public_access_block"}
	disabled := [flag | some flag in public_access_block_flags; rc.change.after[flag] == false]
	count(disabled) > 0
	# concat, not sprintf("%s", [concat(...)]): rego-cpp quotes a computed string inside sprintf
	msg := concat("", ["[s3_public_access_block] ", rc.address, ": public access block disabled (", concat(", ", disabled), "): set all four flags to true"])
}

deny contains msg if {
	some rc in changing
	rc.type == "aws_s3_bucket_policy"
	some statement in statements(policy_document(rc.change.after))
	statement.Effect == "Allow"
	everyone(statement.Principal)
	not statement.Condition
	msg := sprintf("[s3_public_policy] %s: allows Principal * without a Condition: name the principals or add a condition (aws:SourceArn, aws:PrincipalOrgID)", [rc.address])
}

everyone(principal) if principal == "*"

everyone(principal) if "*" in as_list(principal.AWS)

# --- encryption at rest -------------------------------------------------------------------------

deny contains msg if {
	some rc in changing
	rc.type == "aws_ebs_volume"
	not rc.change.after.encrypted == true
	msg := sprintf("[ebs_unencrypted] %s: EBS volume is not encrypted: set encrypted = true (and kms_key_id)", [rc.address])
}

deny contains msg if {
	some rc in changing
	rc.type == "aws_instance"
	some kind in ["root_block_device", "ebs_block_device"]
	some device in rc.change.after[kind]
	not device.encrypted == true
	msg := sprintf("[ebs_unencrypted] %s: %s is not encrypted: set encrypted = true", [rc.address, kind])
}

deny contains msg if {
	some rc in changing
	rc.type in {"aws_db_instance", "aws_rds_cluster"}
	not rc.change.after.storage_encrypted == true
	not replica(rc.change.after)
	msg := sprintf("[rds_unencrypted] %s: storage is not encrypted: set storage_encrypted = true (and kms_key_id)", [rc.address])
}

# A read replica inherits its source's encryption and cannot set it.
replica(after) if {
	is_string(after.replicate_source_db)
	after.replicate_source_db != ""
}

# A bucket created by this plan needs a server-side encryption configuration in the same plan that
# refers to it (the s3-bucket module's aws_s3_bucket_server_side_encryption_configuration.this).
deny contains msg if {
	some rc in input.resource_changes
	rc.type == "aws_s3_bucket"
	"create" in rc.change.actions
	not encrypted_bucket(rc)
	msg := sprintf("[s3_unencrypted] %s: bucket has no aws_s3_bucket_server_side_encryption_configuration: add one (aws:kms with a customer key)", [rc.address])
}

encrypted_bucket(bucket) if {
	some sse in sse_configurations
	sse.module == module_path(bucket)
	planned_sse(sse)
	some ref in sse.references
	ref_names(ref, sprintf("aws_s3_bucket.%s", [bucket.name]))
}

encrypted_bucket(bucket) if {
	some rc in input.resource_changes
	rc.type == "aws_s3_bucket_server_side_encryption_configuration"
	is_string(bucket.change.after.bucket)
	rc.change.after.bucket == bucket.change.after.bucket
}

ref_names(ref, target) if ref == target

ref_names(ref, target) if startswith(ref, sprintf("%s.", [target]))

ref_names(ref, target) if startswith(ref, sprintf("%s[", [target]))

# Every SSE configuration in the plan's configuration, with its module path (module.a.module.b).
sse_configurations contains {"module": module, "name": value.name, "references": refs} if {
	walk(input.configuration, [path, value])
	is_object(value)
	value.type == "aws_s3_bucket_server_side_encryption_configuration"
	value.mode == "managed"
	calls := [sprintf("module.%s", [path[i + 1]]) | some i; path[i] == "module_calls"]
	module := concat(".", calls)
	refs := object.get(value, ["expressions", "bucket", "references"], [])
}

# The configuration block has instances in this plan (count = 0 has none) that are not being deleted.
planned_sse(sse) if {
	some rc in input.resource_changes
	rc.type == "aws_s3_bucket_server_side_encryption_configuration"
	rc.name == sse.name
	module_path(rc) == sse.module
	not rc.change.actions == ["delete"]
}

module_path(rc) := regex.replace(object.get(rc, "module_address", ""), `\[[^\]]*\]`, "")

# --- IAM: no wildcard ---------------------------------------------------------------------------

iam_policy_types := {"aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy"}

wildcard_actions := {"*", "*:*"}

deny contains msg if {
	some rc in changing
	rc.type in iam_policy_types
	some statement in statements(policy_document(rc.change.after))
	statement.Effect == "Allow"
	some action in as_list(statement.Action)
	action in wildcard_actions
	msg := concat("", ["[iam_wildcard] ", rc.address, ": allows Action * on Resource ", concat(", ", as_list(statement.Resource)), ": grant the actions it needs"])
}

deny contains msg if {
	some rc in changing
	rc.type == "aws_iam_role"
	some inline in rc.change.after.inline_policy
	some statement in statements(policy_document(inline))
	statement.Effect == "Allow"
	some action in as_list(statement.Action)
	action in wildcard_actions
	msg := sprintf("[iam_wildcard] %s: inline policy allows Action *: grant the actions it needs", [rc.address])
}

# --- security groups: nothing but web ports from the whole internet ------------------------------

world_cidrs := {"0.0.0.0/0", "::/0"}

# Ingress from 0.0.0.0/0 or ::/0 other than TCP 80 or 443 (admin ports 22/3389, all ports, anything).
deny contains msg if {
	some rc in changing
	some rule in ingress_rules(rc)
	some cidr in rule.cidrs
	cidr in world_cidrs
	not web_port(rule)
	msg := sprintf("[sg_open_to_world] %s: opens %s to %s: only TCP 80/443 may be open to the internet (use a VPN, SSM or a load balancer)", [rc.address, port_text(rule), cidr])
}

ingress_rules(rc) := [rule] if {
	rc.type == "aws_vpc_security_group_ingress_rule"
	after := rc.change.after
	rule := {
		"cidrs": [c | some c in [after.cidr_ipv4, after.cidr_ipv6]; is_string(c)],
		"protocol": after.ip_protocol,
		"from": after.from_port,
		"to": after.to_port,
	}
}

ingress_rules(rc) := [rule] if {
	rc.type == "aws_security_group_rule"
	rc.change.after.type == "ingress"
	rule := sg_rule(rc.change.after)
}

ingress_rules(rc) := [sg_rule(block) | some block in rc.change.after.ingress] if {
	rc.type == "aws_security_group"
	is_array(rc.change.after.ingress)
}

sg_rule(block) := {
	"cidrs": array.concat(as_list(block.cidr_blocks), as_list(block.ipv6_cidr_blocks)),
	"protocol": block.protocol,
	"from": block.from_port,
	"to": block.to_port,
}

web_port(rule) if {
	rule.protocol in {"tcp", "6"}
	rule.from == rule.to
	rule.from in {80, 443}
}

port_text(rule) := "all ports" if rule.protocol in {"-1", "all"}

port_text(rule) := sprintf("%s %v-%v", [rule.protocol, rule.from, rule.to]) if not rule.protocol in {"-1", "all"}

# --- deletions ------------------------------------------------------------------------------------

deny contains msg if {
	some rc in deleting
	rc.type == "aws_s3_bucket"
	state_bucket(rc)
	msg := sprintf("[state_bucket_delete] %s: would %s the Terraform state bucket %s: never delete state", [rc.address, delete_verb(rc), rc.change.before.bucket])
}

state_bucket(rc) if regex.match(state_bucket_pattern, rc.change.before.bucket)

deny contains msg if {
	some rc in deleting
	rc.type == "aws_kms_key"
	msg := sprintf("[kms_key_delete] %s: would %s a KMS key: everything it encrypts becomes unreadable: keep the key (a policy owner must approve)", [rc.address, delete_verb(rc)])
}

delete_verb(rc) := "replace" if "create" in rc.change.actions

delete_verb(rc) := "delete" if not "create" in rc.change.actions

# Resources whose deletion loses data. A replacement deletes too. (KMS keys and state buckets have
# their own rules above.)
stateful_types := {
	"aws_db_instance",
	"aws_rds_cluster",
	"aws_dynamodb_table",
	"aws_s3_bucket",
	"aws_efs_file_system",
	"aws_secretsmanager_secret",
	"aws_ecr_repository",
	"aws_elasticache_replication_group",
	"aws_cloudtrail",
	"aws_backup_vault",
}

deny contains msg if {
	some rc in deleting
	rc.type in stateful_types
	not state_bucket_change(rc)
	msg := sprintf("[stateful_delete] %s: would be %sd: a policy owner must approve (atlantis approve_policies)", [rc.address, delete_verb(rc)])
}

state_bucket_change(rc) if {
	rc.type == "aws_s3_bucket"
	state_bucket(rc)
}

deny contains msg if {
	plan_environment == "prod"
	not override
	count(deleting) > max_prod_destroys
	msg := sprintf("[prod_mass_destroy] %s: plan destroys %d resources in prod (limit %d): split the change, or set the override (layer: --allow-destroy or LAYER_POLICY_OVERRIDE=1; Atlantis: approve_policies)", [input_name, count(deleting), max_prod_destroys])
}

default input_name := "plan"

input_name := input.layer if is_string(input.layer)
