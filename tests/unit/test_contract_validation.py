"""Issue 13: what `layer validate` must refuse on a copy of live/prod, through the real CLI, before any
Terraform runs: shared state objects, bad references, AWS names AWS would refuse, misplaced modules."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.unit.contract_tree import ProdCopy, assert_refused, copy_prod

KMS = "live/prod/ap-northeast-2/kms/layer.yaml"
WAF = "live/prod/ap-northeast-2/waf/layer.yaml"
PROD_DEFAULTS = "live/prod/_defaults.yaml"
REGION_DEFAULTS = "live/prod/ap-northeast-2/_defaults.yaml"
KMS_REF = "${dependency.bootstrap.outputs.kms_key_arn}"


@pytest.fixture
def prod(tmp_path: Path) -> ProdCopy:
    return copy_prod(tmp_path)


def second_region(prod: ProdCopy) -> None:
    """The issue's reproduction: ap-northeast-2 copied to ap-northeast-1 with its own region."""
    shutil.copytree(prod.path("live/prod/ap-northeast-2"), prod.path("live/prod/ap-northeast-1"))
    prod.path("live/prod/ap-northeast-1/_defaults.yaml").write_text("region: ap-northeast-1\n")


def test_the_copy_is_valid_as_it_is(prod: ProdCopy) -> None:
    outcome = prod.layer("validate", "live")
    assert outcome.code == 0, outcome.output
    assert "layer(s) valid" in outcome.stdout


# --------------------------------------------------------------------------------------------------
# One state object per layer


def test_a_second_region_with_a_name_only_key_is_refused_naming_both_layers(prod: ProdCopy) -> None:
    second_region(prod)
    key_line = prod.line_of(PROD_DEFAULTS, "key:")
    outcome = prod.layer("validate", "live")
    assert_refused(
        outcome,
        "prod/ap-northeast-1/waf and prod/ap-northeast-2/waf share one state object",
        "s3://prod-connectly/waf/terraform.tfstate",
        f"live/prod/_defaults.yaml:{key_line} (backend.key)",
        "{region}",
    )


@pytest.mark.parametrize(
    "selection",
    [
        ["validate", "live/prod/ap-northeast-2/kms"],
        ["validate", "live/prod/ap-northeast-2"],
        ["validate", "live", "--include", "prod/ap-northeast-1/kms"],
        ["graph", "live/prod/ap-northeast-1"],
        ["plan", "live/prod/ap-northeast-2/kms"],
        ["run-all", "plan", "live", "--include", "prod/ap-northeast-2/kms"],
    ],
)
def test_a_sub_tree_is_checked_against_the_whole_tree(prod: ProdCopy, selection: list[str]) -> None:
    second_region(prod)
    outcome = prod.layer(*selection)
    assert_refused(outcome, "share one state object", "prod/ap-northeast-1/", "prod/ap-northeast-2/")


def test_a_key_template_with_the_region_makes_the_second_region_valid(prod: ProdCopy) -> None:
    second_region(prod)
    with_region = 'key: "{environment}/{region}/{name}/terraform.tfstate"'
    prod.edit(PROD_DEFAULTS, 'key: "{name}/terraform.tfstate"', with_region)
    outcome = prod.layer("validate", "live")
    assert outcome.code == 0, outcome.output


def test_an_explicit_key_of_another_layer_is_refused_at_its_line(prod: ProdCopy) -> None:
    prod.append(WAF, "backend:\n  key: kms/terraform.tfstate\n")
    line = prod.line_of(WAF, "key: kms/terraform.tfstate")
    outcome = prod.layer("validate", "live/prod/ap-northeast-2/waf")
    assert_refused(
        outcome,
        "prod/ap-northeast-2/kms and prod/ap-northeast-2/waf share one state object",
        f"waf/layer.yaml:{line}",
        "s3://prod-connectly/kms/terraform.tfstate",
    )


def test_the_same_key_in_another_bucket_is_another_object(prod: ProdCopy) -> None:
    prod.append(WAF, "backend:\n  bucket: prod-connectly-waf\n  key: kms/terraform.tfstate\n")
    outcome = prod.layer("validate", "live")
    assert outcome.code == 0, outcome.output


