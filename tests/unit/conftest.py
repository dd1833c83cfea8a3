"""Unit-test settings shared by every file in tests/unit."""

from __future__ import annotations

import os

# The few unit tests that start Terraform (terraform validate of a generated work dir, the gate's terraform
# tests) inherit this: the AWS provider builds its whole schema at each start and spends about a quarter of
# that CPU in Go's garbage collector at the default GOGC=100 (the gate and the integration tests use 400).
os.environ.setdefault("GOGC", "400")
