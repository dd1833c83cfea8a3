# --- the DynamoDB lock table (optional) ------------------------------------------------------------------
# Only for the seed's hand-made prod-connectly-tf-lock: new environments use S3 native locking
# (use_lockfile). Written here because it carries prevent_destroy.

resource "aws_dynamodb_table" "lock" {
  count = local.create_lock_table ? 1 : 0

  name         = var.lock_table_name
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "LockID"

  attribute {
    name = "LockID"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.state.arn
  }

  deletion_protection_enabled = true

  # A global table when the backend is replicated: the DR region has the same table (same name, same lock
  # and digest items, replicated within seconds), encrypted with the replica of the state key. DynamoDB
  # global tables need the stream; adding it and the replica are in-place updates of the seed's table.
  stream_enabled   = local.replicate
  stream_view_type = local.replicate ? "NEW_AND_OLD_IMAGES" : null

  dynamic "replica" {
    for_each = local.replicate ? [var.replica_region] : []
    content {
      region_name            = replica.value
      kms_key_arn            = aws_kms_replica_key.state[0].arn
      point_in_time_recovery = true
      propagate_tags         = true
    }
  }

  tags = merge(var.tags, { Name = var.lock_table_name, Purpose = "terraform-state-lock" })

  lifecycle {
    prevent_destroy = true
  }
}
