"""One cache per load, passed down (issue 19), and the persistent store that warms the next load (ADR 0021).

One staleness rule for everything here: a value held in memory lives as long as the LoadCache of the load
that computed it (a new load starts empty, so an edited file is always read again); a value that outlives
a load is keyed by the content of everything it was computed from: the bytes of every YAML file merged into
the layer, the bytes of its module's Terraform files, the values of the environment variables its files
name, the paths involved, and the version of layer's code, schemas and reader limits. Nothing is keyed by
a time stamp or by id().

The persistent store (under the tree's work directory, `.layer/cache/`) holds two files per tree:

- parsed YAML files by content digest: data and the line of every key path (provenance);
- loaded layers by the key above: the merged, resolved, validated config, dependencies, references, and the
  notes of the module-input check once it passed. A layer taken from it is not validated again; its
  provenance is materialised (by loading that one layer the full way) only when something asks for a
  location: an error to report, `render --show-origin`.

Only layers that loaded without an error are stored. A store file that is not exactly what this version
wrote (another version, a partial or corrupt write) reads as empty and is rebuilt; a write goes to a
temporary file renamed over the old one, so concurrent runs never see a mix (the last rename wins).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
import os
import re
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import layer
from layer.config import reader
from layer.config.model import Tree
from layer.config.reader import KeyPath, Provenance, SourceFile
from layer.config.tree import ChainMemo
from layer.errors import Location

FORMAT = 2
MAGIC = b"LAYERLC1"
DISABLE_ENV = "LAYER_LOAD_CACHE"  # "off": no persistent store (each load starts cold)
_DIGEST = 32
_ENV_NAME = re.compile(rb"\$\{env:([A-Za-z_][A-Za-z0-9_]*)")
_PLAIN = (str, int, float, bool, type(None))
_MODULE_SUFFIXES = (".tf", ".tf.json")

# A stored layer: the fields of Layer that a load computes, as plain data marshal can write.
CONFIG, FILES, DEPS, MODULE_SOURCE, MODULE_DIR, MODULE_FP, REFERENCES, KNOWN, INPUT_NOTES, OUTPUTS = range(10)
# The key paths whose location a load without errors asks for (the state-sharing check names them for every
# layer): stored with the layer, so that its provenance is not materialised for them.
KNOWN_KEYS: tuple[KeyPath, ...] = ((), ("backend",), ("backend", "key"), ("backend", "bucket"))


def _hash(*parts: bytes) -> bytes:
    digest = hashlib.blake2b(digest_size=_DIGEST)
    for part in parts:
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.digest()


# The code a stored value is computed by: the loader and its checks (config/), the module-interface checks
# (interface/), the schemas, and the pipeline step that records the input check.
CODE = ("config", "interface", "schemas", "pipeline.py", "errors.py", "__init__.py")


@functools.cache
def code_version() -> bytes:
    """What a stored value was computed by: layer's version, the store format, the reader's limits, the
    Python version (marshal's format) and the name, size and mtime of every file of the code in CODE,
    so that a changed checker never reuses a verdict of the old one. A constant of the process."""
    parts = [
        f"{layer.__version__}|{FORMAT}|{reader.MAX_FILE_BYTES}|{reader.MAX_DEPTH}|{reader.MAX_VALUES}".encode(),
        f"{sys.version_info[0]}.{sys.version_info[1]}|{marshal.version}".encode(),
    ]
    package = Path(layer.__file__).parent
    for name in CODE:
        top = package / name
        found = [(str(top), [], [""])] if top.is_file() else sorted(os.walk(top))
        for directory, _subdirs, names in found:
            for file in sorted(names):
                path = os.path.join(directory, file) if file else directory
                if path.endswith((".py", ".json")):
                    status = os.stat(path)
                    parts.append(f"{path}|{status.st_size}|{status.st_mtime_ns}".encode())
    return _hash(*parts)


class Store:
    """One file of marshalled data. Reads as {} when missing, unreadable, of another version, or not
    exactly as written (its digest is checked before anything is unmarshalled)."""

    def __init__(self, path: Path, version: bytes) -> None:
        self.path = path
        self.version = _hash(version)

    def load(self) -> dict[Any, Any]:
        try:
            raw = self.path.read_bytes()
        except OSError:
            return {}
        head = len(MAGIC) + 2 * _DIGEST
        if len(raw) < head or not raw.startswith(MAGIC):
            return {}
        version, digest, payload = raw[len(MAGIC) : len(MAGIC) + _DIGEST], raw[len(MAGIC) + _DIGEST : head], raw[head:]
        if version != self.version or _hash(payload) != digest:
            return {}
        try:
            value = marshal.loads(payload)
        except (EOFError, ValueError, TypeError):
            return {}
        return value if isinstance(value, dict) else {}

    def save(self, value: dict[Any, Any]) -> None:
        """Write to a temporary file in the same directory, then rename it over the store: atomic."""
        payload = marshal.dumps(value, 4)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        except OSError:
            return  # a read-only work directory: the next load is cold, nothing else changes
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(MAGIC + self.version + _hash(payload) + payload)
            os.replace(temporary, self.path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def plain(value: Any) -> bool:
    """Whether marshal writes `value` back exactly: dicts, lists and the YAML scalars of exact types (a
    str subclass such as resolve.Literal carries a meaning marshal would lose)."""
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is dict:
            stack.extend(item.values())
        elif kind is list or kind is tuple:
            stack.extend(item)
        elif kind not in _PLAIN:
            return False
    return True


def known_locations(provenance: Provenance) -> tuple[tuple[KeyPath, str | None, int | None, str | None] | None, ...]:
    """What provenance.get answers for each of KNOWN_KEYS, as plain data (None: no entry)."""
    found = (provenance.get(key) for key in KNOWN_KEYS)
    return tuple(
        (key, str(loc.path) if loc.path is not None else None, loc.line, loc.key) if loc is not None else None
        for key, loc in zip(KNOWN_KEYS, found, strict=True)
    )


class LazyProvenance(dict[KeyPath, Location]):
    """A stored layer's provenance, computed by `materialise` the first time anything reads it, except
    `.get` of a key path in `known` (the answers stored with the layer)."""

    def __init__(self, materialise: Callable[[], Provenance], known: dict[KeyPath, Location | None]) -> None:
        super().__init__()
        self._materialise: Callable[[], Provenance] | None = materialise
        self._known = known

    def _fill(self) -> None:
        if self._materialise is not None:
            materialise, self._materialise = self._materialise, None
            super().update(materialise())

    @property
    def materialised(self) -> bool:
        return self._materialise is None

    def get(self, key: KeyPath, default: Any = None) -> Any:
        if self._materialise is not None and key in self._known:
            found = self._known[key]
            return found if found is not None else default
        self._fill()
        return super().get(key, default)

    def __getitem__(self, key: KeyPath) -> Location:
        self._fill()
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        self._fill()
        return super().__contains__(key)

    def __iter__(self) -> Iterator[KeyPath]:
        self._fill()
        return super().__iter__()

    def __len__(self) -> int:
        self._fill()
        return super().__len__()

    def keys(self) -> Any:
        self._fill()
        return super().keys()

    def items(self) -> Any:
        self._fill()
        return super().items()

    def values(self) -> Any:
        self._fill()
        return super().values()

    def __eq__(self, other: object) -> bool:
        self._fill()
        return super().__eq__(other)

    __hash__ = None

    def __repr__(self) -> str:
        self._fill()
        return super().__repr__()


class LoadCache:
    """Everything one load remembers, passed down from load_tree to each step; dropped with the load.

    With `store_dir` (a function of the tree root: where its work directory is), parsed files and loaded
    layers are also taken from and written to the persistent store (see the module's doc)."""

    def __init__(self, store_dir: Callable[[Path], Path] | None = None) -> None:
        self.chains = ChainMemo()
        self.files: dict[str, bool] = {}  # path -> is a file (a stat per dependency and module otherwise)
        self.dirs: dict[str, bool] = {}
        self.sources: dict[str, SourceFile] = {}  # path -> parsed in this load
        self.merged: dict[Path, tuple[dict[str, Any], Provenance]] = {}  # _defaults.yaml -> merged chain to it
        self.paths: dict[str, Path] = {}  # one Path object per path string (cheaper, and a cache key)
        self.repositories: dict[Path, str] = {}  # tree root -> its repository's directory
        self.module_problems: dict[tuple[str, str], str | None] = {}  # (module dir, repository) -> problem
        self.scans: dict[tuple[str, int], tuple[Any, list[Any]]] = {}  # references.scan_config's memo
        self.inherited_checks: dict[tuple[str, int], tuple[Any, bool]] = {}  # schema.inherited_valid's memo
        self.known_locations: dict[object, Location] = {}  # a stored known location -> one Location per load
        self.parsed = 0  # YAML files parsed by this load (not found in the store)
        self.reused: set[str] = set()  # ids of the layers taken from the store
        self._store_dir = store_dir if os.environ.get(DISABLE_ENV, "").strip().lower() != "off" else None
        self._root: Path | None = None
        self._raw: dict[str, bytes] = {}
        self._digests: dict[str, bytes | None] = {}
        self._env_names: dict[str, tuple[bytes, ...]] = {}
        self._module_fps: dict[str, bytes] = {}
        self._parse_store: Store | None = None
        self._layer_store: Store | None = None
        self._stored_files: dict[bytes, Any] | None = None
        self._stored_layers: dict[bytes, Any] = {}
        self._new_files: dict[bytes, Any] = {}
        self._new_layers: dict[bytes, Any] = {}
        self._layer_keys: dict[str, bytes] = {}
        self._layer_settings: bytes | None = None
        self._chain_texts: dict[tuple[Path, ...], tuple[str, ...]] = {}
        self._layers_changed = False
        self._files_changed = False

    # ------------------------------------------------------------------------------------ in-load memos
    def path(self, text: str) -> Path:
        found = self.paths.get(text)
        if found is None:
            found = self.paths[text] = Path(text)
        return found

    def is_file(self, path: str) -> bool:
        found = self.files.get(path)
        if found is None:
            found = self.files[path] = os.path.isfile(path)
        return found

    def is_dir(self, path: str) -> bool:
        found = self.dirs.get(path)
        if found is None:
            found = self.dirs[path] = os.path.isdir(path)
        return found

    # ------------------------------------------------------------------------------------ parsed files
    def read_yaml(self, path: Path | str) -> SourceFile:
        """The file parsed once in this load; with a store, its parse is reused by content digest."""
        text = os.path.normpath(os.path.abspath(path))
        found = self.sources.get(text)
        if found is not None:
            return found
        raw = self._raw.pop(text, None)
        if raw is None:
            key, raw = reader.read_bytes(path)
        else:
            key = self.path(text)
        digest = self._digests.get(text) or _hash(raw)
        stored = self._stored_parse(digest)
        if stored is not None:
            found = _source_from(key, stored)
        else:
            found = reader.parse_bytes(key, raw)
            self.parsed += 1
            if self._parse_store is not None and plain(found.data):
                self._new_files[digest] = (found.data, tuple((k, loc.line) for k, loc in found.provenance.items()))
                self._files_changed = True
        self.sources[text] = found
        return found

    def _stored_parse(self, digest: bytes) -> Any:
        if self._parse_store is None:
            return None
        if self._stored_files is None:
            self._stored_files = self._parse_store.load()
        found = self._stored_files.get(digest)
        if found is not None:
            self._new_files[digest] = found  # still in use: kept when the store is written again
        return found

    # ------------------------------------------------------------------------------------ loaded layers
    def open(self, root: Path) -> None:
        """Attach the persistent store of the tree at `root` (when this cache has one)."""
        if self._store_dir is None or self._root == root:
            return
        self._root = root
        name = hashlib.blake2b(str(root).encode(), digest_size=8).hexdigest()
        directory = self._store_dir(root) / "cache"
        version = code_version()
        self._parse_store = Store(directory / f"parsed-{name}.bin", version)
        self._layer_store = Store(directory / f"layers-{name}.bin", version)
        self._stored_layers = self._layer_store.load()

    def digest(self, path: str) -> bytes | None:
        """The content digest of a file (read once per load; the bytes are kept for its parse). None when
        it is not a regular file of at most the reader's size or cannot be read: the full load says why."""
        if path in self._digests:
            return self._digests[path]
        raw = _read_regular(path)
        if raw is None:
            self._digests[path] = None
            return None
        self._raw[path] = raw
        digest = self._digests[path] = _hash(raw)
        self._env_names[path] = tuple(sorted(set(_ENV_NAME.findall(raw)))) if b"${env:" in raw else ()
        return digest

    def chain_texts(self, chain: tuple[Path, ...]) -> tuple[str, ...]:
        found = self._chain_texts.get(chain)
        if found is None:
            found = self._chain_texts[chain] = tuple(str(path) for path in chain)
        return found

    def layer_key(self, ident: str, dir_text: str, files: tuple[str, ...], repository: str) -> bytes | None:
        """The key of a layer in the store: its id and directory, the tree's repository, and the path,
        content digest and named environment variables of every file merged into it. None: no store."""
        if self._layer_store is None:
            return None
        parts = [self._settings(), ident.encode(), dir_text.encode(), repository.encode()]
        for path in files:
            digest = self.digest(path)
            if digest is None:
                return None
            parts += [path.encode(), digest]
            for name in self._env_names.get(path, ()):
                value = os.environ.get(name.decode())
                parts.append(name + (b"=" + value.encode() if value is not None else b" unset"))
        key = _hash(*parts)
        self._layer_keys[ident] = key
        return key

    def _settings(self) -> bytes:
        """The LAYER_* environment variables, which may change what a load computes (a backend profile)."""
        if self._layer_settings is None:
            found = sorted((k, v) for k, v in os.environ.items() if k.startswith("LAYER_"))
            self._layer_settings = _hash(*(f"{k}={v}".encode() for k, v in found))
        return self._layer_settings

    def module_fingerprint(self, module_dir: str) -> bytes:
        """The names and bytes of a module's Terraform files (what its variables and outputs come from)."""
        found = self._module_fps.get(module_dir)
        if found is None:
            parts: list[bytes] = [module_dir.encode(), os.path.realpath(module_dir).encode()]
            try:
                names = sorted(n for n in os.listdir(module_dir) if n.endswith(_MODULE_SUFFIXES))
                for name in names:
                    with open(os.path.join(module_dir, name), "rb") as handle:
                        parts += [name.encode(), handle.read()]
            except OSError as err:
                parts.append(f"unreadable: {err}".encode())
            found = self._module_fps[module_dir] = _hash(*parts)
        return found

    def stored_layer(self, key: bytes) -> Any:
        """A stored layer for `key` whose module has not changed since, or None."""
        entry = self._stored_layers.get(key)
        if entry is None or self.module_fingerprint(entry[MODULE_DIR]) != entry[MODULE_FP]:
            return None
        self._new_layers[key] = entry
        return entry

    def remember_layer(self, key: bytes, entry: tuple[Any, ...]) -> None:
        if plain(entry[CONFIG]) and plain(entry[DEPS]):
            self._new_layers[key] = entry
            self._layers_changed = True

    def inputs_checked(self, ident: str) -> tuple[str, ...] | None:
        """The notes of a stored layer's module-input check, or None when it has not passed one."""
        key = self._layer_keys.get(ident)
        entry = self._new_layers.get(key) if key is not None else None
        return entry[INPUT_NOTES] if entry is not None else None

    def record_inputs(self, ident: str, notes: tuple[str, ...]) -> None:
        """The module-input check of layer `ident` passed with these notes."""
        key = self._layer_keys.get(ident)
        entry = self._new_layers.get(key) if key is not None else None
        if key is not None and entry is not None and entry[INPUT_NOTES] != notes:
            self._new_layers[key] = _with(entry, INPUT_NOTES, notes)
            self._layers_changed = True

    def outputs_checked(self, tree: Tree, ident: str) -> bool:
        """Whether layer `ident`'s references and mock outputs were checked against its dependencies' modules
        as they are now (references.check_outputs found nothing)."""
        key = self._layer_keys.get(ident)
        entry = self._new_layers.get(key) if key is not None else None
        return entry is not None and entry[OUTPUTS] is not None and entry[OUTPUTS] == self._outputs_key(tree, ident)

    def record_outputs(self, tree: Tree, ident: str) -> None:
        """references.check_outputs found nothing wrong (and noted nothing) for layer `ident`."""
        key = self._layer_keys.get(ident)
        entry = self._new_layers.get(key) if key is not None else None
        found = self._outputs_key(tree, ident)
        if key is not None and entry is not None and found is not None and entry[OUTPUTS] != found:
            self._new_layers[key] = _with(entry, OUTPUTS, found)
            self._layers_changed = True

    def _outputs_key(self, tree: Tree, ident: str) -> bytes | None:
        """The modules of the layer's dependencies, by fingerprint; None when one is not a local module."""
        parts: list[bytes] = []
        for dep in tree.layers[ident].dependencies:
            target = tree.layers.get(dep.layer_id)
            if target is None:
                parts.append(f"{dep.name}={dep.layer_id}: not loaded".encode())
                continue
            module_dir = target.working_tree_module
            if module_dir is None:
                return None
            parts += [f"{dep.name}={dep.layer_id}".encode(), self.module_fingerprint(str(module_dir))]
        return _hash(*parts)

    def save(self) -> None:
        """Write what changed: layers and parsed files used by this load, plus those of the old store
        files this load did not touch (another selection of the same tree), up to a bound. A load that
        only reused what was stored writes nothing."""
        if self._layer_store is not None and self._layers_changed:
            self._layer_store.save(_bounded(self._new_layers, self._stored_layers))
        if self._parse_store is not None and self._files_changed:
            old = self._stored_files if self._stored_files is not None else self._parse_store.load()
            self._parse_store.save(_bounded(self._new_files, old))


def _read_regular(path: str) -> bytes | None:
    """The bytes of a regular file of at most reader.MAX_FILE_BYTES, else None (never waits on a FIFO)."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode) or status.st_size > reader.MAX_FILE_BYTES:
            return None
        chunks = []
        size = 0
        while size <= reader.MAX_FILE_BYTES:  # a file of /proc says size 0: read up to the limit
            chunk = os.read(handle, max(status.st_size, 65536) + 1)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks) if size <= reader.MAX_FILE_BYTES else None
    except OSError:
        return None
    finally:
        os.close(handle)


def _with(entry: tuple[Any, ...], index: int, value: Any) -> tuple[Any, ...]:
    return (*entry[:index], value, *entry[index + 1 :])


def _bounded(used: dict[bytes, Any], old: dict[bytes, Any]) -> dict[bytes, Any]:
    """`used`, plus entries of `old` it does not hold while the total stays within twice `used` (+ 1,000)."""
    result = dict(used)
    room = len(used) + 1000
    for key, value in old.items():
        if room <= 0:
            break
        if key not in result:
            result[key] = value
            room -= 1
    return result


def _source_from(path: Path, stored: tuple[dict[str, Any], tuple[tuple[KeyPath, int], ...]]) -> SourceFile:
    data, lines = stored
    locations: dict[int, Location] = {}
    provenance: Provenance = {}
    for key_path, line in lines:
        found = locations.get(line)
        if found is None:
            found = locations[line] = Location(path, line)
        provenance[key_path] = found
    return SourceFile(path, data, provenance)
