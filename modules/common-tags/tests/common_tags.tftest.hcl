# The same cases are pinned for the Python rules in tests/unit/test_module_tags.py.

mock_provider "aws" {}

variables {
  environment = "prod"
  owner       = "platform-team"
  cost_center = "CC-1234"
}

run "defaults_hold_only_the_required_tags" {
  command = plan

  assert {
    condition = output.tags == {
      Environment = "prod"
      Owner       = "platform-team"
      CostCenter  = "CC-1234"
      ManagedBy   = "terraform"
    }
    error_message = "Unexpected default tag set: ${jsonencode(output.tags)}"
  }

  assert {
    condition     = output.name_prefix == "prod"
    error_message = "Without project or organization the name prefix is the environment."
  }

  assert {
    condition     = output.default_tags == { tags = output.tags }
    error_message = "default_tags must be { tags = <the tag set> }."
  }
}

run "optional_tags_and_extra_tags_are_merged" {
  command = plan

  variables {
    managed_by   = "layer"
    project      = "payments"
    repository   = "github.com/acme/platform"
    layer        = "network/vpc"
    organization = "acme"
    extra_tags   = { DataClass = "internal", Team = "" }
  }

  assert {
    condition = output.tags == {
      Environment = "prod"
      Owner       = "platform-team"
      CostCenter  = "CC-1234"
      ManagedBy   = "layer"
      Project     = "payments"
      Repository  = "github.com/acme/platform"
      Layer       = "network/vpc"
      DataClass   = "internal"
      Team        = ""
    }
    error_message = "Unexpected tag set: ${jsonencode(output.tags)}"
  }

  assert {
    condition     = output.name_prefix == "payments-prod"
    error_message = "The project wins over the organization in the name prefix."
  }

  assert {
    condition     = length(output.default_tags.tags) == 9
    error_message = "default_tags.tags must carry every tag."
  }
}

run "organization_starts_the_prefix_without_project" {
  command = plan

  variables {
    organization = "acme"
  }

  assert {
    condition     = output.name_prefix == "acme-prod"
    error_message = "Expected acme-prod, got ${output.name_prefix}."
  }

  assert {
    condition     = !contains(keys(output.tags), "Organization") && !contains(keys(output.tags), "Project")
    error_message = "organization is not a tag and project was not set."
  }
}

# Merged validation runs (issue 20: one provider start instead of 9); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
run "invalid_inputs_1" {
  command = plan
  variables {
    # invalid_environment
    environment = "Prod"

    # empty_owner
    owner = "   "

    # invalid_cost_center
    cost_center = "CC 1234"

    # empty_managed_by
    managed_by = ""

    # invalid_project
    project = "Payments"

    # invalid_organization
    organization = "a"

    # empty_repository
    repository = ""

    # layer_too_long
    layer = join("", [for i in range(257) : "l"])

    # extra_tag_key_too_long
    extra_tags = { (join("", [for i in range(129) : "k"])) = "v" }
  }
  expect_failures = [
    var.environment,  # invalid_environment
    var.owner,        # empty_owner
    var.cost_center,  # invalid_cost_center
    var.managed_by,   # empty_managed_by
    var.project,      # invalid_project
    var.organization, # invalid_organization
    var.repository,   # empty_repository
    var.layer,        # layer_too_long
    var.extra_tags,   # extra_tag_key_too_long
  ]
}

# Merged validation runs (issue 20: one provider start instead of 2); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
run "invalid_inputs_2" {
  command = plan
  variables {
    # owner_too_long
    owner = join("", [for i in range(257) : "a"])

    # extra_tag_value_too_long
    extra_tags = { Note = join("", [for i in range(257) : "v"]) }
  }
  expect_failures = [
    var.owner,      # owner_too_long
    var.extra_tags, # extra_tag_value_too_long
  ]
}

run "extra_tag_reserved_prefix" {
  command = plan

  variables {
    extra_tags = { "AWS:CreatedBy" = "me" }
  }

  expect_failures = [var.extra_tags]
}

run "extra_tag_redefines_standard_key" {
  command = plan

  variables {
    extra_tags = { Environment = "dev" }
  }

  expect_failures = [var.extra_tags]
}

run "too_many_tags" {
  command = plan

  variables {
    extra_tags = { for i in range(47) : "Extra${i}" => "x" }
  }

  expect_failures = [output.tags]
}

run "fifty_tags_are_allowed" {
  command = plan

  variables {
    extra_tags = { for i in range(46) : "Extra${i}" => "x" }
  }

  assert {
    condition     = length(output.tags) == 50
    error_message = "4 required tags + 46 extra tags make 50."
  }
}

run "name_prefix_ending_with_hyphen" {
  command = plan

  variables {
    environment = "prod-"
  }

  expect_failures = [output.name_prefix]
}

run "name_prefix_too_long" {
  command = plan

  variables {
    project     = "p${join("", [for i in range(31) : "a"])}"
    environment = "e${join("", [for i in range(31) : "b"])}"
  }

  expect_failures = [output.name_prefix]
}
