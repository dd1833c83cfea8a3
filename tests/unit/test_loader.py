from __future__ import annotations

import os
from pathlib import Path

import pytest

from layer.config.loader import load_layer, load_tree
from layer.config.reader import read_yaml
from layer.errors import ConfigSyntaxError, GraphError, LayerNotFoundError, MultipleErrors, SchemaError
from tests.conftest import TreeMaker, layer_yaml


def test_inheritance_at_any_depth_with_provenance(make_tree: TreeMaker) -> None:
    live = make_tree(
        {
            "prod/_defaults.yaml": "environment: prod\ntags:\n  CostCenter: cc-9\n",
            "prod/ap-northeast-2/_defaults.yaml": "inputs:\n  size: 3\n",
            "prod/ap-northeast-2/app/layer.yaml": layer_yaml("../../../../modules/m", "name: app"),
        }
    )
    layer = load_layer(live, live / "prod/ap-northeast-2/app")
    assert layer.id == "prod/ap-northeast-2/app"
    assert layer.config["environment"] == "prod"
    assert layer.config["tags"] == {"Owner": "platform", "CostCenter": "cc-9"}
    assert layer.inputs == {"size": 3, "name": "app"}
    assert layer.location(("tags", "CostCenter")).path == live / "prod/_defaults.yaml"
    assert layer.location(("tags", "CostCenter")).line == 3
    assert layer.location(("tags", "Owner")).path == live / "_defaults.yaml"
    assert layer.location(("inputs", "size")).path == live / "prod/ap-northeast-2/_defaults.yaml"
    assert [p.name for p in layer.files] == [
        "_defaults.yaml",
        "_defaults.yaml",
        "_defaults.yaml",
        "layer.yaml",
    ]


def test_malformed_yaml_names_file_and_line(make_tree: TreeMaker) -> None:
    live = make_tree({"app/layer.yaml": "module: ../../modules/m\ninputs:\n  name: [unclosed\n"})
    with pytest.raises(ConfigSyntaxError) as caught:
        load_tree(live)
    assert caught.value.location is not None
    assert caught.value.location.path == live / "app/layer.yaml"
    assert caught.value.location.line == 4


def test_duplicate_key_is_an_error(make_tree: TreeMaker) -> None:
    live = make_tree({"app/layer.yaml": "module: ../../modules/m\nmodule: ../../modules/m\n"})
    with pytest.raises(ConfigSyntaxError, match="duplicate key 'module'"):
        load_tree(live)


@pytest.mark.parametrize(
    ("text", "key", "line", "fragment"),
    [
        ("module: ../../modules/m\nmodul: x\n", "modul", 2, "unknown key 'modul'"),
        ("module: ../../modules/m\nregion: Seoul\n", "region", 2, "does not match the pattern"),
        ("module: ../../modules/m\ntags:\n  Owner: 3\n", "tags.Owner", 3, "expected string"),
        (
            "module: ../../modules/m\nbackend:\n  use_lockfile: 'yes'\n",
            "backend.use_lockfile",
            3,
            "expected boolean",
        ),
        (
            "module: ../../modules/m\ndependencies:\n  x: 3\n",
            "dependencies.x",
            3,
            "none of the allowed forms",
        ),
        (
            "module: ../../modules/m\nterraform:\n  lock_timeout: forever\n",
            "terraform.lock_timeout",
            3,
            "pattern",
        ),
    ],
)
def test_schema_errors_name_file_line_and_key(
    make_tree: TreeMaker, text: str, key: str, line: int, fragment: str
) -> None:
    live = make_tree({"app/layer.yaml": text})
    with pytest.raises((SchemaError, MultipleErrors)) as caught:
        load_tree(live)
    errors = caught.value.errors if isinstance(caught.value, MultipleErrors) else [caught.value]
    err = errors[0]
    assert err.location is not None
    assert err.location.path == live / "app/layer.yaml"
    assert err.location.line == line
    assert err.location.key == key
    assert fragment in err.message
    assert err.hint


def test_error_in_inherited_file_is_located_there_and_reported_once(make_tree: TreeMaker) -> None:
    live = make_tree(
        {
            "env/_defaults.yaml": "regoin: ap-northeast-2\n",
            "env/a/layer.yaml": layer_yaml("../../../modules/m"),
            "env/b/layer.yaml": layer_yaml("../../../modules/m"),
        }
    )
    with pytest.raises(SchemaError) as caught:
        load_tree(live)
    assert caught.value.location is not None
    assert caught.value.location.path == live / "env/_defaults.yaml"
    assert "regoin" in caught.value.message


def test_missing_required_key_points_at_the_layer(make_tree: TreeMaker) -> None:
    live = make_tree({"app/layer.yaml": "inputs:\n  name: x\n"})
    with pytest.raises(SchemaError, match="'module' is a required property") as caught:
        load_tree(live)
    assert caught.value.location is not None
    assert caught.value.location.path == live / "app/layer.yaml"


