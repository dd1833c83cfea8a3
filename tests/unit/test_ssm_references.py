"""Issue 18: `${ssm:/PATH}` references (form and placement checked by `layer validate`, resolved when the
layer runs) and `publish:` (outputs written to SSM by the generated root). Through the real CLI where a
user would see the result; the encoding is checked against real Terraform."""

from __future__ import annotations

import json
import os
import subprocess
import textwrap
from pathlib import Path

import pytest

from layer.config import ssm
from layer.config.loader import load_layer
from layer.config.resolve import Context, UnresolvedError, resolve
from layer.interface.spec import load_module
from layer.terraform.generate import WorkDir, downloaded_module, exports_outputs, render_workdir, with_outputs
from tests.cli_zygote import layer_process
from tests.conftest import MODULE_TF, TreeMaker, layer_yaml


def validate(live: Path) -> subprocess.CompletedProcess[str]:
    """`layer validate LIVE` in a process of its own (forked from a pre-imported one: tests/cli_zygote.py)."""
    return layer_process(["validate", live], env={**os.environ, "NO_COLOR": "1"})


# --------------------------------------------------------------------------------------------------
# The path's form


@pytest.mark.parametrize(
    "path",
    ["/platform/prod/network/vpc_id", "/a", "/A-b_c.d/0", "/" + "/".join(["x"] * 15), "/platform/ssm"],
)
def test_valid_parameter_paths(path: str) -> None:
    assert ssm.path_problem(path) is None


@pytest.mark.parametrize(
    ("path", "fragment"),
    [
        ("platform/prod/vpc_id", "must start with '/'"),
        ("", "must start with '/'"),
        ("/platform//vpc_id", "empty segment"),
        ("/platform/vpc_id/", "empty segment"),
        ("/", "empty segment"),
        ("/platform/vpc id", "' '"),
        ("/platform/vpc*", "'*'"),
        ("/platform/ü", "'ü'"),
        ("/aws/service/x", "reserved by AWS"),
        ("/SSM-things/x", "reserved by AWS"),
        ("/" + "/".join(["x"] * 16), "at most 15"),
        ("/" + "x" * 1011, "at most 1011"),
    ],
)
def test_invalid_parameter_paths_say_why(path: str, fragment: str) -> None:
    problem = ssm.path_problem(path)
    assert problem is not None and fragment in problem


# --------------------------------------------------------------------------------------------------
# validate: form, placement, mocks, publish; file and line of each


def _app(inputs: str, extra: str = "") -> str:
    return layer_yaml("../../../modules/m", inputs) + textwrap.dedent(extra)


@pytest.mark.parametrize(
    ("inputs", "extra", "line", "fragment"),
    [
        ("name: ${ssm:platform/test/x}", "", 3, "must start with '/'"),
        ("name: ${ssm:/platform//x}", "", 3, "empty segment"),
        ("name: ${ssm:/platform/x y}", "", 3, "' '"),
        ("name: ${ssm:}", "", 3, "must start with '/'"),
        ("name: ${ssm/platform/x}", "", 3, "expected 'ssm:'"),
        ("name: ${SSM:/platform/x}", "", 3, "did you mean ${ssm"),
        ("name: x-${ssm:/platform/x", "", 3, "unclosed reference"),
        ("name: x", "tags:\n  Team: ${ssm:/platform/x}\n", 5, "not allowed in tags"),
        ("name: ${ssm:/platform/kms/key_arns[logs]}", "", 3, "only keys in brackets may follow"),
        ('name: ${ssm:/platform/kms/key_arns["logs"]x}', "", 3, "only keys in brackets may follow"),
        ("name: x", "mock_ssm_parameters:\n  /aws/x: 1\n", 5, "reserved by AWS"),
        ("name: x", "mock_ssm_parameters:\n  platform/x: 1\n", 5, "mock_ssm_parameters"),
    ],
)
def test_validate_refuses_bad_ssm_references_at_their_line(
    make_tree: TreeMaker, inputs: str, extra: str, line: int, fragment: str
) -> None:
    live = make_tree({"test/app/layer.yaml": _app(inputs, extra)})
    result = validate(live)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"live/test/app/layer.yaml:{line}" in result.stderr
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_accepts_ssm_references_of_any_type_and_iam_variables(make_tree: TreeMaker) -> None:
    """A reference stands for a value of any type until the run (settings is an object), embedded in a longer
    string too; `${aws:username}` and the escape `$${ssm:...}` are not references."""
    inputs = """
        name: pre-${ssm:/platform/test/net/vpc_id}-${aws:username}-$${ssm:bad path}-${ssm:/p/k["a"][0]}
        settings: ${ssm:/platform/test/net/settings}
    """
    live = make_tree({"test/app/layer.yaml": _app(inputs, "mock_ssm_parameters:\n  /platform/test/net/x: 1\n")})
    result = validate(live)
    assert result.returncode == 0, result.stderr


