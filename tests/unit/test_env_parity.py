"""Environment parity (issue 17): every environment of the promotion chain runs the same platform layers.

A module change reaches prod only through dev and stage (docs/promotion.md), so a layer that exists in prod
alone is first applied in prod. These tests load the real trees under live/ with the framework's loader.
"""

from __future__ import annotations

import ipaddress
import itertools
import os
import re
import subprocess
from functools import cache
from pathlib import Path

import pytest

from layer.config.loader import load_tree
from layer.config.model import Layer, Tree
from layer.config.pins import parse_git_source
from layer.config.reader import read_yaml
from layer.config.resolve import Context, resolve
from layer.errors import LayerError
from layer.terraform.generate import backend_config, state_key
from tests.conftest import ROOT

LIVE = ROOT / "live"
COMMIT = re.compile(r"^[0-9a-f]{40}$")
DEFAULT_TRANSIT_GATEWAY_ASN = 64512  # modules/network, transit_gateway_amazon_side_asn


def promotion() -> dict[str, object]:
    settings = read_yaml(LIVE / "_defaults.yaml").data["promotion"]
    assert isinstance(settings, dict)
    return settings


def chain() -> list[str]:
    environments = promotion()["chain"]
    assert isinstance(environments, list)
    return [str(env) for env in environments]


@cache
def environment_tree(environment: str) -> Tree:
    return load_tree(LIVE / environment)


def layers_by_relative_id(environment: str) -> dict[str, Layer]:
    """The enabled layers of one environment, keyed by their id without the environment ('ap-northeast-2/kms')."""
    tree = environment_tree(environment)
    prefix = f"{environment}/"
    return {
        layer_id.removeprefix(prefix): layer
        for layer_id, layer in tree.layers.items()
        if layer_id.startswith(prefix) and layer.config.get("enabled", True)
    }


def module_path(layer: Layer) -> str:
    """The module a layer runs, as a path in this repository, whether local or pinned to a commit."""
    pinned = parse_git_source(layer.module_source)
    if pinned is not None:
        return pinned.subdir.strip("/")
    return Path(os.path.relpath(layer.module_source, ROOT)).as_posix()


def dependency_targets(layer: Layer, environment: str) -> dict[str, str]:
    """Per dependency name, the layer it points to, relative to the environment. (Mock outputs may differ:
    prod's bootstrap has a lock table, dev's and stage's lock with S3 lock files; every reference a layer makes
    must resolve against its mocks, which test_mock_outputs_cover_every_dependency_reference checks.)"""
    prefix = f"{environment}/"
    return {dep.name: dep.layer_id.removeprefix(prefix) for dep in layer.dependencies}


def unresolved_references(environment: str) -> dict[str, str]:
    """Per layer, the error of resolving its inputs against its dependencies' mock outputs (a plan before the
    dependencies were applied does exactly this)."""
    errors = {}
    for rel, layer in layers_by_relative_id(environment).items():
        outputs = {dep.name: dep.mock_outputs or {} for dep in layer.dependencies}
        context = Context(layer_id=layer.id, layer_name=layer.name, outputs=outputs)
        try:
            resolve(layer.config.get("inputs", {}), context, layer.location, ("inputs",))
        except LayerError as error:
            errors[rel] = str(error)
    return errors


def test_the_chain_is_dev_stage_prod() -> None:
    assert chain() == ["dev", "stage", "prod"]


@pytest.mark.parametrize("environment", ["dev", "stage"])
def test_environment_runs_every_layer_prod_runs(environment: str) -> None:
    prod = set(layers_by_relative_id("prod"))
    other = set(layers_by_relative_id(environment))
    assert len(prod) >= 12, sorted(prod)
    assert other == prod, f"only in prod: {sorted(prod - other)}; only in {environment}: {sorted(other - prod)}"


@pytest.mark.parametrize("environment", ["dev", "stage"])
def test_each_layer_runs_the_same_module_as_in_prod(environment: str) -> None:
    prod = layers_by_relative_id("prod")
    other = layers_by_relative_id(environment)
    differing = {
        rel: (module_path(other[rel]), module_path(layer))
        for rel, layer in prod.items()
        if rel in other and module_path(other[rel]) != module_path(layer)
    }
    assert differing == {}


@pytest.mark.parametrize("environment", ["dev", "stage"])
def test_dependencies_are_wired_as_in_prod(environment: str) -> None:
    prod = layers_by_relative_id("prod")
    other = layers_by_relative_id(environment)
    differing = {
        rel: (dependency_targets(other[rel], environment), dependency_targets(layer, "prod"))
        for rel, layer in prod.items()
        if rel in other and dependency_targets(other[rel], environment) != dependency_targets(layer, "prod")
    }
    assert differing == {}


@pytest.mark.parametrize("environment", ["dev", "stage", "prod"])
def test_mock_outputs_cover_every_dependency_reference(environment: str) -> None:
    assert unresolved_references(environment) == {}


