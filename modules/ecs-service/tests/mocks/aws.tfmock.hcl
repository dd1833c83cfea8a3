# Mock data of the aws provider shared by every test file of this module
# (mock_provider "aws" { source = "./tests/mocks" }).

mock_data "aws_iam_policy_document" {
  defaults = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}" }
}
mock_data "aws_caller_identity" {
  defaults = { account_id = "111122223333" }
}
mock_data "aws_region" {
  defaults = { name = "ap-northeast-2" }
}
mock_data "aws_partition" {
  defaults = { partition = "aws" }
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
mock_resource "aws_cloudwatch_log_group" {
  defaults = { arn = "arn:aws:logs:ap-northeast-2:111122223333:log-group:/aws/ecs/platform/orders-api" }
}
mock_resource "aws_iam_role" {
  defaults = { arn = "arn:aws:iam::111122223333:role/mock" }
}
mock_resource "aws_ecs_task_definition" {
  defaults = { arn = "arn:aws:ecs:ap-northeast-2:111122223333:task-definition/orders-api:1" }
}
