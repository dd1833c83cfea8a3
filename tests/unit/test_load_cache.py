"""The persistent load cache (layer.config.loadcache, docs/adr/0021): warm loads reuse what is unchanged and
never give a stale answer (content-keyed, versioned), survive a corrupt or partial store, and concurrent
runs never corrupt it. Each test compares against a load that cannot use the store."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from layer.config import loadcache
from layer.config.loadcache import LazyProvenance, LoadCache, Store
from layer.config.loader import load_tree
from layer.config.model import Tree
from layer.errors import InputError, LayerError, MultipleErrors, SchemaError
from layer.pipeline import load
from tests.conftest import TreeMaker, layer_yaml

LAYER = str(Path(sys.executable).parent / "layer")
MODULE = "../../../modules/m"


@pytest.fixture(autouse=True)
def _current_code_version() -> None:
    """The code version is computed once per process; a file of the loader edited since (while developing
    layer) would make this process's store differ from a subprocess's."""
    loadcache.code_version.cache_clear()


def _store_dir(root: Path) -> Path:
    return root.parent / ".layer"


def _load(live: Path) -> tuple[Tree, LoadCache]:
    cache = LoadCache(store_dir=_store_dir)
    tree = load_tree(live, cache=cache)
    cache.save()
    return tree, cache


def _stores(live: Path) -> list[Path]:
    return sorted((live.parent / ".layer" / "cache").glob("*.bin"))


def _same_stat(path: Path, text: str) -> None:
    """Rewrite `path` with text of the same length and the old mtime: only the content tells."""
    before = path.stat()
    assert len(text.encode()) == before.st_size
    path.write_text(text)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


@pytest.fixture
def live(make_tree: TreeMaker) -> Path:
    return make_tree(
        {
            "env/_defaults.yaml": "inputs:\n  size: 2\n",
            "env/a/layer.yaml": layer_yaml(MODULE, inputs="name: a"),
            "env/b/layer.yaml": layer_yaml(MODULE, inputs="name: b", deps="a:\n  path: ../a\n  mock_outputs: {id: x}"),
            "env/c/layer.yaml": layer_yaml(MODULE, inputs="name: ${dependency.a.outputs.id}", deps="a: ../a"),
        }
    )


def test_a_second_load_reuses_every_layer_and_parses_only_the_root_file(live: Path) -> None:
    cold_tree, cold = _load(live)
    assert cold.reused == set() and cold.parsed == 5
    warm_tree, warm = _load(live)
    # The root's _defaults.yaml is read to find the root, before the tree's store is known.
    assert warm.reused == {"env/a", "env/b", "env/c"} and warm.parsed == 1
    for ident, layer in cold_tree.layers.items():
        again = warm_tree.layers[ident]
        assert (again.config, again.dependencies, again.references, again.files) == (
            layer.config,
            layer.dependencies,
            layer.references,
            layer.files,
        )
        assert (again.module_source, again.module_dir, again.dir, again.file) == (
            layer.module_source,
            layer.module_dir,
            layer.dir,
            layer.file,
        )


def test_provenance_is_materialised_only_when_asked_and_is_the_same(live: Path) -> None:
    cold_tree, _ = _load(live)
    warm_tree, _ = _load(live)
    layer = warm_tree.layers["env/b"]
    assert isinstance(layer.provenance, LazyProvenance) and not layer.provenance.materialised
    assert layer.location(("backend", "bucket")) == cold_tree.layers["env/b"].location(("backend", "bucket"))
    assert not layer.provenance.materialised, "the state-sharing check's keys are stored with the layer"
    assert layer.location(("inputs", "size")) == cold_tree.layers["env/b"].location(("inputs", "size"))
    assert layer.provenance.materialised
    assert dict(layer.provenance) == dict(cold_tree.layers["env/b"].provenance)


def test_a_changed_layer_file_is_read_again_even_with_the_same_size_and_mtime(live: Path) -> None:
    _load(live)
    path = live / "env/b/layer.yaml"
    _same_stat(path, path.read_text().replace("name: b", "name: z"))
    tree, cache = _load(live)
    assert tree.layers["env/b"].inputs["name"] == "z"
    assert cache.reused == {"env/a", "env/c"}


def test_a_changed_defaults_file_reloads_every_layer_below_it(live: Path) -> None:
    _load(live)
    path = live / "env/_defaults.yaml"
    _same_stat(path, path.read_text().replace("size: 2", "size: 5"))
    tree, cache = _load(live)
    assert cache.reused == set()
    assert {layer.inputs["size"] for layer in tree.layers.values()} == {5}


def test_an_environment_variable_the_files_name_is_part_of_the_key(
    make_tree: TreeMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = make_tree({"a/layer.yaml": layer_yaml(inputs="name: ${env:LAYER_TEST_NAME:-unset}")})
    monkeypatch.delenv("LAYER_TEST_NAME", raising=False)
    assert _load(live)[0].layers["a"].inputs["name"] == "unset"
    monkeypatch.setenv("LAYER_TEST_NAME", "first")
    tree, cache = _load(live)
    assert tree.layers["a"].inputs["name"] == "first" and cache.reused == set()
    monkeypatch.setenv("LAYER_TEST_NAME", "second")
    assert _load(live)[0].layers["a"].inputs["name"] == "second"
    tree, cache = _load(live)
    assert cache.reused == {"a"} and tree.layers["a"].inputs["name"] == "second"


def test_a_changed_module_runs_the_input_check_again(live: Path) -> None:
    load(live)
    load(live)  # warm: every check passed before
    main_tf = live.parent / "modules/m/main.tf"
    main_tf.write_text(main_tf.read_text().replace('variable "size"', 'variable "size_gb"'))
    with pytest.raises((InputError, MultipleErrors)) as caught:
        load(live)
    assert "size" in str(caught.value.render() if isinstance(caught.value, LayerError) else caught.value)


def test_a_store_of_another_version_is_ignored(live: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _load(live)
    monkeypatch.setattr(loadcache.reader, "MAX_DEPTH", loadcache.reader.MAX_DEPTH + 1)
    loadcache.code_version.cache_clear()
    try:
        tree, cache = _load(live)
        assert cache.reused == set() and cache.parsed == 5, "a reader limit changed: nothing is reused"
        assert set(tree.layers) == {"env/a", "env/b", "env/c"}
    finally:
        loadcache.code_version.cache_clear()


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty"])
def test_a_corrupt_or_partial_store_is_ignored_and_rebuilt(live: Path, damage: str) -> None:
    cold_tree, _ = _load(live)
    for store in _stores(live):
        raw = store.read_bytes()
        if damage == "truncate":
            store.write_bytes(raw[: len(raw) // 2])
        elif damage == "flip":
            store.write_bytes(raw[:-20] + bytes([raw[-20] ^ 0xFF]) + raw[-19:])
        elif damage == "garbage":
            store.write_bytes(os.urandom(len(raw)))
        else:
            store.write_bytes(b"")
    tree, cache = _load(live)
    assert cache.reused == set() and cache.parsed == 5
    assert {i: layer.config for i, layer in tree.layers.items()} == {
        i: layer.config for i, layer in cold_tree.layers.items()
    }
    assert _load(live)[1].reused == {"env/a", "env/b", "env/c"}, "the store was rebuilt"


def test_store_save_is_atomic_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache" / "s.bin", b"v1")
    store.save({b"k": ("value", 1)})
    assert store.load() == {b"k": ("value", 1)}
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["s.bin"]
    assert Store(tmp_path / "cache" / "s.bin", b"v2").load() == {}, "another version reads as empty"


def test_an_unwritable_work_directory_only_means_a_cold_next_load(live: Path) -> None:
    (live.parent / ".layer").write_text("not a directory")
    tree, _ = _load(live)
    assert set(tree.layers) == {"env/a", "env/b", "env/c"} and _stores(live) == []


def test_concurrent_runs_never_corrupt_the_store(live: Path) -> None:
    procs = [
        subprocess.Popen([LAYER, "validate", str(live)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    results = [proc.communicate(timeout=120) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0, 0, 0], results
    stores = _stores(live)
    assert [p.name.split("-")[0] for p in stores] == ["layers", "parsed"]
    assert not list((live.parent / ".layer" / "cache").glob(".*")), "no temporary file is left behind"
    assert _load(live)[1].reused == {"env/a", "env/b", "env/c"}


def test_cross_layer_errors_read_the_same_from_a_warm_store(make_tree: TreeMaker) -> None:
    shared = "backend:\n  key: same/terraform.tfstate\n"
    live = make_tree({"a/layer.yaml": layer_yaml() + shared, "b/layer.yaml": layer_yaml() + shared})
    outputs = []
    for _ in range(2):
        run = subprocess.run([LAYER, "validate", str(live)], capture_output=True, text=True, check=False)
        outputs.append((run.returncode, run.stdout, run.stderr))
    assert outputs[0] == outputs[1]
    assert outputs[0][0] == 1 and "share one state object" in outputs[0][2]
    assert f"{live / 'a/layer.yaml'}:" in outputs[0][2], "the key's file:line, from the materialised provenance"
    with pytest.raises(SchemaError):
        load(live)


def test_the_store_can_be_switched_off(live: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(loadcache.DISABLE_ENV, "off")
    _load(live)
    assert _stores(live) == [] and _load(live)[1].reused == set()


def test_a_stored_layer_whose_dependency_was_removed_is_loaded_again_and_fails(live: Path) -> None:
    _load(live)
    (live / "env/a/layer.yaml").rename(live / "env/a/layer.yaml.off")
    cache = LoadCache(store_dir=_store_dir)
    with pytest.raises(LayerError) as warm:
        load_tree(live, cache=cache)
    with pytest.raises(LayerError) as cold:
        load_tree(live)
    assert warm.value.render() == cold.value.render()
    assert "is not a layer" in warm.value.render()


def test_a_layer_with_an_error_is_never_stored(live: Path) -> None:
    path = live / "env/b/layer.yaml"
    path.write_text(path.read_text().replace("inputs:", "modul: x\ninputs:"))  # a schema error
    for _ in range(2):
        with pytest.raises(LayerError, match="modul"):
            load(live)
    layers = next(p for p in _stores(live) if p.name.startswith("layers-"))
    stored = Store(layers, loadcache.code_version()).load()
    assert sorted(entry[loadcache.FILES][-1] for entry in stored.values()) == [
        str(live / "env/a/layer.yaml"),
        str(live / "env/c/layer.yaml"),
    ]


def test_a_failed_input_check_is_not_stored_as_passed(live: Path) -> None:
    path = live / "env/b/layer.yaml"
    path.write_text(path.read_text().replace("name: b", "name: [b]"))  # not a string: the module says string
    for _ in range(2):
        with pytest.raises(LayerError, match="name"):
            load(live)
    cache = LoadCache(store_dir=_store_dir)
    load_tree(live, cache=cache)
    assert "env/b" in cache.reused, "it loads without error: that much is stored"
    assert cache.inputs_checked("env/b") is None and cache.inputs_checked("env/a") == ()


def test_a_dependency_whose_module_lost_an_output_fails_the_reference_again(live: Path) -> None:
    modules = live.parent / "modules"
    (modules / "n").mkdir()
    (modules / "n" / "main.tf").write_text((modules / "m" / "main.tf").read_text())
    path = live / "env/a/layer.yaml"
    path.write_text(path.read_text().replace("modules/m", "modules/n"))
    load(live)
    load(live)  # warm: every check passed
    main_tf = modules / "n" / "main.tf"
    main_tf.write_text(main_tf.read_text().replace('output "id"', 'output "ident"'))
    with pytest.raises(LayerError) as caught:
        load(live)
    assert "'id'" in caught.value.render() and "env/c" in caught.value.render()
