"""Generated Terraform plumbing for one layer: backend, providers and a wrapper root module.

Each layer gets a work directory (`.layer/work/<tree>/<layer id>/`) holding only generated files:
    backend.tf.json   the S3 backend (key derived from the layer's path, encryption, locking)
    provider.tf.json  the aws provider (region, assumed role, default_tags, endpoints) and aliases
    main.tf.json      module "this" { source = <the module, in place>; inputs }, its outputs, and the
                      aws_ssm_parameter of each output in `publish:` (config/ssm.py)
A user can `cd` there and run terraform by hand. Module sources are referenced, never copied: a local
module by a `../` path from the work dir to the module, between real (symlink-resolved) paths, so that it
holds wherever the repository is cloned and wherever LAYER_WORK_DIR points. A copy of main.tf.json used
from another directory must be relocated (`relocated_main`).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from layer.config import ssm
from layer.config.backend_block import backend_config as backend_config  # re-exported: callers import it here
from layer.config.backend_block import endpoints as _endpoints
from layer.config.backend_block import state_key as state_key
from layer.config.model import Layer
from layer.errors import SchemaError
from layer.interface.spec import ModuleSpec

# Services the platform's modules call; `provider.endpoint_url` points each of them at one endpoint.
PROVIDER_SERVICES = (
    "accessanalyzer",
    "acm",
    "apigateway",
    "apigatewayv2",
    "athena",
    "backup",
    "cloudtrail",
    "cloudwatch",
    "logs",
    "configservice",
    "dynamodb",
    "ec2",
    "ecr",
    "ecs",
    "efs",
    "elasticache",
    "elbv2",
    "events",
    "firehose",
    "glue",
    "guardduty",
    "iam",
    "kms",
    "lambda",
    "amp",
    "grafana",
    "ram",
    "rds",
    "route53",
    "s3",
    "secretsmanager",
    "securityhub",
    "sns",
    "sqs",
    "ssm",
    "sts",
    "wafv2",
    "xray",
)
PROVIDER_PASSTHROUGH = (
    "max_retries",
    "allowed_account_ids",
    "s3_use_path_style",
    "skip_credentials_validation",
    "skip_requesting_account_id",
    "skip_metadata_api_check",
    "skip_region_validation",
)


@dataclass(frozen=True)
class WorkDir:
    layer_id: str
    path: Path
    backend: dict[str, Any]
    files: dict[str, str]

    @property
    def fingerprint(self) -> str:
        """Changes when what `terraform init` depends on changes (backend, providers, module source)."""
        digest = hashlib.sha256()
        for name in ("backend.tf.json", "provider.tf.json"):
            digest.update(self.files[name].encode())
        digest.update(json.loads(self.files["main.tf.json"])["module"]["this"]["source"].encode())
        return digest.hexdigest()


def work_root(tree_root: Path) -> Path:
    override = os.environ.get("LAYER_WORK_DIR")
    return Path(override).resolve() if override else tree_root.parent / ".layer"


def default_tags(layer: Layer) -> dict[str, str]:
    tags = {"ManagedBy": "terraform", "Layer": layer.id}
    if "environment" in layer.config:
        tags["Environment"] = str(layer.config["environment"])
    tags.update({str(k): str(v) for k, v in layer.config.get("tags", {}).items()})
    from layer.interface.tags import validate_tags  # the same rules as modules/common-tags

    problems = validate_tags(tags)
    if problems:
        raise SchemaError(
            "; ".join(problems),
            layer.location(("tags",)),
            "the standard tag set is defined by modules/common-tags",
        )
    return tags


def _provider_block(settings: Mapping[str, Any], region: str, tags: dict[str, str]) -> dict[str, Any]:
    block: dict[str, Any] = {"region": region, "default_tags": {"tags": tags}}
    for key in PROVIDER_PASSTHROUGH:
        if key in settings:
            block[key] = settings[key]
    if "assume_role" in settings:
        block["assume_role"] = dict(settings["assume_role"])
    endpoints = _endpoints(settings, PROVIDER_SERVICES)
    if endpoints:
        block["endpoints"] = [endpoints]
    return block


def provider_config(layer: Layer, aliases_needed: tuple[str, ...]) -> dict[str, Any]:
    settings = layer.config.get("provider", {})
    tags = default_tags(layer)
    blocks = [_provider_block(settings, layer.config["region"], tags)]
    configured = settings.get("aliases", {})
    for alias in aliases_needed:
        name = alias.split(".", 1)[1]
        if name not in configured:
            raise SchemaError(
                f"module needs provider alias '{alias}' but provider.aliases.{name} is not configured",
                layer.location(("provider",)),
                f"add provider.aliases.{name}.region (e.g. us-east-1) to the layer or a _defaults.yaml above it",
            )
        alias_settings = {**settings, **configured[name]}
        alias_settings.pop("aliases", None)
        block = _provider_block(alias_settings, configured[name]["region"], tags)
        block["alias"] = name
        blocks.append(block)
    return {"provider": {"aws": [escape_templates(block) for block in blocks]}}  # tags may hold `${`


def escape_template(text: str) -> str:
    """A literal string as Terraform JSON syntax writes it: `${` and `%{` start templates, `$${` and `%%{`
    are their escapes. Every `${` reaching here is literal (references were resolved before)."""
    return text.replace("${", "$${").replace("%{", "%%{")


def escape_templates(value: Any) -> Any:
    """Literal values in .tf.json are templates to Terraform, object keys included (a tag key such as
    `team-${aws:username}`): escape `${` and `%{` in both."""
    if isinstance(value, str):
        return escape_template(value)
    if isinstance(value, dict):
        return {escape_template(str(k)): escape_templates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [escape_templates(v) for v in value]
    return value


def module_source(module_dir: Path, directory: Path) -> str:
    """The local module source for a root module in `directory`: a `./` or `../` path (Terraform takes an
    absolute path for a remote package, which breaks a module's own `../sibling` calls), computed from
    the real, symlink-resolved paths (`..` in a path follows the real directory, not the spelling)."""
    source = os.path.relpath(os.path.realpath(module_dir), os.path.realpath(directory))
    return source if source.startswith("..") else "./" + source


def relocated_main(workdir: WorkDir, layer: Layer, directory: Path) -> dict[str, Any]:
    """main.tf.json's content for a copy of the work dir in another `directory` (its module source is
    relative to the directory it is in)."""
    main: dict[str, Any] = json.loads(workdir.files["main.tf.json"])
    if layer.module_dir is not None:
        main["module"]["this"]["source"] = module_source(layer.module_dir, directory)
    return main


def wrapper_config(layer: Layer, workdir: Path, inputs: Mapping[str, Any], spec: ModuleSpec | None) -> dict[str, Any]:
    source = layer.module_source
    if layer.module_dir is not None:
        source = module_source(layer.module_dir, workdir)
    module: dict[str, Any] = {"source": source}
    module.update({name: escape_templates(value) for name, value in inputs.items()})
    aliases = spec.configuration_aliases if spec else ()
    if aliases:
        module["providers"] = {"aws": "aws", **{a: a for a in aliases}}
    config: dict[str, Any] = {"module": {"this": module}}
    if spec is not None and spec.outputs:
        config["output"] = output_blocks(spec)
    published = published_parameters(layer)
    if published:
        config["resource"] = {"aws_ssm_parameter": published}
    required_version = layer.config.get("terraform", {}).get("required_version")
    if required_version:
        config["terraform"] = {"required_version": required_version}
    return config


def published_parameters(layer: Layer) -> dict[str, Any]:
    """The aws_ssm_parameter resources of the layer's `publish:` outputs, /platform/ENV/LAYER/OUTPUT each
    (config/ssm.py: the path and the encoding that `${ssm:...}` decodes)."""
    environment = str(layer.config.get("environment", ""))
    return {
        f"publish_{name}": {
            "name": ssm.published_path(environment, layer.name, name),
            "description": f"Output {name} of layer {layer.id}, published by layer (docs/service-teams.md)",
            "type": "String",
            "tier": "Standard",
            "value": ssm.publish_expression(f"module.this.{name}"),
        }
        for name in layer.config.get(ssm.PUBLISH_KEY) or []
    }


def output_blocks(spec: ModuleSpec) -> dict[str, Any]:
    """The root's outputs: each output of module "this", as sensitive as the module says."""
    return {
        name: {"value": f"${{module.this.{name}}}", "sensitive": out.sensitive}
        for name, out in sorted(spec.outputs.items())
    }