@pytest.mark.parametrize("template", ["{regio}/{name}/terraform.tfstate", "{name/terraform.tfstate", "{0}.tfstate"])
def test_a_key_template_that_cannot_expand_is_refused(prod: ProdCopy, template: str) -> None:
    prod.edit(PROD_DEFAULTS, 'key: "{name}/terraform.tfstate"', f'key: "{template}"')
    line = prod.line_of(PROD_DEFAULTS, "key:")
    outcome = prod.layer("validate", "live/prod/ap-northeast-2/kms")
    assert_refused(outcome, f"live/prod/_defaults.yaml:{line} (backend.key)", "{path}, {name}, {environment}")


@pytest.mark.parametrize(
    ("template", "problem"),
    [
        ("{name}/../waf/terraform.tfstate", "'.' or '..' segments"),
        ("./{name}.tfstate", "'.' or '..' segments"),
        ("/{name}/terraform.tfstate", "start or end with '/'"),
        ("{environment}//{name}.tfstate", "'//'"),
    ],
)
def test_a_key_s3_would_misread_is_refused(prod: ProdCopy, template: str, problem: str) -> None:
    """`kms/../waf/...` is not waf's key to S3 (keys are names, not paths), and Terraform's backend refuses a
    leading '/' or '//' only at init: all are refused before any Terraform runs."""
    prod.edit(PROD_DEFAULTS, 'key: "{name}/terraform.tfstate"', f'key: "{template}"')
    line = prod.line_of(PROD_DEFAULTS, "key:")
    outcome = prod.layer("validate", "live/prod/ap-northeast-2/kms")
    assert_refused(outcome, f"live/prod/_defaults.yaml:{line} (backend.key)", problem)


# --------------------------------------------------------------------------------------------------
# References


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("${dependency.nope.outputs.x}", "names dependency 'nope', which this layer does not declare"),
        ("${dependency.}", "malformed reference ${dependency.}"),
        ("${dependency}", "malformed reference ${dependency}"),
        ("${dependency.bootstrap}", "expected 'outputs' after dependency.bootstrap"),
        ("${dependency.bootstrap.outputs}", "the output's name is missing"),
        ("${dependency.bootstrap.output.kms_key_arn}", "expected 'outputs' after dependency.bootstrap"),
        ("${dependency.bootstrap.outputs.kms_key_arn", "unclosed reference ${dependency.bootstrap.outputs.kms_key_arn"),
        ("arn-${dependency.bootstrap.outputs.kms_key_arn", "unclosed reference"),
        ("${dependencies.bootstrap.outputs.kms_key_arn}", "did you mean ${dependency...}"),
        ("${dependency.bootstrap.outputs.kms_key_arm}", "did you mean 'kms_key_arn'?"),
        ("${dependency.bootstrap.outputs.not_an_output}", "has no output 'not_an_output'"),
        ("${env:LAYER_X", "unclosed reference ${env:LAYER_X"),
        ("${env:}", "expected an environment variable name"),
        ("${layer.nope}", "only ${layer.id} and ${layer.name} exist"),
    ],
)
def test_a_bad_reference_is_refused_at_its_line(prod: ProdCopy, reference: str, expected: str) -> None:
    prod.edit(KMS, KMS_REF, reference)
    line = prod.line_of(KMS, "terraform_state_key_arn:")
    outcome = prod.layer("validate", "live/prod/ap-northeast-2/kms")
    assert_refused(outcome, expected, f"kms/layer.yaml:{line} (inputs.terraform_state_key_arn)")


def test_a_nested_reference_to_an_unknown_output_is_refused(prod: ProdCopy) -> None:
    prod.edit(WAF, "${dependency.kms.outputs.key_arns.logs}", "${dependency.kms.outputs.key_arn.logs}")
    outcome = prod.layer("validate", "live/prod/ap-northeast-2/waf")
    assert_refused(outcome, "has no output 'key_arn'", "did you mean 'key_arns'?")


