"""The YAML subset the reader accepts (docs/adr/0011-yaml-subset.md), its limits, and the `$${` escape:
each refusal is a ConfigSyntaxError naming the file and line, through the real CLI (click's runner)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from layer.cli.main import cli
from layer.config import reader
from layer.config.loader import load_layer
from layer.config.merge import merge
from layer.config.resolve import Context, has_dependency_ref, resolve
from layer.errors import ConfigSyntaxError, LayerError, Location
from layer.terraform.generate import wrapper_config
from tests.conftest import TreeMaker

LAYER_HEAD = "module: ../../modules/m\ninputs:\n"  # the value under test is on line 3


def run_layer(*args: str) -> tuple[int, str]:
    """The CLI in-process, rendered as main() renders it; any other exception fails the test."""
    result = CliRunner().invoke(cli, list(args))
    err = result.exception
    if isinstance(err, LayerError):
        return err.exit_code, result.output + err.render()
    if err is not None and not isinstance(err, SystemExit):
        raise err
    return result.exit_code, result.output


def refused(live: Path, line: int, *fragments: str, rel: str = "app/layer.yaml") -> str:
    code, text = run_layer("validate", str(live))
    assert code == 1, text
    assert f"{live / rel}:{line}" in text, text
    for fragment in fragments:
        assert fragment in text, text
    assert "Traceback" not in text
    return text


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("!Ref other", "tag !Ref"),
        ("!foo {b: 1}", "tag !foo on a mapping"),
        ("!!python/object/apply:os.system ['true']", "tag !!python/object/apply:os.system"),
        ("!!binary aGVsbG8=", "tag !!binary"),
        ("!!timestamp 2024-01-01", "tag !!timestamp"),
        ("!!set {a, b}", "tag !!set on a mapping"),
        ("!!omap [{a: 1}]", "tag !!omap on a list"),
        ("!!float abc", "cannot be read as !!float"),
        ("!!int 1.5x", "cannot be read as !!int"),
        ("!!bool maybe", "cannot be read as !!bool"),
        ("!!null text", "tag !!null"),
        ("!!seq {a: 1}", "tag !!seq on a mapping"),
        ("!x [1, 2]", "tag !x on a list"),
    ],
)
def test_a_tag_outside_the_core_schema_is_refused_with_its_line(
    make_tree: TreeMaker, value: str, fragment: str
) -> None:
    live = make_tree({"app/layer.yaml": f"{LAYER_HEAD}  name: x\n  other: {value}\n"})
    refused(live, 4, fragment)


def test_core_tags_that_fit_their_value_are_read_as_plain_yaml(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("a: !!str 12\nb: !!int '12'\nc: !!float 1\nd: !!bool yes\ne: !!null ~\nf: !!map {x: 1}\n")
    assert reader.read_yaml(path).data == {"a": "12", "b": 12, "c": 1.0, "d": True, "e": None, "f": {"x": 1}}


@pytest.mark.parametrize(
    ("key", "fragment"),
    [
        ("~", "is null"),
        ("null", "is null"),
        ("true", "is a boolean"),
        ("on", "is a boolean"),
        ("1", "is a number"),
        ("1.5", "is a number"),
    ],
)
def test_a_key_that_is_not_a_string_is_refused_with_a_hint_to_quote_it(
    make_tree: TreeMaker, key: str, fragment: str
) -> None:
    live = make_tree({"app/layer.yaml": f"{LAYER_HEAD}  name: x\n  {key}: v\n"})
    refused(live, 4, fragment, f"quote the key: '{key}'")


@pytest.mark.parametrize(("key", "fragment"), [("[a, b]", "a list cannot be a key"), ("{a: b}", "a mapping cannot")])
def test_a_list_or_mapping_as_key_is_refused(make_tree: TreeMaker, key: str, fragment: str) -> None:
    live = make_tree({"app/layer.yaml": f"{LAYER_HEAD}  name: x\n  ? {key}\n  : v\n"})
    refused(live, 4, fragment)


@pytest.mark.parametrize("value", [".nan", ".NaN", ".inf", "-.inf", "+.Inf", "!!float .nan"])
def test_nan_and_infinity_are_refused(make_tree: TreeMaker, value: str) -> None:
    live = make_tree({"app/layer.yaml": f"{LAYER_HEAD}  name: x\n  size: {value}\n"})
    refused(live, 4, "not a finite number")


@pytest.mark.parametrize(
    "character",
    ["\u202e", "\u200b", "\U0010ffff", "\ufeff", "\x01", "\x7f", "\x85", "\ue000", "\u2028", "\ufdd0", "\U000e0001"],
)
@pytest.mark.parametrize("where", ["value", "key", "comment"])
def test_an_invisible_or_control_character_is_refused_with_its_line(
    make_tree: TreeMaker, character: str, where: str
) -> None:
    line = {
        "value": f"  name: connectly{character}prod\n",
        "key": f"  na{character}me: x\n",
        "comment": f"  name: x  # a{character}b\n",
    }[where]
    live = make_tree({"app/layer.yaml": LAYER_HEAD + line})
    refused(live, 3, f"U+{ord(character):04X}")


@pytest.mark.parametrize("escape", ["\\u202e", "\\x01", "\\U0010FFFF", "\\ufeff", "\\u200b", "\\N"])
def test_a_double_quoted_escape_for_such_a_character_is_refused(make_tree: TreeMaker, escape: str) -> None:
    live = make_tree({"app/layer.yaml": f'{LAYER_HEAD}  name: "a{escape}b"\n'})
    refused(live, 3, "not allowed")


def test_a_leading_byte_order_mark_and_crlf_are_accepted(make_tree: TreeMaker) -> None:
    live = make_tree({})
    app = live / "app"
    app.mkdir()
    (app / "layer.yaml").write_bytes("\ufeffmodule: ../../modules/m\r\ninputs:\r\n  name: café\r\n".encode())
    code, text = run_layer("render", str(app), "--json")
    assert code == 0, text
    assert json.loads(text)["config"]["inputs"] == {"name": "café"}


def test_bytes_that_are_not_utf8_are_refused_with_their_line(make_tree: TreeMaker) -> None:
    live = make_tree({"app/layer.yaml": f"{LAYER_HEAD}  name: x\n"})
    path = live / "app/layer.yaml"
    path.write_bytes(path.read_bytes() + b"# caf\xe9\n")
    refused(live, 4, "not UTF-8")


def test_a_date_stays_a_string_and_render_json_holds_every_value(make_tree: TreeMaker) -> None:
    values = "name: 2024-01-01\n  size: 3\n  settings: {enabled: true, tags: {a: 2024-01-01T10:00:00Z}}\n"
    live = make_tree({"app/layer.yaml": f"{LAYER_HEAD}  {values}  extra: [1.5, null, '=', =, <<, 0x1f]\n"})
    code, text = run_layer("render", str(live / "app"), "--json", "--show-origin")
    assert code == 0, text
    config = json.loads(text)["config"]
    assert config["inputs"]["name"] == "2024-01-01"
    assert config["inputs"]["settings"]["tags"]["a"] == "2024-01-01T10:00:00Z"
    assert config["inputs"]["extra"] == [1.5, None, "=", "=", "<<", 31]


def test_several_documents_are_refused(make_tree: TreeMaker) -> None:
    live = make_tree({"app/layer.yaml": f"{LAYER_HEAD}  name: x\n---\nmodule: ../../modules/m\n"})
    refused(live, 4, "single document")


def test_billion_laughs_is_refused_before_expanding(make_tree: TreeMaker) -> None:
    lines = ["lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
    text = LAYER_HEAD + "  name: x\n" + "".join(f"  {line}\n" for line in lines)
    live = make_tree({"app/layer.yaml": text})
    started = time.perf_counter()
    message = refused(live, 10, "expand to more than")
    print(f"billion laughs refused in {time.perf_counter() - started:.3f} s: {message.splitlines()[0]}")


def test_an_alias_inside_its_own_anchor_is_refused(make_tree: TreeMaker) -> None:
    live = make_tree({"app/layer.yaml": f"{LAYER_HEAD}  name: x\n  loop: &a [1, *a]\n"})
    refused(live, 4, "contains it")


def test_nesting_is_refused_past_the_limit_and_accepted_at_it(tmp_path: Path) -> None:
    def nested(levels: int) -> str:  # the file's mapping is level 1
        return "a: " + "[" * (levels - 1) + "]" * (levels - 1) + "\n"

    path = tmp_path / "deep.yaml"
    path.write_text(nested(reader.MAX_DEPTH))
    reader.read_yaml(path)
    for levels in (reader.MAX_DEPTH + 1, 999, 5000):
        path = tmp_path / f"deep{levels}.yaml"
        path.write_text(nested(levels))
        with pytest.raises(ConfigSyntaxError) as caught:
            reader.read_yaml(path)
        assert caught.value.location == Location(path, 1)
    block = "".join(" " * i + f"k{i}:\n" for i in range(200)) + " " * 200 + "x: 1\n"
    (tmp_path / "block.yaml").write_text(block)
    with pytest.raises(ConfigSyntaxError, match="deeper than"):
        reader.read_yaml(tmp_path / "block.yaml")


def test_deep_nesting_through_the_cli_is_a_config_error(make_tree: TreeMaker) -> None:
    live = make_tree({"app/layer.yaml": f"{LAYER_HEAD}  name: x\n  deep: {'[' * 900}{']' * 900}\n"})
    refused(live, 4, "deeper than")


def test_merge_keys_take_a_mapping_and_keep_each_keys_line(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("base: &b\n  x: 1\n  y: 2\nc:\n  <<: *b\n  y: 3\nd:\n  <<: [{z: 1}, *b]\n")
    source = reader.read_yaml(path)
    assert source.data["c"] == {"x": 1, "y": 3}
    assert source.data["d"] == {"z": 1, "x": 1, "y": 2}
    assert source.provenance[("c", "x")].line == 2  # where x was written
    assert source.provenance[("c", "y")].line == 6


@pytest.mark.parametrize("value", ["3", "", "[1, 2]", "*s"])
def test_a_merge_key_without_a_mapping_is_refused(make_tree: TreeMaker, value: str) -> None:
    live = make_tree({"app/layer.yaml": f"{LAYER_HEAD}  s: &s text\n  name: x\n  m:\n    <<: {value}\n"})
    code, text = run_layer("validate", str(live))
    assert code == 1 and "app/layer.yaml:" in text and "merge key" in text, text


def test_a_file_over_the_size_limit_is_refused(make_tree: TreeMaker, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 1000)
    text = LAYER_HEAD + "".join(f"  k{i}: value\n" for i in range(200))
    live = make_tree({"app/layer.yaml": text})
    refused(live, text[:1000].count("\n") + 1, "larger than")


@pytest.mark.parametrize("kind", ["dangling-link", "directory", "fifo", "unreadable"])
@pytest.mark.parametrize("name", ["env/app/layer.yaml", "_defaults.yaml", "env/_defaults.yaml"])
@pytest.mark.parametrize("command", ["validate", "render", "graph"])
def test_a_yaml_name_that_is_not_a_readable_file_is_an_error_naming_it(
    make_tree: TreeMaker, kind: str, name: str, command: str
) -> None:
    live = make_tree({"env/app/layer.yaml": f"{LAYER_HEAD}  name: x\n".replace("../../", "../../../")})
    path = live / name
    if path.exists():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "dangling-link":
        path.symlink_to(path.parent / "missing.yaml")
    elif kind == "directory":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/proc/self/mem")  # a regular file that cannot be read (EIO), even by root
    args = {
        "validate": ("validate", str(live)),
        "render": ("render", str(live / "env/app")),
        "graph": ("graph", str(live), "--format", "json"),
    }[command]
    code, text = run_layer(*args)
    assert code == 1, text
    assert str(path) in text, text


def test_the_dollar_escape_is_never_resolved_and_reaches_terraform_escaped(
    make_tree: TreeMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LAYER_TEST_X", "from-env")
    inputs = (
        "  name: $${env:HOME}\n"
        "  settings:\n    enabled: true\n    tags:\n"
        "      a: user-$${aws:username}-${env:LAYER_TEST_X}\n"
        "      b: ${dependency.d.outputs.id}/$${literal}\n"
    )
    live = make_tree(
        {
            "d/layer.yaml": f"{LAYER_HEAD}  name: d\n",
            "app/layer.yaml": f"{LAYER_HEAD}{inputs}dependencies:\n  d: ../d\n",
        }
    )
    code, text = run_layer("render", str(live / "app"), "--json")
    assert code == 0, text
    rendered = json.loads(text)["config"]["inputs"]
    assert rendered["name"] == "${env:HOME}"
    assert rendered["settings"]["tags"]["a"] == "user-${aws:username}-from-env"
    layer = load_layer(live, live / "app")
    ran = resolve(layer.inputs, Context(outputs={"d": {"id": "i-1"}}), layer.location, ("inputs",))
    assert ran["name"] == "${env:HOME}"  # not resolved by the run's pass either
    assert ran["settings"]["tags"] == {"a": "user-${aws:username}-from-env", "b": "i-1/${literal}"}
    written = json.dumps(wrapper_config(layer, live / "work", ran, None))
    assert '"name": "$${env:HOME}"' in written  # Terraform reads $${ as a literal ${
    assert '"a": "user-$${aws:username}-from-env"' in written
    assert '"b": "i-1/$${literal}"' in written


def test_escaped_references_are_not_dependency_references() -> None:
    assert not has_dependency_ref({"a": ["$${dependency.x.outputs.y}"]})
    assert has_dependency_ref({"a": ["x-${dependency.x.outputs.y}"]})
    assert resolve("$${dependency.x.outputs.y}", Context(outputs={})) == "${dependency.x.outputs.y}"


def test_a_value_of_many_unclosed_references_is_scanned_once() -> None:
    value = "${" * 100_000 + "${env:HOME"
    started = time.perf_counter()
    assert resolve({"a": value}, Context())["a"] == value
    print(f"100,000 unclosed ${{ resolved in {time.perf_counter() - started:.3f} s")


def test_merging_a_map_of_30000_keys_keeps_every_line() -> None:
    size = 30_000
    base = {"tags": {f"k{i}": {"v": i} for i in range(size)}}
    base_prov = {("tags", f"k{i}", "v"): Location(Path("a"), i) for i in range(size)}
    overlay = {"tags": {f"k{i}": {"w": i} for i in range(size)}}
    overlay_prov = {("tags", f"k{i}", "w"): Location(Path("b"), i) for i in range(size)}
    started = time.perf_counter()
    merged, prov = merge(base, base_prov, overlay, overlay_prov)
    print(f"merge of {size:,} keys in {time.perf_counter() - started:.3f} s")
    assert merged["tags"]["k7"] == {"v": 7, "w": 7}
    assert prov[("tags", "k7", "v")].path == Path("a") and prov[("tags", "k7", "w")].path == Path("b")
    replaced, prov = merge(merged, prov, {"tags": {"only": 1}}, {("tags", "only"): Location(Path("c"), 1)})
    assert replaced["tags"]["only"] == 1
    removed, prov = merge(replaced, prov, {"tags": None}, {})
    assert "tags" not in removed and not any(k[0] == "tags" for k in prov)


def test_a_root_that_lost_its_marker_is_named(make_tree: TreeMaker) -> None:
    live = make_tree({"app/layer.yaml": f"{LAYER_HEAD}  name: x\n"})
    defaults = live / "_defaults.yaml"
    defaults.write_text(defaults.read_text().replace("root: true", "# root: true"))
    code, text = run_layer("validate", str(live / "app"))
    assert code == 1 and f"{defaults} (root)" in text, text