def workdir_path(layer: Layer, tree_root: Path) -> Path:
    return work_root(tree_root) / "work" / tree_root.name / layer.id


def downloaded_module(directory: Path) -> Path | None:
    """Where `terraform init` put module "this" of a remote source (.terraform/modules/modules.json), or
    None before the first init. A remote module's outputs are known only from there."""
    manifest = directory / ".terraform" / "modules" / "modules.json"
    try:
        entries = json.loads(manifest.read_text())["Modules"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    found = [entry.get("Dir") for entry in entries if isinstance(entry, dict) and entry.get("Key") == "this"]
    return directory / found[0] if found and isinstance(found[0], str) else None


def exports_outputs(workdir: WorkDir) -> bool:
    return "output" in json.loads(workdir.files["main.tf.json"])


def with_outputs(workdir: WorkDir, spec: ModuleSpec) -> WorkDir:
    """The work dir with main.tf.json exporting the module's outputs (a remote module, once downloaded)."""
    main = json.loads(workdir.files["main.tf.json"])
    main["output"] = output_blocks(spec)
    return WorkDir(workdir.layer_id, workdir.path, workdir.backend, {**workdir.files, "main.tf.json": _dump(main)})


def render_workdir(layer: Layer, tree_root: Path, inputs: Mapping[str, Any], spec: ModuleSpec | None) -> WorkDir:
    path = workdir_path(layer, tree_root)
    backend = backend_config(layer)
    aliases = spec.configuration_aliases if spec else ()
    files = {
        "backend.tf.json": _dump({"terraform": {"backend": {"s3": backend}}}),
        "provider.tf.json": _dump(provider_config(layer, aliases)),
        "main.tf.json": _dump(wrapper_config(layer, path, inputs, spec)),
    }
    return WorkDir(layer.id, path, backend, files)


def write_workdir(workdir: WorkDir) -> None:
    workdir.path.mkdir(parents=True, exist_ok=True)
    for name, text in workdir.files.items():
        target = workdir.path / name
        if not target.exists() or target.read_text() != text:
            target.write_text(text)


def _dump(data: Mapping[str, Any]) -> str:
    return json.dumps(data, indent=2, sort_keys=False) + "\n"
