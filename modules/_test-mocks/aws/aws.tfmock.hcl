# Mock data of the aws provider shared by the modules' terraform tests: the account, region and partition
# every test assumes, an empty policy document, and a security group known at plan time. A test file
# loads it and adds only its module's own mocks:
#
#   mock_provider "aws" {
#     source = "../_test-mocks/aws"
#     mock_resource "aws_iam_role" { ... }
#   }
#
# (`source` is relative to the module directory; blocks written in the test file are merged with these,
# and a block of the same name written there replaces the one here.) An aliased provider loads it too,
# replacing what differs in its region (modules/kms/tests: the DR replica region; modules/dns/tests):
#
#   mock_provider "aws" {
#     alias  = "dr"
#     source = "../_test-mocks/aws"
#     mock_data "aws_region" { defaults = { name = "ap-northeast-1" } }
#   }

mock_data "aws_caller_identity" {
  defaults = {
    account_id = "111122223333"
    arn        = "arn:aws:iam::111122223333:user/test"
  }
}

mock_data "aws_region" {
  defaults = { name = "ap-northeast-2" }
}

mock_data "aws_partition" {
  defaults = { partition = "aws" }
}

mock_data "aws_iam_policy_document" {
  defaults = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}" }
}

mock_resource "aws_security_group" {
  override_during = plan
  defaults = {
    id          = "sg-0aaaaaaaaaaaaaaaa"
    arn         = "arn:aws:ec2:ap-northeast-2:111122223333:security-group/sg-0aaaaaaaaaaaaaaaa"
    owner_id    = "111122223333"
    name_prefix = ""
  }
}
