"""A `publish:` apply that fails with ParameterAlreadyExists (another layer, an older run or a hand-made
parameter holds /platform/ENV/LAYER/OUTPUT) says what happened and what to do: import the parameter into
this layer with the resource address the publish feature generates, or delete the stale one.

Terraform's text below is what Terraform 1.11.4 with hashicorp/aws 5.100.0 printed (`apply -no-color`, as
the runner runs it) against the emulator holding the parameter already; the path and the address are the
ones generate.py makes for the layer under test."""

from __future__ import annotations

import shlex

import pytest

from layer.config.model import Layer
from layer.hints import terraform_hint
from layer.pipeline import load
from layer.plan.actions import TerraformFailed, failure_message
from layer.state.outputs import shown_directory
from layer.terraform.generate import published_parameters
from tests.conftest import TreeMaker, layer_yaml

APPLY_FAILED = """\
aws_ssm_parameter.{address}: Creating...

Error: creating SSM Parameter ({path}): operation error SSM: PutParameter, https response error StatusCode: \
400, RequestID: d03GsdzACDYtO9BfbDs9ShwiQ2u0TQRUb5pwOyd4QCRdlcy2DGEJ, ParameterAlreadyExists: The parameter \
already exists. To overwrite this value, set the overwrite option in the request to true.

  with aws_ssm_parameter.{address},
  on main.tf.json line 1, in resource.aws_ssm_parameter.{address}:
   1: {{"module": {{"this": {{"source": "../../modules/m"}}}}}}

"""


def published_layer(make_tree: TreeMaker, outputs: str = "[id]") -> Layer:
    live = make_tree({"test/app/layer.yaml": layer_yaml("../../../modules/m") + f"publish: {outputs}\n"})
    return load(live / "test/app").tree.layers["test/app"]


def apply_failed(layer: Layer) -> str:
    """Terraform's output when every parameter the layer publishes exists already."""
    parameters = published_parameters(layer)
    return "".join(APPLY_FAILED.format(address=a, path=p["name"]) for a, p in parameters.items())


def test_the_failed_publish_names_the_parameter_and_how_to_import_or_delete_it(make_tree: TreeMaker) -> None:
    layer = published_layer(make_tree)
    [(address, parameter)] = published_parameters(layer).items()
    path = parameter["name"]
    assert (address, path) == ("publish_id", "/platform/test/app/id")
    message = failure_message(layer, TerraformFailed("apply", apply_failed(layer)))
    summary, hint = message.split("\n  hint: ")
    assert (
        summary.startswith(f"terraform apply: creating SSM Parameter ({path})") and "ParameterAlreadyExists" in summary
    )
    assert f"SSM parameter {path}, which this layer publishes (publish:), exists already" in hint
    assert "another layer, an older run or a hand-made parameter" in hint
    where = shlex.quote(shown_directory(layer.dir))
    assert f"`layer terraform {where} -- import aws_ssm_parameter.{address} {path}`" in hint
    assert f"`aws ssm delete-parameter --name {path}`" in hint


def test_every_parameter_that_exists_is_named() -> None:
    paths = {f"publish_{name}": f"/platform/test/app/{name}" for name in ("id", "other")}
    hint = terraform_hint("".join(APPLY_FAILED.format(address=a, path=p) for a, p in paths.items()), {}, "live/app")
    for address, path in paths.items():
        assert f"import aws_ssm_parameter.{address} {path}`" in hint
    assert "`aws ssm delete-parameters --names /platform/test/app/id /platform/test/app/other`" in hint


def test_terraforms_frame_colour_and_wrapping_do_not_hide_it() -> None:
    text = APPLY_FAILED.format(address="publish_id", path="/platform/test/app/id")
    framed = "".join(
        f"\x1b[31m│\x1b[0m {line}\n" for line in text.replace("StatusCode: 400, ", "StatusCode:\n400,\n").splitlines()
    )
    hint = terraform_hint("\x1b[31m╷\x1b[0m\n" + framed + "╵\n", {}, "live/test/app")
    assert "`layer terraform live/test/app -- import aws_ssm_parameter.publish_id /platform/test/app/id`" in hint


def test_a_parameter_of_the_module_gets_its_own_address_quoted_for_the_shell() -> None:
    text = APPLY_FAILED.format(address="x", path="/app/x").replace(
        "with aws_ssm_parameter.x,", 'with module.this.aws_ssm_parameter.x["a"],'
    )
    hint = terraform_hint(text, {}, "live/my app")
    assert "SSM parameter /app/x, which this layer creates, exists already" in hint
    assert """`layer terraform 'live/my app' -- import 'module.this.aws_ssm_parameter.x["a"]' /app/x`""" in hint


@pytest.mark.parametrize(
    "output",
    [
        "Error: creating SSM Parameter (/a): operation error SSM: PutParameter, ValidationException: x",
        "Error: reading SSM Parameter (/a): couldn't find resource",
        "ParameterAlreadyExists, but not in an error diagnostic",
    ],
)
def test_other_failures_get_no_such_hint(output: str) -> None:
    assert terraform_hint(output, {}, "live/test/app") == ""