def test_publish_names_outputs_that_exist_and_are_not_sensitive(make_tree: TreeMaker) -> None:
    live = make_tree({"test/net/layer.yaml": _app("name: x", "publish: [id, secret, idd]\n")})
    result = validate(live)
    assert result.returncode == 1
    assert "layer.yaml:4 (publish[1]): publish: output 'secret' of test/net is sensitive" in result.stderr
    assert "(publish[2]): publish: 'idd' is not an output" in result.stderr
    assert "did you mean 'id'?" in result.stderr


@pytest.mark.parametrize("bad", ["publish: id", "publish: [1-id]", "publish: [id, id]"])
def test_publish_must_be_a_list_of_unique_output_names(make_tree: TreeMaker, bad: str) -> None:
    live = make_tree({"test/net/layer.yaml": _app("name: x", bad + "\n")})
    result = validate(live)
    assert result.returncode == 1
    assert "live/test/net/layer.yaml:4" in result.stderr
    assert "Traceback" not in result.stderr


def test_two_layers_publishing_the_same_path_are_refused(make_tree: TreeMaker) -> None:
    live = make_tree(
        {
            "test/net/layer.yaml": _app("name: x", "publish: [id]\n"),
            "test/eu/net/layer.yaml": layer_yaml("../../../../modules/m", "name: y") + "publish: [id]\n",
        }
    )
    result = validate(live)
    assert result.returncode == 1
    assert "would both write /platform/test/net/id" in result.stderr


def test_the_same_path_in_another_region_is_another_parameter(make_tree: TreeMaker) -> None:
    """Each region has its own Parameter Store: a second region's network layer publishes the same path."""
    live = make_tree(
        {
            "test/net/layer.yaml": _app("name: x", "publish: [id]\n"),
            "test/tokyo/_defaults.yaml": "region: ap-northeast-1\n",
            "test/tokyo/net/layer.yaml": layer_yaml("../../../../modules/m", "name: y") + "publish: [id]\n",
        }
    )
    result = validate(live)
    assert result.returncode == 0, result.stderr


# --------------------------------------------------------------------------------------------------
# Run time: resolution and the generated root


def test_resolution_keeps_the_type_of_a_whole_reference_and_formats_an_embedded_one() -> None:
    inputs = {"ids": "${ssm:/p/ids}", "name": "svc-${ssm:/p/name}", "env": "${env:NOPE:-d}"}
    assert resolve(inputs, Context()) == {"ids": "${ssm:/p/ids}", "name": "svc-${ssm:/p/name}", "env": "d"}
    ctx = Context(parameters={"/p/ids": ["a", "b"], "/p/name": "orders"})
    assert resolve(inputs, ctx) == {"ids": ["a", "b"], "name": "svc-orders", "env": "d"}


def test_keys_in_brackets_walk_into_the_value() -> None:
    ctx = Context(parameters={"/p/arns": {"logs": "arn:logs", "a.b": ["x", "y"]}})
    inputs = {"logs": '${ssm:/p/arns["logs"]}', "second": "${ssm:/p/arns['a.b'][1]}"}
    assert resolve(inputs, ctx) == {"logs": "arn:logs", "second": "y"}
    assert list(ssm.parameter_paths(inputs)) == [(("logs",), "/p/arns"), (("second",), "/p/arns")]
    with pytest.raises(UnresolvedError, match=r"/p/arns has no 'rds'") as caught:
        resolve({"rds": '${ssm:/p/arns["rds"]}'}, ctx)
    assert caught.value.hint == "available: a.b, logs"


def test_parameter_paths_of_inputs() -> None:
    inputs = {"a": ["${ssm:/x/1}", {"b": "p-${ssm:/x/2}-${ssm:/x/3}"}], "c": "$${ssm:/x/4}"}
    assert list(ssm.parameter_paths(inputs, ("inputs",))) == [
        (("inputs", "a", 0), "/x/1"),
        (("inputs", "a", 1, "b"), "/x/2"),
        (("inputs", "a", 1, "b"), "/x/3"),
    ]


def test_generated_root_publishes_each_listed_output(make_tree: TreeMaker, tmp_path: Path) -> None:
    live = make_tree({"test/network/layer.yaml": _app("name: x", "publish: [id]\n")})
    layer = load_layer(live, live / "test/network")
    workdir = render_workdir(layer, live, {"name": "x"}, load_module(tmp_path / "modules/m"))
    main = json.loads(workdir.files["main.tf.json"])
    parameter = main["resource"]["aws_ssm_parameter"]["publish_id"]
    assert parameter["name"] == "/platform/test/network/id"
    assert parameter["type"] == "String"
    assert parameter["value"] == ssm.publish_expression("module.this.id")


