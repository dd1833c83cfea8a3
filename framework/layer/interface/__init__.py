"""A Terraform module's interface as the framework reads it: variables and outputs (`spec`), type
constraints (`types`), HCL scanning (`hcl`), validation conditions (`expressions`, `validation`), the
tag rules (`tags`) and the README generator (`docs`). Named `interface`, not `modules`, so it is never
confused with the repository's Terraform `modules/` directory."""
