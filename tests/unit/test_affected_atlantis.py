"""`layer affected` on a git repository built here, and the generated atlantis.yaml against the graph."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from layer.affected import affected, changed_files
from layer.atlantis import generate
from layer.index import build_index, load_index
from tests.cli_zygote import layer_process, run_layer
from tests.conftest import MODULE_TF, ROOT

LAYER = str(Path(sys.executable).parent / "layer")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def write(repo: Path, rel: str, text: str) -> None:
    path = repo / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """live/{prod,dev}/{net,app,db}; app and db use modules/outer, which calls modules/inner."""
    write(tmp_path, "modules/m/main.tf", MODULE_TF)
    write(tmp_path, "modules/inner/main.tf", MODULE_TF)
    write(tmp_path, "modules/inner/tests/x.tftest.hcl", "# test\n")
    write(tmp_path, "modules/outer/main.tf", MODULE_TF + 'module "inner" {\n  source = "../inner"\n  name = "x"\n}\n')
    write(
        tmp_path,
        "live/_defaults.yaml",
        "root: true\nregion: ap-northeast-2\ntags:\n  Owner: o\n  CostCenter: cc-1\nbackend:\n  bucket: state-b\n",
    )
    for env in ("prod", "dev"):
        write(tmp_path, f"live/{env}/_defaults.yaml", f"environment: {env}\n")
        write(tmp_path, f"live/{env}/net/layer.yaml", "module: ../../../modules/m\ninputs:\n  name: net\n")
        write(
            tmp_path,
            f"live/{env}/app/layer.yaml",
            "module: ../../../modules/outer\ndependencies:\n  net: ../net\ninputs:\n  name: app\n",
        )
        write(
            tmp_path,
            f"live/{env}/db/layer.yaml",
            "module: ../../../modules/outer\ndependencies:\n  app: ../app\ninputs:\n  name: db\n",
        )
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "-c", "user.email=t@t", "-c", "user.name=t", "add", "-A")
    git(tmp_path, "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "base")
    return tmp_path


def affected_ids(repo: Path) -> dict[str, tuple[str, ...]]:
    index = build_index(repo / "live")
    top, files = changed_files("HEAD", repo / "live")
    return {a.layer_id: a.reasons for a in affected(index, files, top)}


def test_no_change_affects_nothing(repo: Path) -> None:
    assert affected_ids(repo) == {}


def test_own_file_change_and_its_dependents(repo: Path) -> None:
    write(repo, "live/prod/app/layer.yaml", (repo / "live/prod/app/layer.yaml").read_text() + "# edit\n")
    found = affected_ids(repo)
    assert list(found) == ["prod/app", "prod/db"], "run order: app, then its dependent db"
    assert found["prod/app"] == ("own file live/prod/app/layer.yaml",)
    assert found["prod/db"] == ("depends on prod/app",)


def test_inherited_yaml_change_at_every_level(repo: Path) -> None:
    write(repo, "live/dev/_defaults.yaml", "environment: dev\ninputs:\n  size: 2\n")
    assert set(affected_ids(repo)) == {"dev/net", "dev/app", "dev/db"}
    git(repo, "checkout", "--", ".")
    write(repo, "live/_defaults.yaml", (repo / "live/_defaults.yaml").read_text() + "# edit\n")
    found = affected_ids(repo)
    assert len(found) == 6
    assert found["prod/net"] == ("inherits live/_defaults.yaml",)


def test_transitive_module_change(repo: Path) -> None:
    write(repo, "modules/inner/main.tf", MODULE_TF + "# edit\n")
    found = affected_ids(repo)
    assert set(found) == {"prod/app", "prod/db", "dev/app", "dev/db"}
    assert "module modules/inner changed (modules/inner/main.tf)" in found["prod/app"]


def test_module_tests_and_docs_do_not_affect_layers(repo: Path) -> None:
    write(repo, "modules/inner/tests/x.tftest.hcl", "# other test\n")
    write(repo, "modules/outer/README.md", "# docs\n")
    assert affected_ids(repo) == {}


def test_untracked_files_count(repo: Path) -> None:
    write(repo, "modules/m/extra.tf", "# new file\n")
    assert set(affected_ids(repo)) == {"prod/net", "prod/app", "prod/db", "dev/net", "dev/app", "dev/db"}


def test_affected_cli_json_and_run_all_with_nothing_affected(repo: Path) -> None:
    write(repo, "live/dev/net/layer.yaml", "module: ../../../modules/m\ninputs:\n  name: net2\n")
    out = layer_process(["affected", "live/dev", "--since", "HEAD", "--json"], cwd=repo)
    assert out.returncode == 0, out.stderr
    payload = json.loads(out.stdout)
    assert [x["id"] for x in payload["layers"]] == ["dev/net", "dev/app", "dev/db"]
    none = layer_process(["run-all", "plan", "live/prod", "--affected-since", "HEAD"], cwd=repo)
    assert none.returncode == 0 and "no layer under live/prod is affected" in none.stdout


def test_index_cache_is_reused_and_invalidated(repo: Path) -> None:
    first = load_index(repo / "live")
    cache = repo / ".layer" / "index-live.json"
    assert cache.is_file()
    stamp = cache.stat().st_mtime_ns
    assert load_index(repo / "live").entries == first.entries
    assert cache.stat().st_mtime_ns == stamp, "unchanged tree: the cached index is read, not rebuilt"
    write(repo, "live/prod/db/layer.yaml", "module: ../../../modules/m\ninputs:\n  name: db\n")
    assert load_index(repo / "live").entries["prod/db"].dependencies == ()


def test_atlantis_projects_follow_the_graph(repo: Path) -> None:
    index = build_index(repo / "live")
    document = yaml.safe_load(generate(index, repo, exclude=("dev/*",)))
    projects = {p["name"]: p for p in document["projects"]}
    assert list(projects) == ["prod/net", "prod/app", "prod/db"]
    assert projects["prod/db"]["depends_on"] == ["prod/app"]
    assert [projects[n]["execution_order_group"] for n in projects] == [0, 1, 2]
    app = projects["prod/app"]
    assert app["dir"] == "live/prod/app"
    assert "workflow" not in app and "workflows" not in document, "the workflow is server-side (repos.yaml)"
    assert set(app["autoplan"]["when_modified"]) == {
        "layer.yaml",
        "../_defaults.yaml",
        "../../_defaults.yaml",
        "../../../modules/outer/*.tf",
        "../../../modules/outer/**/*.py",
        "../../../modules/inner/*.tf",
        "../../../modules/inner/**/*.py",
    }
    for pattern in app["autoplan"]["when_modified"]:
        base = pattern.split("*")[0]
        assert (repo / "live/prod/app" / base).exists(), f"{pattern} points at something that exists"


def test_atlantis_check_detects_a_stale_file(repo: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return layer_process(["atlantis", "generate", "live", *args], cwd=repo)

    assert run("--check").returncode == 1, "no file yet: stale"
    assert run().returncode == 0
    assert run("--check").returncode == 0
    write(repo, "live/prod/db/layer.yaml", "module: ../../../modules/m\ninputs:\n  name: db\n")
    stale = run("--check")
    assert stale.returncode == 1
    assert "atlantis.yaml is stale" in stale.stderr


def layer_cli(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`layer ARGS` in a process of its own, forked from a pre-imported one (tests/cli_zygote.py)."""
    ran = run_layer(list(args), dict(os.environ), repo)
    assert ran.returncode is not None, f"layer {' '.join(args)}: no answer in time\n{ran.stderr}"
    return subprocess.CompletedProcess([LAYER, *args], ran.returncode, ran.stdout, ran.stderr)


