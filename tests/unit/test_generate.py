from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from layer.config.loader import load_layer
from layer.errors import LayerError, SchemaError
from layer.interface.spec import load_module
from layer.terraform.cliconfig import CliConfig, find_mirror, write_cli_config
from layer.terraform.generate import (
    backend_config,
    escape_templates,
    module_source,
    relocated_main,
    render_workdir,
    state_key,
    wrapper_config,
    write_workdir,
)
from tests.conftest import ROOT, TreeMaker, layer_yaml


def test_backend_defaults_to_s3_native_locking_and_path_key(make_tree: TreeMaker) -> None:
    live = make_tree({"prod/app/layer.yaml": layer_yaml("../../../modules/m")})
    layer = load_layer(live, live / "prod/app")
    backend = backend_config(layer)
    assert backend["key"] == "prod/app/terraform.tfstate"
    assert backend["use_lockfile"] is True
    assert backend["encrypt"] is True
    assert "dynamodb_table" not in backend


def test_seed_style_dynamodb_locking_and_key_template(make_tree: TreeMaker) -> None:
    live = make_tree(
        {
            "prod/_defaults.yaml": (
                "backend:\n  bucket: prod-connectly\n  key: '{name}/terraform.tfstate'\n"
                "  dynamodb_table: prod-connectly-tf-lock\n  kms_key_id: alias/terraform-state\n"
            ),
            "prod/network/layer.yaml": layer_yaml("../../../modules/m"),
        }
    )
    layer = load_layer(live, live / "prod/network")
    backend = backend_config(layer)
    assert state_key(layer) == "network/terraform.tfstate"
    assert backend["bucket"] == "prod-connectly"
    assert backend["dynamodb_table"] == "prod-connectly-tf-lock"
    assert backend["use_lockfile"] is False
    assert backend["kms_key_id"] == "alias/terraform-state"


def test_provider_block_tags_role_and_endpoints(make_tree: TreeMaker, tmp_path: Path) -> None:
    live = make_tree(
        {
            "app/layer.yaml": layer_yaml()
            + "provider:\n  assume_role:\n    role_arn: arn:aws:iam::123456789012:role/deploy\n"
            + "  endpoints:\n    s3: http://127.0.0.1:1\n",
        }
    )
    layer = load_layer(live, live / "app")
    workdir = render_workdir(layer, live, {"name": "x"}, load_module(tmp_path / "modules/m"))
    provider = json.loads(workdir.files["provider.tf.json"])["provider"]["aws"][0]
    assert provider["region"] == "ap-northeast-2"
    assert provider["assume_role"] == {"role_arn": "arn:aws:iam::123456789012:role/deploy"}
    assert provider["endpoints"] == [{"s3": "http://127.0.0.1:1"}]
    assert provider["default_tags"]["tags"] == {
        "ManagedBy": "terraform",
        "Layer": "app",
        "Environment": "test",
        "Owner": "platform",
        "CostCenter": "cc-1",
    }


def test_tags_are_checked_with_the_common_tags_rules(make_tree: TreeMaker, tmp_path: Path) -> None:
    live = make_tree({"app/layer.yaml": layer_yaml() + "tags:\n  CostCenter: 'x'\n"})
    layer = load_layer(live, live / "app")
    with pytest.raises(SchemaError) as caught:
        render_workdir(layer, live, {}, None)
    assert caught.value.location is not None and caught.value.location.path == live / "app/layer.yaml"


def test_wrapper_references_the_module_in_place_and_escapes_templates(make_tree: TreeMaker, tmp_path: Path) -> None:
    live = make_tree({"app/layer.yaml": layer_yaml()})
    layer = load_layer(live, live / "app")
    spec = load_module(tmp_path / "modules/m")
    workdir = render_workdir(layer, live, {"name": "a/${aws:username}"}, spec)
    main = json.loads(workdir.files["main.tf.json"])
    source = main["module"]["this"]["source"]
    assert (workdir.path / source).resolve() == (tmp_path / "modules/m").resolve()
    assert main["module"]["this"]["name"] == "a/$${aws:username}"
    assert main["output"]["secret"] == {"value": "${module.this.secret}", "sensitive": True}


