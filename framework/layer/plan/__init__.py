"""From validated layers and their graph to Terraform runs: the plan, the executor, the actions."""
