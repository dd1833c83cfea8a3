"""SLOs as configuration (IN-155, ADR 0025): `layer slo generate` from slos.yaml, through the real CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
import yaml

from layer.config.loader import load_tree
from layer.slo import PAGE, TICKET, Slo, find_slo_files, load_slo_file, rule_groups
from tests.cli_zygote import layer_process
from tests.conftest import ROOT, TreeMaker, layer_yaml
from tests.unit.cli_in_process import layer_in_process

SLOS = """
# yaml-language-server: $schema=../../schemas/slo.schema.json
slos:
  - name: api-availability
    service: api
    description: The API answers without a 5xx
    objective: 99.9
    window: 30d
    sli:
      error_query: sum(rate(http_requests_total{code=~"5.."}[{{window}}]))
      total_query: sum(rate(http_requests_total[{{window}}]))
    labels:
      team: platform
"""


def layer(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real CLI in a subprocess."""
    return layer_process(args, cwd=cwd)


@pytest.fixture
def slo_tree(make_tree: TreeMaker) -> Path:
    """A tree whose layer `prod/monitoring` has an slos.yaml; returns the layer's directory."""
    live = make_tree(
        {"prod/monitoring/layer.yaml": layer_yaml("../../../modules/m"), "prod/monitoring/slos.yaml": SLOS}
    )
    return live / "prod" / "monitoring"


def write_slos(directory: Path, text: str) -> Path:
    path = directory / "slos.yaml"
    path.write_text(textwrap.dedent(text).lstrip("\n"))
    return path


def make_slo(objective: float, window_days: int) -> Slo:
    return Slo("x", "svc", "d", objective, window_days, "e[{{window}}]", "t[{{window}}]", "https://r/slo.md#x")


# --- the burn-rate method -----------------------------------------------------------------------------


def test_burn_rate_factors_are_the_sre_workbook_table_for_30_days() -> None:
    slo = make_slo(99.9, 30)
    assert [slo.burn_factor(a) for a in PAGE] == [14.4, 6.0]
    assert [slo.burn_factor(a) for a in TICKET] == [3.0, 1.0]
    assert [(a.long_window, a.short_window) for a in (*PAGE, *TICKET)] == [
        ("1h", "5m"),
        ("6h", "30m"),
        ("1d", "2h"),
        ("3d", "6h"),
    ]


def test_burn_rate_factors_scale_with_the_window() -> None:
    """The same share of the budget in the same hours: a 28-day window burns 28/30 as fast."""
    slo = make_slo(99.0, 28)
    assert [slo.burn_factor(a) for a in (*PAGE, *TICKET)] == [13.44, 5.6, 2.8, 0.9333]


def test_alerts_compare_both_windows_with_factor_times_budget(slo_tree: Path) -> None:
    groups = rule_groups(load_slo_file(slo_tree / "slos.yaml"))
    alerts = {r["alert"]: r for g in groups for r in g["rules"] if "alert" in r}
    page = alerts["ApiAvailabilityErrorBudgetBurnPage"]
    assert 'slo:sli_error:ratio_rate1h{slo="api-availability"} > 0.0144)' in page["expr"]
    assert 'slo:sli_error:ratio_rate5m{slo="api-availability"} > 0.0144)' in page["expr"]
    assert 'slo:sli_error:ratio_rate6h{slo="api-availability"} > 0.006)' in page["expr"]
    assert page["labels"] == {
        "slo": "api-availability",
        "service": "api",
        "team": "platform",
        "severity": "critical",
        "burn": "page",
    }
    ticket = alerts["ApiAvailabilityErrorBudgetBurnTicket"]
    assert 'ratio_rate3d{slo="api-availability"} > 0.001)' in ticket["expr"]
    assert ticket["labels"]["severity"] == "warning"
    assert ticket["annotations"]["runbook_url"].endswith("/docs/runbooks/slo.md#api-availability")
    records = [r for g in groups for r in g["rules"] if "record" in r]
    five = next(r for r in records if r["record"] == "slo:sli_error:ratio_rate5m")
    assert five["expr"] == '(sum(rate(http_requests_total{code=~"5.."}[5m])))\n/\n(sum(rate(http_requests_total[5m])))'


# --- generate and --check through the CLI ---------------------------------------------------------------


def test_generate_writes_rules_dashboard_and_the_layer_input(slo_tree: Path) -> None:
    result = layer("slo", "generate", "live", cwd=slo_tree.parent.parent.parent)
    assert result.returncode == 0, result.stderr
    rules = yaml.safe_load((slo_tree / "slo-rules.yaml").read_text())
    assert [g["name"] for g in rules["groups"]] == [
        "slo-api-availability-sli",
        "slo-api-availability-meta",
        "slo-api-availability-alerts",
    ]
    dashboard = json.loads((slo_tree / "slo-dashboard.json").read_text())
    assert dashboard["__inputs"][0]["pluginId"] == "prometheus"
    assert any(
        "slo:error_budget_remaining:ratio" in t["expr"] for p in dashboard["panels"] for t in p.get("targets", [])
    )
    # The rules reach the layer: its merged inputs carry them as a rule group namespace.
    tree = load_tree(slo_tree.parent.parent)
    inputs = next(iter(tree.layers.values())).inputs
    assert yaml.safe_load(inputs["prometheus_rule_groups"]["slos"]) == rules
    assert inputs["name"] == "x"  # layer.yaml's own inputs stay