def test_missing_provider_alias_is_a_clear_error(make_tree: TreeMaker, tmp_path: Path) -> None:
    live = make_tree({"app/layer.yaml": layer_yaml()})
    layer = load_layer(live, live / "app")
    spec = load_module(tmp_path / "modules/m")
    from dataclasses import replace

    with pytest.raises(SchemaError, match=r"provider\.aliases\.us_east_1"):
        render_workdir(layer, live, {}, replace(spec, configuration_aliases=("aws.us_east_1",)))


def test_cli_config_uses_the_mirror_or_a_shared_cache(tmp_path: Path) -> None:
    mirror = CliConfig(Path("/opt/tf-plugins"), tmp_path / "cache").render()
    assert 'path    = "/opt/tf-plugins"' in mirror and "plugin_cache_dir" not in mirror
    cache = CliConfig(None, tmp_path / "cache").render()
    assert f'plugin_cache_dir = "{tmp_path}/cache"' in cache and "direct {}" in cache
    with pytest.raises(LayerError, match=r"provider mirror .* does not exist"):
        write_cli_config(tmp_path / ".layer", mirror=str(tmp_path / "missing"))


@pytest.mark.terraform
@pytest.mark.skipif(find_mirror() is None or shutil.which("terraform") is None, reason="needs terraform and mirror")
def test_generated_workdir_passes_terraform_validate(make_tree: TreeMaker, tmp_path: Path) -> None:
    """The generated backend/provider/wrapper, checked by Terraform against the real aws provider schema."""
    shutil.copytree(ROOT / "tests/fixtures/diamond/modules/bucket", tmp_path / "modules/bucket")
    live = make_tree(
        {
            "app/layer.yaml": layer_yaml(
                module_rel="../../modules/bucket",
                inputs="name_prefix: x\nkms_key_arn: arn:aws:kms:ap-northeast-2:1:key/x",
            )
            + "backend:\n  dynamodb_table: locks\n  endpoints:\n    s3: http://127.0.0.1:1\n"
            + "provider:\n  max_retries: 3\n  endpoints:\n    s3: http://127.0.0.1:1\n",
        }
    )
    layer = load_layer(live, live / "app")
    assert layer.module_dir is not None
    workdir = render_workdir(layer, live, layer.inputs, load_module(layer.module_dir))
    write_workdir(workdir)
    env = {
        **os.environ,
        "TF_CLI_CONFIG_FILE": str(write_cli_config(tmp_path / ".layer")),
        "TF_DATA_DIR": str(tmp_path / "tfdata"),
    }
    init = subprocess.run(
        ["terraform", "init", "-backend=false", "-input=false", "-no-color"],
        cwd=workdir.path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert init.returncode == 0, init.stdout + init.stderr
    links = list((tmp_path / "tfdata/providers").rglob("linux_amd64"))
    assert links and links[0].is_symlink(), "providers come from the mirror by symlink, not copied"
    result = subprocess.run(
        ["terraform", "validate", "-no-color"],
        cwd=workdir.path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_state_reader_reads_each_state_once_per_run(monkeypatch: pytest.MonkeyPatch) -> None:
    from layer.state import outputs

    calls: list[str] = []

    def fake_fetch(self: object, backend: dict[str, str], env: dict[str, str], *_: object) -> outputs.StateObject:
        calls.append(backend["key"])
        return outputs.StateObject(backend["bucket"], backend["key"], {"id": "x"}, frozenset(), 1, "l", 1)

    monkeypatch.setattr(outputs.StateReader, "_fetch", fake_fetch)
    reader = outputs.StateReader()
    backend = {"bucket": "b", "key": "net/terraform.tfstate"}
    for _ in range(5):
        assert reader.read(backend, {}).outputs == {"id": "x"}
    assert calls == ["net/terraform.tfstate"]
    reader.forget(backend)
    reader.read(backend, {})
    assert len(calls) == 2, "after the dependency applies, its state is read again"


def test_parse_state_keeps_sensitivity() -> None:
    from layer.state.outputs import parse_state

    body = json.dumps(
        {
            "version": 4,
            "serial": 3,
            "lineage": "x",
            "resources": [{}],
            "outputs": {"a": {"value": 1, "type": "number"}, "s": {"value": "p", "type": "string", "sensitive": True}},
        }
    ).encode()
    state = parse_state("b", "k", body)
    assert state.outputs == {"a": 1, "s": "p"}
    assert state.sensitive == frozenset({"s"})
    assert state.serial == 3 and state.resources == 1


TEMPLATE_MODULE = """
variable "tags" {
  type = map(string)
}

variable "rules" {
  type = any
}

output "tags" {
  value = var.tags
}

output "rules" {
  value = var.rules
}
"""

LITERALS = {
    "tags": {"team-${aws:username}": "x", "%{if}": "${v}", "plain": "$${kept}", "end$": "50%"},
    "rules": {"a-${b}": [{"${c}": "%{d}"}]},
}


def test_keys_and_values_are_escaped_at_every_depth() -> None:
    escaped = escape_templates(LITERALS)
    assert escaped["tags"] == {"team-$${aws:username}": "x", "%%{if}": "$${v}", "plain": "$$${kept}", "end$": "50%"}
    assert escaped["rules"] == {"a-$${b}": [{"$${c}": "%%{d}"}]}


@pytest.mark.terraform
@pytest.mark.skipif(shutil.which("terraform") is None, reason="needs terraform")
def test_terraform_reads_literal_keys_and_values_back(make_tree: TreeMaker, tmp_path: Path) -> None:
    """Real Terraform parses the generated main.tf.json and sees every `${`/`%{` as written in YAML."""
    (tmp_path / "modules/t").mkdir(parents=True)
    (tmp_path / "modules/t/main.tf").write_text(TEMPLATE_MODULE)
    live = make_tree({"app/layer.yaml": layer_yaml("../../modules/t", "tags: {}\nrules: {}")})
    layer = load_layer(live, live / "app")
    assert layer.module_dir is not None
    root = tmp_path / "root"
    root.mkdir()
    main = wrapper_config(layer, root, LITERALS, load_module(layer.module_dir))
    (root / "main.tf.json").write_text(json.dumps(main))
    env = {**os.environ, "CHECKPOINT_DISABLE": "1", "TF_CLI_CONFIG_FILE": os.devnull}
    for args in (["init", "-backend=false", "-input=false"], ["apply", "-auto-approve", "-input=false"]):
        run = subprocess.run(["terraform", *args, "-no-color"], cwd=root, env=env, capture_output=True, text=True)
        assert run.returncode == 0, run.stdout + run.stderr
    shown = subprocess.run(["terraform", "output", "-json"], cwd=root, env=env, capture_output=True, text=True)
    outputs = json.loads(shown.stdout)
    assert outputs["tags"]["value"] == LITERALS["tags"]
    assert outputs["rules"]["value"] == LITERALS["rules"]


def test_module_source_is_relative_between_real_paths(tmp_path: Path) -> None:
    module = tmp_path / "repo/modules/m"
    module.mkdir(parents=True)
    (tmp_path / "elsewhere/a/b").mkdir(parents=True)
    os.symlink(tmp_path / "elsewhere/a/b", tmp_path / "short")
    work = tmp_path / "short/work"  # really elsewhere/a/b/work
    source = module_source(module, work)
    assert source == "../../../../repo/modules/m"
    assert (work / source).resolve() == module.resolve()
    assert module_source(module, tmp_path / "repo") == "./modules/m"


def test_relocated_main_points_at_the_module_from_the_new_directory(make_tree: TreeMaker, tmp_path: Path) -> None:
    live = make_tree({"app/layer.yaml": layer_yaml()})
    layer = load_layer(live, live / "app")
    workdir = render_workdir(layer, live, {"name": "x"}, load_module(tmp_path / "modules/m"))
    scratch = tmp_path / "x"
    moved = relocated_main(workdir, layer, scratch)
    assert (scratch / moved["module"]["this"]["source"]).resolve() == (tmp_path / "modules/m").resolve()
    assert moved["module"]["this"]["name"] == "x"


def test_provider_default_tags_escape_templates(make_tree: TreeMaker) -> None:
    live = make_tree({"app/layer.yaml": layer_yaml() + "tags:\n  team-${aws:username}: x\n  Who: '%{x}'\n"})
    layer = load_layer(live, live / "app")
    provider = json.loads(render_workdir(layer, live, {}, None).files["provider.tf.json"])["provider"]["aws"][0]
    assert provider["default_tags"]["tags"]["team-$${aws:username}"] == "x"
    assert provider["default_tags"]["tags"]["Who"] == "%%{x}"
