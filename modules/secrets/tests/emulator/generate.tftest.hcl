# Generated values against the emulator (GetRandomPassword cannot be mocked: Terraform 1.11's mock providers
# reject ephemeral resources). Not run by the module gate, which has no AWS; tests/integration/
# test_secrets_leak.py runs it on moto:
#   AWS_ENDPOINT_URL=URL terraform test -test-directory=tests/emulator -var=kms_key_arn=ARN

provider "aws" {
  region                      = "ap-northeast-2"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  max_retries                 = 3 # moto answers an action it lacks with HTTP 500
}

variables {
  name = "connectly-gen"
  secrets = {
    redis-auth = {
      recovery_window_in_days = 0
      generate                = { length = 64, exclude_punctuation = true }
    }
    orders-db = {
      recovery_window_in_days = 0
      generate = {
        template = { engine = "postgres", dbInstanceIdentifier = "connectly-gen-shared", port = "5432", username = "orders", dbname = "orders" }
      }
    }
  }
}

run "rotated_template_secrets_name_their_instance" {
  command = plan

  variables {
    secrets = {
      orders-db = {
        generate = { template = { engine = "postgres", dbInstanceIdentifier = "connectly-gen-shared", username = "orders" } }
        rotation = {}
      }
    }
    rotation_function = {
      package          = { source_code_hash = "UO/4LmtiKyI0M8BX8E7A8Y0vsdISgqteFe7eJ7XOTtE=" }
      logs_kms_key_arn = var.kms_key_arn
    }
  }

  assert {
    condition     = local.function_statements.DescribeDatabases.resources == ["arn:aws:rds:ap-northeast-2:123456789012:db:connectly-gen-shared"]
    error_message = "The function may describe the instance a template names (dbInstanceIdentifier), and no other."
  }
}

run "generated_values_are_write_only" {
  command = plan

  assert {
    condition     = toset(keys(aws_secretsmanager_secret_version.generated)) == toset(["redis-auth", "orders-db"])
    error_message = "Every secret with generate gets a value from Terraform."
  }
  assert {
    condition     = alltrue([for v in aws_secretsmanager_secret_version.generated : v.secret_string_wo_version == 1 && v.secret_string == null])
    error_message = "Generated values must go through the write-only argument (version 1), never secret_string."
  }
}

run "apply" {
  command = apply

  assert {
    condition     = alltrue([for v in aws_secretsmanager_secret_version.generated : v.secret_string_wo == null && nonsensitive(v.secret_string) == ""])
    error_message = "The version resource keeps no value in the state (secret_string_wo null, secret_string empty)."
  }
}

run "read_back" {
  command = apply

  module {
    source = "./tests/emulator/read"
  }

  variables {
    secret_arns = run.apply.secret_arns
  }

  assert {
    condition     = length(output.values["redis-auth"]) == 64 && can(regex("^[A-Za-z0-9]+$", output.values["redis-auth"]))
    error_message = "redis-auth: 64 characters, no punctuation (exclude_punctuation)."
  }
  assert {
    condition = (
      length(jsondecode(output.values["orders-db"]).password) == 32 &&
      !can(regex("[\"'/@\\\\` ]", jsondecode(output.values["orders-db"]).password)) &&
      jsondecode(output.values["orders-db"]).username == "orders" &&
      jsondecode(output.values["orders-db"]).dbInstanceIdentifier == "connectly-gen-shared"
    )
    error_message = "orders-db: the template and a 32-character password without quotes, slash, @, backslash, backtick or space."
  }
}
