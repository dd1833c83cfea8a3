from __future__ import annotations

import pytest

from layer.config.resolve import Context, UnresolvedError, dependency_names, has_dependency_ref, resolve


def ctx(outputs: dict[str, dict[str, object]] | None = None) -> Context:
    return Context(layer_id="prod/net", layer_name="net", environ={"X": "1"}, outputs=outputs)


def test_whole_reference_keeps_type_and_embedded_is_formatted() -> None:
    out = {"net": {"ids": ["a", "b"], "by_az": {"a": "subnet-1"}}}
    value = {"ids": "${dependency.net.outputs.ids}", "one": "id=${dependency.net.outputs.by_az.a}"}
    assert resolve(value, ctx(out)) == {"ids": ["a", "b"], "one": "id=subnet-1"}


def test_list_index_and_missing_key_message() -> None:
    out = {"net": {"ids": ["a", "b"]}}
    assert resolve("${dependency.net.outputs.ids.1}", ctx(out)) == "b"
    with pytest.raises(UnresolvedError, match="has no 'vpc'"):
        resolve("${dependency.net.outputs.vpc}", ctx(out))
    with pytest.raises(UnresolvedError, match="does not declare"):
        resolve("${dependency.kms.outputs.arn}", ctx(out))


def test_dependency_refs_stay_until_outputs_are_known() -> None:
    assert resolve("${dependency.net.outputs.id}", ctx(None)) == "${dependency.net.outputs.id}"


def test_unknown_prefixes_are_left_alone() -> None:
    policy = "arn:aws:s3:::bucket/${aws:username}/*"
    assert resolve(policy, ctx()) == policy


def test_env_and_layer() -> None:
    assert resolve("${env:X}-${env:NOPE:-d}-${layer.name}-${layer.id}", ctx()) == "1-d-net-prod/net"
    with pytest.raises(UnresolvedError):
        resolve("${env:NOPE}", ctx())


def test_scanning_helpers() -> None:
    value = {"a": ["${dependency.net.outputs.x}", "${env:X}"], "b": "${dependency.kms.outputs.y}"}
    assert has_dependency_ref(value)
    assert dependency_names(value) == {"net", "kms"}
    assert not has_dependency_ref({"a": "${env:X}"})


def test_keys_with_dots_go_in_brackets() -> None:
    out = {"certs": {"arns": {"connectly.io": "arn:1", "api.connectly.io": {"us_east_1": "arn:2"}}, "ids": ["x", "y"]}}
    assert resolve('${dependency.certs.outputs.arns["connectly.io"]}', ctx(out)) == "arn:1"
    assert resolve("${dependency.certs.outputs.arns['api.connectly.io'].us_east_1}", ctx(out)) == "arn:2"
    assert resolve("${dependency.certs.outputs.ids[1]}", ctx(out)) == "y"
    with pytest.raises(UnresolvedError, match=r"outputs.arns\[\"api.connectly.io\"\] has no 'eu'"):
        resolve('${dependency.certs.outputs.arns["api.connectly.io"].eu}', ctx(out))
    with pytest.raises(UnresolvedError, match="malformed reference") as caught:
        resolve('${dependency.certs.outputs.arns["connectly.io}', ctx(out))
    assert caught.value.hint is not None and '["connectly.io"]' in caught.value.hint
    assert dependency_names('${dependency.certs.outputs.arns["a.b"]}') == {"certs"}
