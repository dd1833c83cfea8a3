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
mock_data "aws_elb_service_account" {
  defaults = { arn = "arn:aws:iam::600734575887:root" }
}
mock_resource "aws_s3_bucket" {
  override_during = plan
  defaults = {
    id                          = "atlantis-alb-logs-111122223333-ap-northeast-2"
    arn                         = "arn:aws:s3:::atlantis-alb-logs-111122223333-ap-northeast-2"
    bucket_regional_domain_name = "atlantis-alb-logs-111122223333-ap-northeast-2.s3.ap-northeast-2.amazonaws.com"
    region                      = "ap-northeast-2"
  }
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
mock_resource "aws_ecs_cluster" {
  override_during = plan
  defaults        = { arn = "arn:aws:ecs:ap-northeast-2:111122223333:cluster/atlantis" }
}
mock_resource "aws_ecr_repository" {
  override_during = plan
  defaults = {
    arn            = "arn:aws:ecr:ap-northeast-2:111122223333:repository/atlantis"
    repository_url = "111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/atlantis"
    registry_id    = "111122223333"
  }
}
mock_resource "aws_efs_file_system" {
  override_during = plan
  defaults = {
    id  = "fs-0123456789abcdef0"
    arn = "arn:aws:elasticfilesystem:ap-northeast-2:111122223333:file-system/fs-0123456789abcdef0"
  }
}
mock_resource "aws_efs_access_point" {
  override_during = plan
  defaults = {
    id  = "fsap-0123456789abcdef0"
    arn = "arn:aws:elasticfilesystem:ap-northeast-2:111122223333:access-point/fsap-0123456789abcdef0"
  }
}
mock_resource "aws_kms_key" {
  override_during = plan
  defaults = {
    arn    = "arn:aws:kms:ap-northeast-2:111122223333:key/99999999-2222-3333-4444-555555555555"
    key_id = "99999999-2222-3333-4444-555555555555"
  }
}
mock_resource "aws_secretsmanager_secret" {
  override_during = plan
  defaults        = { arn = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:atlantis/github/mock-AbCdEf" }
}
mock_resource "aws_iam_role" {
  override_during = plan
  defaults        = { arn = "arn:aws:iam::111122223333:role/atlantis-task" }
}
mock_resource "aws_cloudwatch_log_group" {
  override_during = plan
  defaults        = { arn = "arn:aws:logs:ap-northeast-2:111122223333:log-group:/aws/ecs/atlantis/atlantis" }
}
mock_resource "aws_ecs_task_definition" {
  override_during = plan
  defaults        = { arn = "arn:aws:ecs:ap-northeast-2:111122223333:task-definition/atlantis:1" }
}
mock_resource "aws_lb" {
  override_during = plan
  defaults = {
    arn        = "arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:loadbalancer/app/atlantis/50dc6c495c0c9188"
    arn_suffix = "app/atlantis/50dc6c495c0c9188"
    dns_name   = "atlantis-123456789.ap-northeast-2.elb.amazonaws.com"
    zone_id    = "ZWKZPGTI48KDX"
  }
}
mock_resource "aws_lb_target_group" {
  override_during = plan
  defaults = {
    arn        = "arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:targetgroup/atlantis-atlantis/73e2d6bc24d8a067"
    arn_suffix = "targetgroup/atlantis-atlantis/73e2d6bc24d8a067"
  }
}
mock_resource "aws_lb_listener" {
  override_during = plan
  defaults        = { arn = "arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:listener/app/atlantis/50dc6c495c0c9188/f2f7dc8efc522ab2" }
}
