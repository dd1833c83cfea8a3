# Mock data of the aws provider shared by every test file of this module
# (mock_provider "aws" { source = "./tests/mocks" }).

mock_data "aws_iam_policy_document" {
  defaults = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}" }
}
mock_data "aws_caller_identity" {
  defaults = { account_id = "111122223333", arn = "arn:aws:iam::111122223333:user/test" }
}
mock_data "aws_region" {
  defaults = { name = "ap-northeast-2" }
}
mock_data "aws_partition" {
  defaults = { partition = "aws" }
}
mock_resource "aws_kms_key" {
  override_during = plan
  defaults = {
    arn    = "arn:aws:kms:ap-northeast-2:111122223333:key/99999999-2222-3333-4444-555555555555"
    key_id = "99999999-2222-3333-4444-555555555555"
  }
}
mock_resource "aws_s3_bucket" {
  override_during = plan
  defaults = {
    id                          = "test-aws-config"
    arn                         = "arn:aws:s3:::test-aws-config"
    bucket_regional_domain_name = "test-aws-config.s3.ap-northeast-2.amazonaws.com"
    region                      = "ap-northeast-2"
  }
}
mock_resource "aws_iam_role" {
  override_during = plan
  defaults        = { arn = "arn:aws:iam::111122223333:role/test" }
}
mock_resource "aws_iam_policy" {
  override_during = plan
  defaults        = { arn = "arn:aws:iam::111122223333:policy/test-remediate-actions" }
}
mock_resource "aws_cloudwatch_log_group" {
  override_during = plan
  defaults        = { arn = "arn:aws:logs:ap-northeast-2:111122223333:log-group:/aws/events/test" }
}
mock_resource "aws_cloudwatch_event_rule" {
  override_during = plan
  defaults        = { arn = "arn:aws:events:ap-northeast-2:111122223333:rule/test" }
}
mock_resource "aws_lambda_function" {
  override_during = plan
  defaults = {
    arn           = "arn:aws:lambda:ap-northeast-2:111122223333:function:test-remediate"
    qualified_arn = "arn:aws:lambda:ap-northeast-2:111122223333:function:test-remediate:$LATEST"
    invoke_arn    = "arn:aws:apigateway:ap-northeast-2:lambda:path/2015-03-31/functions/arn:aws:lambda:ap-northeast-2:111122223333:function:test-remediate/invocations"
  }
}
