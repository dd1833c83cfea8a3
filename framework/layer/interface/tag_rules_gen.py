"""The standard tag rules, generated for both sides from one data file.

`modules/common-tags/tag-rules.json` holds the rules (tag keys, patterns, AWS limits). From it this
writes the Terraform module's `variables.tf` and `outputs.tf` (from `templates/*.tf.tmpl`, `@@name@@`
placeholders) and the Python constants in `framework/layer/interface/tag_rules.py` that `tags.py` uses.

    python -m layer.interface.tag_rules_gen [--check] [ROOT]    (ROOT: the repository, default .)

`--check` writes nothing and exits 1 when a generated file is not what the data file gives.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

MODULE = Path("modules/common-tags")
DATA = MODULE / "tag-rules.json"
PYTHON = Path("framework/layer/interface/tag_rules.py")
TERRAFORM = ("variables.tf", "outputs.tf")
_PLACEHOLDER = re.compile(r"@@([a-z_]+)@@")

_STRINGS = (
    "default_managed_by",
    "environment_pattern",
    "cost_center_pattern",
    "slug_pattern",
    "reserved_prefix",
    "name_prefix_pattern",
)
_INTEGERS = ("max_key_length", "max_value_length", "max_tags", "name_prefix_max_length")
_KEY_LISTS = ("required_tag_keys", "optional_tag_keys")


@dataclass(frozen=True)
class Generated:
    path: Path  # relative to the repository
    text: str


def load_rules(root: Path) -> dict[str, object]:
    data = json.loads((root / DATA).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{DATA}: expected a JSON object")
    for key in _STRINGS:
        if not isinstance(data.get(key), str):
            raise ValueError(f"{DATA}: {key} must be a string")
    for key in _INTEGERS:
        if not isinstance(data.get(key), int):
            raise ValueError(f"{DATA}: {key} must be an integer")
    for key in _KEY_LISTS:
        keys = data.get(key)
        if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
            raise ValueError(f"{DATA}: {key} must be a list of strings")
    return data


def _keys(rules: dict[str, object], key: str) -> list[str]:
    keys = rules[key]
    assert isinstance(keys, list)  # load_rules checked it
    return [str(k) for k in keys]


def _standard_keys(rules: dict[str, object]) -> list[str]:
    return [k for key in _KEY_LISTS for k in _keys(rules, key)]


def _hcl_text(value: str) -> str:
    """`value` as it is written inside an HCL quoted string."""
    escaped = json.dumps(value, ensure_ascii=False)[1:-1]
    return escaped.replace("${", "$${").replace("%{", "%%{")


def _terraform_values(rules: dict[str, object], template: str) -> dict[str, str]:
    keys = _standard_keys(rules)
    values = {key: _hcl_text(str(rules[key])) for key in _STRINGS}
    values.update({key: str(rules[key]) for key in _INTEGERS})
    values["standard_tag_keys_list"] = "[" + ", ".join(f'"{_hcl_text(k)}"' for k in keys) + "]"
    values["standard_tag_keys_text"] = ", ".join(_hcl_text(k) for k in keys)
    values["header"] = (
        f"# Generated from tag-rules.json and templates/{template} by `python -m layer.interface.tag_rules_gen`:\n"
        "# edit those, not this file. framework/layer/interface/tag_rules.py is generated from the same data."
    )
    return values


def _fill(template: str, values: dict[str, str], where: Path) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise ValueError(f"{where}: unknown placeholder @@{name}@@")
        return values[name]

    return _PLACEHOLDER.sub(value, template)


def terraform_files(root: Path, rules: dict[str, object]) -> list[Generated]:
    generated = []
    for name in TERRAFORM:
        template_path = MODULE / "templates" / f"{name}.tmpl"
        template = (root / template_path).read_text(encoding="utf-8")
        values = _terraform_values(rules, template_path.name)
        generated.append(Generated(MODULE / name, _fill(template, values, template_path)))
    return generated


def python_file(rules: dict[str, object]) -> Generated:
    lines = [
        f'"""The standard tag rules, generated from {DATA}.',
        "",
        "Do not edit: change the data file, then run `python -m layer.interface.tag_rules_gen`",
        "(tests/unit/test_tag_rules_agree.py fails until the generated files match it).",
        '"""',
        "",
    ]
    for key in _KEY_LISTS:
        keys = [json.dumps(k) for k in _keys(rules, key)]
        tuple_text = f"({keys[0]},)" if len(keys) == 1 else f"({', '.join(keys)})"
        lines.append(f"{key.upper()}: tuple[str, ...] = {tuple_text}")
    for key in _STRINGS:
        lines.append(f"{key.upper()} = {json.dumps(rules[key])}")
    for key in _INTEGERS:
        lines.append(f"{key.upper()} = {rules[key]}")
    return Generated(PYTHON, "\n".join(lines) + "\n")


def generate(root: Path) -> list[Generated]:
    rules = load_rules(root)
    return [*terraform_files(root, rules), python_file(rules)]


def stale(root: Path) -> list[Path]:
    """The generated files that differ from what the data file gives."""
    out = []
    for item in generate(root):
        target = root / item.path
        if not target.is_file() or target.read_text(encoding="utf-8") != item.text:
            out.append(item.path)
    return out


def main(argv: list[str]) -> int:
    check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    root = Path(args[0]) if args else Path.cwd()
    if check:
        for path in stale(root):
            print(f"{path}: not generated from {DATA} (run `python -m layer.interface.tag_rules_gen`)")
        return 1 if stale(root) else 0
    for item in generate(root):
        (root / item.path).write_text(item.text, encoding="utf-8")
        print(f"wrote {item.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
