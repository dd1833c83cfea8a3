"""Reading YAML trees, merging them down, validating, and ordering layers."""
