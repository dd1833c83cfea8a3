output "s3_bucket_id" {
  description = "Name of the bucket, known only once the bucket policy, public access block, ownership and encryption are in place: a caller that points a log source at this bucket waits for the policy that lets the source write."
  value       = aws_s3_bucket.this.id

  depends_on = [
    aws_s3_bucket_policy.this,
    aws_s3_bucket_public_access_block.this,
    aws_s3_bucket_ownership_controls.this,
    aws_s3_bucket_server_side_encryption_configuration.this,
  ]
}

output "s3_bucket_arn" {
  description = "ARN of the bucket."
  value       = aws_s3_bucket.this.arn
}

output "s3_bucket_bucket_domain_name" {
  description = "Global domain name of the bucket (BUCKET.s3.amazonaws.com)."
  value       = aws_s3_bucket.this.bucket_domain_name
}

output "s3_bucket_bucket_regional_domain_name" {
  description = "Regional domain name of the bucket (use it for CloudFront origins and VPC endpoint access)."
  value       = aws_s3_bucket.this.bucket_regional_domain_name
}

output "s3_bucket_hosted_zone_id" {
  description = "Route53 hosted zone ID of the bucket's region."
  value       = aws_s3_bucket.this.hosted_zone_id
}

output "s3_bucket_region" {
  description = "Region of the bucket."
  value       = aws_s3_bucket.this.region
}

output "s3_bucket_policy" {
  description = "The bucket policy JSON attached by the module (empty string when none is attached)."
  value       = try(aws_s3_bucket_policy.this[0].policy, "")
}

output "s3_bucket_lifecycle_rule_ids" {
  description = "IDs of the lifecycle rules in force, the built-in rule first."
  value       = local.lifecycle_rule_ids
}
