"""The standard tag rules, generated from modules/common-tags/tag-rules.json.

Do not edit: change the data file, then run `python -m layer.interface.tag_rules_gen`
(tests/unit/test_tag_rules_agree.py fails until the generated files match it).
"""

REQUIRED_TAG_KEYS: tuple[str, ...] = ("Environment", "Owner", "CostCenter", "ManagedBy")
OPTIONAL_TAG_KEYS: tuple[str, ...] = ("Project", "Repository", "Layer")
DEFAULT_MANAGED_BY = "terraform"
ENVIRONMENT_PATTERN = "[a-z][a-z0-9-]{1,31}"
COST_CENTER_PATTERN = "[A-Za-z0-9-]{2,32}"
SLUG_PATTERN = "[a-z][a-z0-9-]{1,31}"
RESERVED_PREFIX = "aws:"
NAME_PREFIX_PATTERN = "[a-z][a-z0-9-]*[a-z0-9]"
MAX_KEY_LENGTH = 128
MAX_VALUE_LENGTH = 256
MAX_TAGS = 50
NAME_PREFIX_MAX_LENGTH = 64