@pytest.mark.parametrize("environment", ["dev", "stage"])
def test_mock_outputs_name_the_environments_own_account(environment: str) -> None:
    account = str(layers_by_relative_id(environment)["ap-northeast-2/network"].config["account_id"])
    foreign = {
        f"{rel}:{dep.name}"
        for rel, layer in layers_by_relative_id(environment).items()
        for dep in layer.dependencies
        for account_in_arn in re.findall(r"arn:aws:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):", repr(dep.mock_outputs))
        if account_in_arn != account
    }
    assert foreign == set()


@pytest.mark.parametrize("environment", ["dev", "stage"])
def test_dev_and_stage_are_sized_down_to_one_nat_gateway(environment: str) -> None:
    network = layers_by_relative_id(environment)["ap-northeast-2/network"]
    assert network.config["inputs"]["nat_gateway_mode"] == "single"


def test_every_stage_layer_pins_a_commit_of_this_repository() -> None:
    repository = str(promotion()["repository"])
    unpinned = {}
    for rel, layer in layers_by_relative_id("stage").items():
        pinned = parse_git_source(layer.module_source)
        if pinned is None or pinned.url.removeprefix("https://") != repository.removeprefix("https://"):
            unpinned[rel] = layer.module_source
        elif not COMMIT.match(pinned.ref):
            unpinned[rel] = f"ref {pinned.ref!r} is not a full commit id"
    assert unpinned == {}


def test_stage_pins_are_commits_of_the_local_clone() -> None:
    if is_shallow_clone():
        pytest.fail("a shallow clone cannot check pins: fetch the full history (git fetch --unshallow)")
    missing = set()
    for layer in layers_by_relative_id("stage").values():
        pinned = parse_git_source(layer.module_source)
        assert pinned is not None
        found = subprocess.run(
            ["git", "-C", str(ROOT), "cat-file", "-e", f"{pinned.ref}^{{commit}}"], capture_output=True, check=False
        )
        if found.returncode != 0:
            missing.add(pinned.ref)
    assert missing == set()


def is_shallow_clone() -> bool:
    answer = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--is-shallow-repository"], capture_output=True, text=True, check=True
    )
    return answer.stdout.strip() == "true"


def test_state_objects_are_unique_across_the_whole_tree() -> None:
    owners: dict[tuple[str, str], list[str]] = {}
    for layer_id, layer in load_tree(LIVE).layers.items():
        bucket = str(layer.config["backend"]["bucket"])
        owners.setdefault((bucket, state_key(layer)), []).append(layer_id)
    shared = {f"s3://{bucket}/{key}": ids for (bucket, key), ids in owners.items() if len(ids) > 1}
    assert shared == {}


@pytest.mark.parametrize("environment", ["dev", "stage"])
def test_dev_and_stage_lock_with_s3_lock_files(environment: str) -> None:
    for layer in layers_by_relative_id(environment).values():
        backend = backend_config(layer)
        assert backend["use_lockfile"] is True
        assert "dynamodb_table" not in backend


def network_layers_joined_by_transit_gateway() -> dict[str, Layer]:
    return {
        layer_id: layer
        for layer_id, layer in load_tree(LIVE).layers.items()
        if module_path(layer) == "modules/network"
        and layer.config.get("enabled", True)
        and layer.config["inputs"].get("create_transit_gateway", True)
    }


def test_networks_a_transit_gateway_may_join_never_overlap() -> None:
    """docs/adr/0012-address-plan.md: one block per environment and region."""
    blocks = {
        layer_id: ipaddress.IPv4Network(layer.config["inputs"]["cidr_block"])
        for layer_id, layer in network_layers_joined_by_transit_gateway().items()
    }
    assert {"prod/ap-northeast-2/network", "dev/ap-northeast-2/network", "stage/ap-northeast-2/network"} <= set(blocks)
    overlapping = {(a, b) for a, b in itertools.combinations(sorted(blocks), 2) if blocks[a].overlaps(blocks[b])}
    assert overlapping == set()


def test_transit_gateway_asns_are_unique() -> None:
    asns: dict[int, list[str]] = {}
    for layer_id, layer in network_layers_joined_by_transit_gateway().items():
        asn = int(layer.config["inputs"].get("transit_gateway_amazon_side_asn", DEFAULT_TRANSIT_GATEWAY_ASN))
        asns.setdefault(asn, []).append(layer_id)
    assert {asn: ids for asn, ids in asns.items() if len(ids) > 1} == {}


def test_every_subnet_lies_in_its_vpc_and_none_overlap() -> None:
    problems = []
    for layer_id, layer in network_layers_joined_by_transit_gateway().items():
        inputs = layer.config["inputs"]
        vpc = ipaddress.IPv4Network(inputs["cidr_block"])
        subnets = [
            (f"{tier}.{zone}", ipaddress.IPv4Network(cidr))
            for tier in ("public_subnets", "private_subnets", "data_subnets")
            for zone, cidr in inputs.get(tier, {}).items()
        ]
        problems += [f"{layer_id}: {name} {net} outside {vpc}" for name, net in subnets if not net.subnet_of(vpc)]
        problems += [
            f"{layer_id}: {a} overlaps {b}"
            for (a, net_a), (b, net_b) in itertools.combinations(subnets, 2)
            if net_a.overlaps(net_b)
        ]
    assert problems == []