def test_check_passes_when_current_and_fails_naming_the_stale_file(slo_tree: Path) -> None:
    repo = slo_tree.parent.parent.parent
    assert layer("slo", "generate", cwd=repo).returncode == 0
    current = layer("slo", "generate", "live", "--check", cwd=repo)
    assert current.returncode == 0 and "current" in current.stdout
    write_slos(slo_tree, SLOS.replace("objective: 99.9", "objective: 99.5"))
    stale = layer("slo", "generate", "live", "--check", cwd=repo)
    assert stale.returncode == 1
    assert "slo-rules.yaml" in stale.stderr and "layer slo generate" in stale.stderr
    assert "Traceback" not in stale.stderr
    (slo_tree / "slo-dashboard.json").unlink()
    missing = layer("slo", "generate", "live", "--check", cwd=repo)
    assert missing.returncode == 1 and "slo-dashboard.json" in missing.stderr


BAD_SLOS = [
    # (what is wrong, the text, the line and the words the error must show)
    (
        "no {{window}} in a query",
        SLOS.replace("[{{window}}]))\n      total", "[5m]))\n      total"),
        9,
        "sli.error_query has no {{window}}",
    ),
    ("an unknown key", SLOS.replace("    labels:", "    objectve: 99\n    labels:"), 11, "objectve"),
    ("objective of 100", SLOS.replace("objective: 99.9", "objective: 100"), 6, "objective"),
    ("a window too short for the 3-day alerts", SLOS.replace("window: 30d", "window: 3d"), 7, "window"),
    ("a window in hours", SLOS.replace("window: 30d", "window: 720h"), 7, "window"),
    ("a list instead of the SLO mapping", "slos: [1]\n", 1, "slos[0]"),
    ("no slos", "rule_namespace: slos\n", 1, "slos"),
    ("two SLOs of one name", SLOS + SLOS.split("slos:\n", 1)[1], 13, "used twice"),
    ("a label name Prometheus refuses", SLOS.replace("team: platform", "team-name: platform"), 11, "team-name"),
    ("an unparsable file", "slos: [\n", 2, "YAML syntax error"),
]


@pytest.mark.parametrize(("text", "line", "words"), [case[1:] for case in BAD_SLOS], ids=[c[0] for c in BAD_SLOS])
def test_bad_slos_are_refused_with_file_line_and_key(slo_tree: Path, text: str, line: int, words: str) -> None:
    path = write_slos(slo_tree, text)
    result = layer_in_process("slo", "generate", str(path.parent))
    assert result.returncode == 1, result.stdout
    assert f"{path}:{line}" in result.stderr, result.stderr
    assert words in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert not (slo_tree / "slo-rules.yaml").exists()  # nothing is written for a bad file


def test_slos_outside_a_layer_and_a_hand_written_defaults_file_are_refused(make_tree: TreeMaker) -> None:
    live = make_tree({"prod/monitoring/layer.yaml": layer_yaml("../../../modules/m"), "prod/slos.yaml": SLOS})
    outside = layer_in_process("slo", "generate", str(live))
    assert outside.returncode == 1 and "not beside a layer.yaml" in outside.stderr
    (live / "prod" / "slos.yaml").rename(live / "prod" / "monitoring" / "slos.yaml")
    (live / "prod" / "monitoring" / "_defaults.yaml").write_text("inputs:\n  name: y\n")
    foreign = layer_in_process("slo", "generate", str(live))
    assert foreign.returncode == 1 and "was not generated by `layer slo generate`" in foreign.stderr
    assert (live / "prod" / "monitoring" / "_defaults.yaml").read_text() == "inputs:\n  name: y\n"


def test_no_slos_is_an_error_and_a_missing_path_a_usage_error(make_tree: TreeMaker) -> None:
    live = make_tree({"prod/monitoring/layer.yaml": layer_yaml("../../../modules/m")})
    none = layer_in_process("slo", "generate", str(live))
    assert none.returncode == 1 and "no slos.yaml" in none.stderr
    missing = layer_in_process("slo", "generate", str(live / "nowhere"))
    assert missing.returncode == 64


# --- the repository's own SLOs ---------------------------------------------------------------------------


def test_the_committed_generated_slo_files_are_current() -> None:
    result = layer("slo", "generate", "live", "--check", cwd=ROOT)
    assert result.returncode == 0, result.stderr


def test_platform_slos_cover_atlantis_shared_albs_rds_and_the_state_backend() -> None:
    sources = find_slo_files([ROOT / "live" / "prod"])
    names = {slo.name for path in sources for slo in load_slo_file(path).slos}
    assert {"atlantis-availability", "shared-alb-5xx", "rds-availability", "state-backend-access"} <= names


def test_alert_severities_route_to_alert_topics_of_their_layer() -> None:
    """The alert manager routes by severity to the topic of that name: each generated alert's severity
    must be an alert topic of the layer that receives the rules."""
    for path in find_slo_files([ROOT / "live"]):
        tree = load_tree(path.parent)
        monitoring = next(lay for lay in tree.layers.values() if lay.dir == path.parent)
        topics = set(monitoring.inputs.get("alert_topics", {"critical": {}, "warning": {}}))
        for group in rule_groups(load_slo_file(path)):
            for rule in group["rules"]:
                if "alert" in rule:
                    assert rule["labels"]["severity"] in topics, f"{path}: {rule['alert']} goes to no topic"


def test_generated_files_do_not_depend_on_where_the_tree_is_or_the_cwd(slo_tree: Path, tmp_path: Path) -> None:
    repo = slo_tree.parent.parent.parent
    assert layer_in_process("slo", "generate", str(repo / "live")).returncode == 0
    moved = tmp_path / "elsewhere" / "clone"
    shutil.copytree(repo, moved)
    result = layer("slo", "generate", str(moved / "live"), "--check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (
        "# Generated by `layer slo generate` from live/prod/monitoring/slos.yaml"
        in (moved / "live" / "prod" / "monitoring" / "slo-rules.yaml").read_text()
    )