def test_a_mock_output_the_module_does_not_declare_is_refused(prod: ProdCopy) -> None:
    prod.edit(KMS, "      kms_key_alias: alias/terraform-state", "      kms_key_alais: alias/terraform-state")
    line = prod.line_of(KMS, "kms_key_alais")
    outcome = prod.layer("validate", "live/prod/ap-northeast-2/kms")
    assert_refused(
        outcome,
        "mock_outputs of dependency 'bootstrap' has 'kms_key_alais'",
        f"kms/layer.yaml:{line}",
        "did you mean 'kms_key_alias'?",
    )


@pytest.mark.parametrize(
    ("rel", "addition", "where"),
    [
        (WAF, 'backend:\n  key: "${dependency.kms.outputs.key_ids.logs}.tfstate"\n', "not allowed in backend"),
        (WAF, "tags:\n  KeyArn: ${dependency.kms.outputs.key_arns.logs}\n", "not allowed in tags"),
        (WAF, "env:\n  KEY: ${dependency.kms.outputs.key_arns.logs}\n", "not allowed in env"),
        (REGION_DEFAULTS, "provider:\n  endpoint_url: ${dependency.kms.outputs.x}\n", "not allowed in provider"),
    ],
)
def test_a_dependency_reference_outside_inputs_is_refused(prod: ProdCopy, rel: str, addition: str, where: str) -> None:
    prod.append(rel, addition)
    line = prod.line_of(rel, addition.splitlines()[1].strip())
    outcome = prod.layer("validate", "live/prod/ap-northeast-2/waf")
    assert_refused(outcome, where, f"{rel.split('/')[-2]}/{Path(rel).name}:{line}", "resolved only in inputs")


def test_a_dependency_reference_in_module_is_refused(prod: ProdCopy) -> None:
    prod.edit(WAF, "module: ../../../../modules/waf", "module: ${dependency.kms.outputs.key_ids}")
    outcome = prod.layer("validate", "live/prod/ap-northeast-2/waf")
    assert_refused(outcome, "not allowed in module", f"waf/layer.yaml:{prod.line_of(WAF, 'module:')}")


def test_an_iam_policy_variable_is_left_alone(prod: ProdCopy) -> None:
    prod.append(WAF, 'tags:\n  Requester: "${aws:username}"\n')
    outcome = prod.layer("validate", "live/prod/ap-northeast-2/waf")
    assert outcome.code == 0, outcome.output


def test_an_escaped_reference_is_text_not_a_reference(prod: ProdCopy) -> None:
    """`$${...}` is the escape for a literal `${...}`: it names no dependency and is never checked as one."""
    prod.append(WAF, 'tags:\n  Note: "$${dependency.nope.outputs.y} and $${dependency.}"\n')
    outcome = prod.layer("validate", "live/prod/ap-northeast-2/waf")
    assert outcome.code == 0, outcome.output
    prod.edit(WAF, "$${dependency.nope", "${dependency.nope")
    assert_refused(prod.layer("validate", "live/prod/ap-northeast-2/waf"), "nope")


# --------------------------------------------------------------------------------------------------
# AWS names


@pytest.mark.parametrize(
    ("bucket", "problem"),
    [
        ("prod..connectly", "contains '..'"),
        ("prod.-connectly", "contains '.-'"),
        ("prod-.connectly", "contains '-.'"),
        ("192.168.10.12", "IP address"),
        ("xn--prod-connectly", "reserved prefix 'xn--'"),
        ("sthree-prod", "reserved prefix 'sthree-'"),
        ("amzn-s3-demo-prod", "reserved prefix 'amzn-s3-demo-'"),
        ("prod-connectly-s3alias", "reserved suffix '-s3alias'"),
        ("prod-connectly--ol-s3", "reserved suffix '--ol-s3'"),
        ("prod.connectly.mrap", "reserved suffix '.mrap'"),
        ("prod-connectly--x-s3", "reserved suffix '--x-s3'"),
        ("Prod-Connectly", "backend.bucket"),
        ("pc", "backend.bucket"),
        ("p" * 64, "backend.bucket"),
    ],
)
def test_a_bucket_name_s3_refuses_is_refused_at_its_line(prod: ProdCopy, bucket: str, problem: str) -> None:
    prod.edit(PROD_DEFAULTS, "bucket: prod-connectly", f"bucket: {bucket}")
    line = prod.line_of(PROD_DEFAULTS, "bucket:")
    outcome = prod.layer("validate", "live/prod/ap-northeast-2/kms")
    assert_refused(outcome, problem, f"live/prod/_defaults.yaml:{line} (backend.bucket)")


