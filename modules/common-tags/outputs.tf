# Generated from tag-rules.json and templates/outputs.tf.tmpl by `python -m layer.interface.tag_rules_gen`:
# edit those, not this file. framework/layer/interface/tag_rules.py is generated from the same data.

output "tags" {
  description = "The standard tag set merged with extra_tags (a map of strings)."
  value       = local.tags

  precondition {
    condition     = length(local.tags) <= 50
    error_message = "AWS allows at most 50 tags per resource; reduce extra_tags."
  }
}

output "name_prefix" {
  description = "Prefix for resource names: \"<project>-<environment>\", else \"<organization>-<environment>\", else \"<environment>\"."
  value       = local.name_prefix

  precondition {
    condition     = can(regex("^[a-z][a-z0-9-]*[a-z0-9]$", local.name_prefix)) && !strcontains(local.name_prefix, "--") && length(local.name_prefix) <= 64
    error_message = "name_prefix must start with a lowercase letter, end with a letter or digit, hold only lowercase letters, digits and single hyphens, and be at most 64 characters."
  }
}

output "default_tags" {
  description = "The tag set shaped for the provider: default_tags { tags = module.tags.default_tags.tags }."
  value       = { tags = local.tags }
}