def set_atlantis(repo: Path, section: str) -> int:
    """Append an `atlantis:` section to the root _defaults.yaml; return the line it starts on."""
    path = repo / "live/_defaults.yaml"
    text = path.read_text()
    path.write_text(text + section)
    return text.count("\n") + 1


def test_atlantis_exclude_from_the_tree_makes_the_bare_check_agree(repo: Path) -> None:
    set_atlantis(repo, "atlantis:\n  exclude: ['dev/*']\n")
    assert layer_cli(repo, "validate", "live").returncode == 0, "the schema knows atlantis.exclude"
    assert layer_cli(repo, "atlantis", "generate").returncode == 0
    projects = [p["name"] for p in yaml.safe_load((repo / "atlantis.yaml").read_text())["projects"]]
    assert projects == ["prod/net", "prod/app", "prod/db"]
    assert layer_cli(repo, "atlantis", "generate", "--check").returncode == 0
    extra = layer_cli(repo, "atlantis", "generate", "--check", "--exclude", "prod/db")
    assert extra.returncode == 1, "--exclude adds to the tree's list (prod/db now missing: stale)"


def test_atlantis_exclude_glob_matching_no_layer_names_the_file_and_line(repo: Path) -> None:
    line = set_atlantis(repo, "atlantis:\n  exclude:\n    - 'lokal/*'\n")
    done = layer_cli(repo, "atlantis", "generate", "--check")
    assert done.returncode == 1
    assert f"live/_defaults.yaml:{line + 1} (atlantis.exclude): atlantis.exclude 'lokal/*' matches no layer" in (
        done.stderr
    )
    assert "Traceback" not in done.stderr and not (repo / "atlantis.yaml").exists()