def test_missing_module_directory(make_tree: TreeMaker) -> None:
    live = make_tree({"app/layer.yaml": "module: ../../modules/nope\n"})
    with pytest.raises(LayerNotFoundError, match="module directory") as caught:
        load_tree(live)
    assert caught.value.location is not None
    assert caught.value.location.line == 1


def test_dependency_on_missing_layer_names_file_and_line(make_tree: TreeMaker) -> None:
    live = make_tree({"app/layer.yaml": layer_yaml(deps="net: ../network")})
    with pytest.raises(GraphError, match="dependency 'net' is not a layer") as caught:
        load_tree(live)
    assert caught.value.location is not None
    assert caught.value.location.path == live / "app/layer.yaml"
    assert caught.value.location.line == 5


def test_env_references_resolve_with_defaults(make_tree: TreeMaker, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_BUCKET", "from-env")
    live = make_tree(
        {
            "app/layer.yaml": layer_yaml(inputs="name: ${layer.name}-${env:NOPE_NOT_SET:-dflt}")
            + "backend:\n  bucket: ${env:TEST_BUCKET}\n",
        }
    )
    layer = load_layer(live, live / "app")
    assert layer.config["backend"]["bucket"] == "from-env"
    assert layer.inputs["name"] == "app-dflt"


def test_unset_env_reference_is_located(make_tree: TreeMaker) -> None:
    live = make_tree({"app/layer.yaml": layer_yaml(inputs="name: ${env:SURELY_NOT_SET_X}")})
    with pytest.raises(Exception, match="SURELY_NOT_SET_X is not set") as caught:
        load_layer(live, live / "app")
    assert caught.value.location.line == 3


def test_include_exclude_do_not_parse_excluded_layers(make_tree: TreeMaker) -> None:
    live = make_tree(
        {
            "a/layer.yaml": layer_yaml(),
            "b/layer.yaml": layer_yaml(deps="a: ../a"),
            "broken/layer.yaml": "this: [is not yaml\n",
        }
    )
    tree = load_tree(live, include=["b"])
    assert tree.selected == ("b",)
    assert set(tree.layers) == {"a", "b"}, "the dependency is loaded, the broken excluded layer is not"
    tree = load_tree(live, exclude=["broken"])
    assert tree.selected == ("a", "b")


def test_each_file_is_parsed_once(make_tree: TreeMaker, monkeypatch: pytest.MonkeyPatch) -> None:
    live = make_tree({f"l{i}/layer.yaml": layer_yaml() for i in range(5)})
    from layer.config import reader

    calls: list[Path] = []
    original = reader.parse_bytes

    def counting(path: Path, raw: bytes) -> object:
        calls.append(path)
        return original(path, raw)

    monkeypatch.setattr(reader, "parse_bytes", counting)
    load_tree(live)
    assert len(calls) == len(set(calls)) == 6


def test_not_a_tree(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    with pytest.raises(LayerNotFoundError, match="not inside a layer tree"):
        load_tree(tmp_path / "x")


def test_reader_provenance_lines(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("a: 1\nb:\n  c:\n    - x\n    - y\n")
    source = read_yaml(path)
    assert source.location(("b", "c", 1)).line == 5
    assert source.location(("b", "c")).line == 3
    assert source.location(("b", "zz")).line == 2


def test_a_nested_required_key_may_come_from_a_deeper_file(make_tree: TreeMaker) -> None:
    live = make_tree(
        {
            "env/_defaults.yaml": "provider:\n  assume_role:\n    session_name: layer\n",
            "env/a/layer.yaml": layer_yaml("../../../modules/m")
            + "provider:\n  assume_role:\n    role_arn: arn:aws:iam::123456789012:role/x\n",
        }
    )
    layer = load_layer(live, live / "env/a")
    assert layer.config["provider"]["assume_role"] == {
        "session_name": "layer",
        "role_arn": "arn:aws:iam::123456789012:role/x",
    }
    (live / "env/a/layer.yaml").write_text(layer_yaml("../../../modules/m"))
    with pytest.raises(SchemaError, match="'role_arn' is a required property"):
        load_tree(live)


def test_a_later_load_in_the_same_process_sees_an_edited_defaults_file(make_tree: TreeMaker) -> None:
    live = make_tree(
        {"prod/_defaults.yaml": "environment: prod\n", "prod/app/layer.yaml": layer_yaml("../../../modules/m")}
    )
    assert load_tree(live).layers["prod/app"].config["environment"] == "prod"
    defaults = live / "prod/_defaults.yaml"
    defaults.write_text("environment: production\n")
    os.utime(defaults, ns=(1, 1))  # a different mtime even on a coarse clock
    assert load_tree(live).layers["prod/app"].config["environment"] == "production"
