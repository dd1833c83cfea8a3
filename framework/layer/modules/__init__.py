"""Terraform modules: their interface (`spec`, `types`), the tag rules (`tags`), the README
generator (`docs`) and the quality gate (`gate`)."""