@pytest.mark.parametrize(
    ("section", "key"),
    [
        ("atlantis:\n  exclude: dev/*\n", "atlantis.exclude"),
        ("atlantis:\n  exclude: [1]\n", "atlantis.exclude"),
        ("atlantis:\n  exlude: ['dev/*']\n", "atlantis"),
        ("atlantis: [dev]\n", "atlantis"),
    ],
)
def test_a_malformed_atlantis_section_is_a_config_error(repo: Path, section: str, key: str) -> None:
    line = set_atlantis(repo, section)
    done = layer_cli(repo, "atlantis", "generate")
    assert done.returncode == 1, done.stderr
    assert "live/_defaults.yaml:" in done.stderr and f"({key})" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and not (repo / "atlantis.yaml").exists()
    validated = layer_cli(repo, "validate", "live")
    assert validated.returncode == 1 and "live/_defaults.yaml:" in validated.stderr, validated.stderr
    assert int(validated.stderr.split("live/_defaults.yaml:")[1].split(" ")[0]) >= line, "the section, or below"


def test_atlantis_refuses_a_path_whose_every_layer_is_excluded(repo: Path) -> None:
    set_atlantis(repo, "atlantis:\n  exclude: ['dev/*']\n")
    done = layer_cli(repo, "atlantis", "generate", "live/dev")
    assert done.returncode == 1
    assert "every layer under live/dev is excluded" in done.stderr
    assert not (repo / "atlantis.yaml").exists(), "no atlantis.yaml without projects"


def test_the_committed_atlantis_yaml_agrees_with_the_bare_check(tmp_path: Path) -> None:
    env = {**os.environ, "LAYER_WORK_DIR": str(tmp_path / "work")}
    done = layer_process(["atlantis", "generate", "--check"], cwd=ROOT, env=env)
    assert done.returncode == 0, done.stderr
    assert not any(
        p["name"].startswith("local/") for p in yaml.safe_load((ROOT / "atlantis.yaml").read_text())["projects"]
    )


def affected_json(repo: Path, *args: str, cwd: Path | None = None) -> dict[str, Any]:
    done = layer_process(["affected", *args], cwd=cwd or repo)
    assert done.returncode == 0, done.stderr
    payload: dict[str, Any] = json.loads(done.stdout)
    return payload


def test_a_deleted_layer_is_reported_as_removed(repo: Path) -> None:
    git(repo, "rm", "-rq", "live/prod/db")
    payload = affected_json(repo, "live", "--since", "HEAD", "--json")
    assert payload["layers"] == []
    assert payload["removed"] == [{"id": "prod/db", "file": "live/prod/db/layer.yaml", "status": "removed"}]
    text = layer_cli(repo, "affected", "live", "--since", "HEAD")
    assert text.returncode == 0
    assert text.stdout.startswith("prod/db\tremoved: its layer.yaml was deleted"), text.stdout
    assert affected_json(repo, "live/dev", "--since", "HEAD", "--json")["removed"] == [], "only under PATH"