@pytest.mark.parametrize(
    ("rel", "old", "new", "key"),
    [
        (REGION_DEFAULTS, "region: ap-northeast-2", "region: xx-fake-1", "(region)"),
        (REGION_DEFAULTS, "region: ap-northeast-2", "region: us-fake-1", "(region)"),
        (PROD_DEFAULTS, "  region: ap-northeast-2", "  region: ap-northeast-9", "(backend.region)"),
        (PROD_DEFAULTS, "      region: us-east-1", "      region: us-east-7", "(provider.aliases.us_east_1.region)"),
    ],
)
def test_a_region_that_does_not_exist_is_refused_at_its_line(
    prod: ProdCopy, rel: str, old: str, new: str, key: str
) -> None:
    prod.edit(rel, old, new)
    line = prod.line_of(rel, new.strip())
    outcome = prod.layer("validate", "live/prod/ap-northeast-2/kms")
    assert_refused(outcome, "is not an AWS region", f"{Path(rel).name}:{line} {key}")


def test_a_region_typo_gets_the_closest_region(prod: ProdCopy) -> None:
    prod.edit(REGION_DEFAULTS, "region: ap-northeast-2", "region: ap-northaest-2")
    outcome = prod.layer("validate", "live/prod/ap-northeast-2/kms")
    assert_refused(outcome, "did you mean 'ap-northeast-2'")


# --------------------------------------------------------------------------------------------------
# Modules


def test_a_module_outside_the_repository_is_blamed_on_module(prod: ProdCopy, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "kms"
    shutil.copytree(prod.path("modules/kms"), outside)
    prod.edit(KMS, "module: ../../../../modules/kms", f"module: {outside}")
    outcome = prod.layer("validate", "live/prod/ap-northeast-2/kms")
    assert_refused(outcome, "is outside the repository", f"kms/layer.yaml:{prod.line_of(KMS, 'module:')} (module)")


def test_a_relative_module_path_climbing_out_of_the_repository_is_blamed_on_module(
    prod: ProdCopy, tmp_path: Path
) -> None:
    shutil.copytree(prod.path("modules/kms"), tmp_path / "kms")
    prod.edit(KMS, "module: ../../../../modules/kms", "module: ../../../../../kms")
    outcome = prod.layer("validate", "live/prod/ap-northeast-2/kms")
    assert_refused(outcome, "is outside the repository", "(module)")


def test_a_missing_module_is_blamed_on_module_not_on_an_input(prod: ProdCopy) -> None:
    prod.edit(KMS, "module: ../../../../modules/kms", "module: ../../../../modules/kmz")
    outcome = prod.layer("validate", "live/prod/ap-northeast-2/kms")
    assert_refused(outcome, "does not exist", f"kms/layer.yaml:{prod.line_of(KMS, 'module:')} (module)")
    assert "input" not in outcome.stderr


def test_outputs_of_a_module_not_on_disk_are_a_note_not_a_guess(prod: ProdCopy) -> None:
    bootstrap = "live/prod/ap-northeast-2/bootstrap/layer.yaml"
    prod.edit(
        bootstrap, "module: ../../../../bootstrap", "module: git::https://example.com/other.git//bootstrap?ref=v1"
    )
    prod.edit(KMS, KMS_REF, "${dependency.bootstrap.outputs.any_name_at_all}")
    outcome = prod.layer("validate", "live/prod/ap-northeast-2/kms")
    assert outcome.code == 0, outcome.output
    assert "note: the outputs of prod/ap-northeast-2/bootstrap's module" in outcome.stdout
    assert "checked by Terraform only" in outcome.stdout