VALUES = {
    "text": "vpc-0abc",
    "number": 3,
    "boolean": True,
    "empty": "",
    "json_text": '{"a":1}',
    "digits": "123",
    "list": ["subnet-1", "subnet-2"],
    "map": {"logs": "arn:aws:kms:x", "n": 1},
    "null": None,
}


def test_terraform_publishes_what_python_encodes_and_decoding_gives_the_value_back(tmp_path: Path) -> None:
    """The expression the generated root writes to SSM, run by real Terraform, gives `encode`'s text for
    every kind of output, and `decode` of that text is the output again."""
    tf_values = {name: json.dumps(value) for name, value in VALUES.items()}
    body = "\n".join(f"  {name} = jsondecode({json.dumps(text)})" for name, text in tf_values.items())
    outputs = "\n".join(
        f'output "{name}" {{\n  value = "{ssm.publish_expression(f"local.{name}")}"\n}}' for name in VALUES
    )
    (tmp_path / "main.tf").write_text(f"locals {{\n{body}\n}}\n{outputs}\n")
    env = {**os.environ, "TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1"}
    for args in (["init", "-input=false"], ["apply", "-auto-approve", "-input=false"]):
        subprocess.run(["terraform", *args], cwd=tmp_path, env=env, check=True, capture_output=True, timeout=120)
    shown = subprocess.run(
        ["terraform", "output", "-json"], cwd=tmp_path, env=env, check=True, capture_output=True, text=True
    )
    published = {name: entry["value"] for name, entry in json.loads(shown.stdout).items()}
    assert published == {name: ssm.encode(value) for name, value in VALUES.items()}
    assert published["text"] == "vpc-0abc"  # a plain string stays readable in the console
    assert {name: ssm.decode(text) for name, text in published.items()} == VALUES


# --------------------------------------------------------------------------------------------------
# A remote module's outputs (a service repository's layers use the platform's modules by git tag)


def test_a_remote_modules_outputs_are_exported_once_init_downloaded_it(tmp_path: Path) -> None:
    """Without the module on disk the root exports nothing, so dependents found no outputs in its state;
    once `terraform init` has downloaded it (.terraform/modules/modules.json), its outputs are exported."""
    workdir_dir = tmp_path / "work"
    assert downloaded_module(workdir_dir) is None
    module = workdir_dir / ".terraform/modules/this/modules/m"
    module.mkdir(parents=True)
    (module / "main.tf").write_text(MODULE_TF)
    manifest = {"Modules": [{"Key": "", "Dir": "."}, {"Key": "this", "Dir": ".terraform/modules/this/modules/m"}]}
    (workdir_dir / ".terraform/modules/modules.json").write_text(json.dumps(manifest))
    assert downloaded_module(workdir_dir) == module

    main = {"module": {"this": {"source": "git::https://example.com/x.git//modules/m?ref=v1", "name": "x"}}}
    bare = WorkDir("app", workdir_dir, {}, {"main.tf.json": json.dumps(main)})
    assert not exports_outputs(bare)
    exported = with_outputs(bare, load_module(module))
    assert exports_outputs(exported)
    outputs = json.loads(exported.files["main.tf.json"])["output"]
    assert outputs == {
        "id": {"value": "${module.this.id}", "sensitive": False},
        "secret": {"value": "${module.this.secret}", "sensitive": True},
    }
    assert json.loads(exported.files["main.tf.json"])["module"] == main["module"]


# --------------------------------------------------------------------------------------------------
# A pinned module release with a newer patch (layer modules release tags NAME/vX.Y.Z)


def test_validate_notes_a_newer_patch_of_a_pinned_module_release(make_tree: TreeMaker) -> None:
    source = "git::https://github.com/connectly/platform.git//modules/ecs-service?ref=ecs-service/v1.4.0"
    live = make_tree({"test/app/layer.yaml": f"module: {source}\ninputs:\n  name: x\n"})
    repo = live.parent
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@e",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@e",
    }
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "tree"], ["tag", "ecs-service/v1.4.0"]):
        subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)
    assert "is released" not in validate(live).stderr + validate(live).stdout

    for tag in ("ecs-service/v1.4.2", "ecs-service/v1.5.0", "alb/v1.4.9"):
        subprocess.run(["git", "-C", str(repo), "tag", tag], check=True, capture_output=True, env=env)
    result = validate(live)
    assert result.returncode == 0, result.stderr
    assert "test/app pins ecs-service/v1.4.0; ecs-service/v1.4.2 is released" in result.stdout + result.stderr