def test_a_layer_deleted_in_a_commit_or_only_on_disk_is_removed(repo: Path) -> None:
    shutil.rmtree(repo / "live/dev/db")
    assert [r["id"] for r in affected_json(repo, "live", "--since", "HEAD", "--json")["removed"]] == ["dev/db"]
    git(repo, "add", "-A")
    git(repo, "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "drop dev/db")
    assert [r["id"] for r in affected_json(repo, "live", "--since", "HEAD~1", "--json")["removed"]] == ["dev/db"]
    assert affected_json(repo, "live", "--since", "HEAD", "--json")["removed"] == []


def test_a_moved_layer_is_removed_at_its_old_id_and_affected_at_its_new_one(repo: Path) -> None:
    git(repo, "mv", "live/prod/db", "live/prod/database")
    payload = affected_json(repo, "live", "--since", "HEAD", "--json")
    assert [r["id"] for r in payload["removed"]] == ["prod/db"]
    assert [a["id"] for a in payload["layers"]] == ["prod/database"]


def test_github_matrix_groups_the_affected_layers_by_wave(repo: Path) -> None:
    write(repo, "live/prod/net/layer.yaml", (repo / "live/prod/net/layer.yaml").read_text() + "# edit\n")
    write(repo, "live/dev/db/layer.yaml", (repo / "live/dev/db/layer.yaml").read_text() + "# edit\n")
    git(repo, "rm", "-rq", "live/dev/app/layer.yaml")
    write(repo, "live/dev/db/layer.yaml", "module: ../../../modules/outer\ninputs:\n  name: db\n")
    matrix = affected_json(repo, "..", "--since", "HEAD", "--format", "github-matrix", cwd=repo / "live/prod")
    waves = [[(i["layer"], i["dir"], i["wave"]) for i in wave["include"]] for wave in matrix["waves"]]
    assert waves == [
        [("dev/db", "live/dev/db", 0), ("prod/net", "live/prod/net", 0)],
        [("prod/app", "live/prod/app", 1)],
        [("prod/db", "live/prod/db", 2)],
    ], "dense waves in run order; dirs relative to the git top whatever the working directory"
    assert matrix["count"] == 4 and matrix["wave_count"] == 3
    assert matrix["removed"] == [{"layer": "dev/app", "file": "live/dev/app/layer.yaml"}]
    artifacts = [i["artifact"] for wave in matrix["waves"] for i in wave["include"]]
    assert len(set(artifacts)) == 4 and all(re.fullmatch(r"plan-[A-Za-z0-9._-]+", a) for a in artifacts)
    prod_only = affected_json(repo, "live", "--since", "HEAD", "--format", "github-matrix", "--exclude", "dev/*")
    assert [i["layer"] for w in prod_only["waves"] for i in w["include"]] == ["prod/net", "prod/app", "prod/db"]
    assert prod_only["removed"] == []


def test_github_matrix_with_more_waves_than_jobs_fails(repo: Path) -> None:
    write(repo, "live/prod/net/layer.yaml", (repo / "live/prod/net/layer.yaml").read_text() + "# edit\n")
    done = layer_cli(repo, "affected", "live", "--since", "HEAD", "--format", "github-matrix", "--max-waves", "2")
    assert done.returncode == 1 and done.stdout == ""
    assert "span 3 waves; the workflow has jobs for 2" in done.stderr and "Traceback" not in done.stderr
    assert layer_cli(repo, "affected", "--since", "HEAD", "--format", "matrix").returncode == 64
    typo = layer_cli(repo, "affected", "--since", "HEAD", "--exclude", "lokal/*")
    assert typo.returncode == 1 and "matches no layer" in typo.stderr


def test_github_matrix_with_nothing_affected_is_empty(repo: Path) -> None:
    matrix = affected_json(repo, "live", "--since", "HEAD", "--format", "github-matrix")
    assert matrix == {"since": "HEAD", "count": 0, "wave_count": 0, "waves": [], "removed": []}


def test_atlantis_below_the_root_is_refused_not_ignored(repo: Path) -> None:
    path = repo / "live/prod/_defaults.yaml"
    path.write_text(path.read_text() + "atlantis:\n  exclude: ['prod/db']\n")
    done = layer_cli(repo, "atlantis", "generate")
    assert done.returncode == 1
    assert "live/prod/_defaults.yaml:2 (atlantis): atlantis is a setting of the whole tree" in done.stderr
    assert "Traceback" not in done.stderr and not (repo / "atlantis.yaml").exists()
