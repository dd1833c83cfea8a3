"""promtool over every Prometheus rule the platform ships (IN-155): `promtool check rules` on the generated SLO
rules and on every layer's prometheus_rule_groups, `promtool test rules` on tests/promtool/ (each SLO alert
fires and resolves). promtool comes with Debian's `prometheus` package; `make rules-test` installs it when
missing, so `make test` always runs these checks."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.unit.rule_files import generated_rule_files, layer_rule_groups

PROMTOOL = shutil.which("promtool")
needs_promtool = pytest.mark.skipif(
    PROMTOOL is None,
    reason="promtool is not installed (Debian: apt-get install prometheus); `make rules-test` installs it, runs these",
)


def promtool(*args: str) -> subprocess.CompletedProcess[str]:
    assert PROMTOOL is not None
    return subprocess.run([PROMTOOL, *args], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)


def test_the_tree_has_rules_to_check() -> None:
    """Without this the checks below could pass on nothing."""
    assert generated_rule_files(), "no slo-rules.yaml under live/"
    assert any(key.startswith("prod/") for key in layer_rule_groups()), "prod's monitoring layer gets no rule groups"


@needs_promtool
def test_generated_rule_files_pass_promtool_check() -> None:
    result = promtool("check", "rules", *generated_rule_files())
    assert result.returncode == 0, result.stdout + result.stderr


@needs_promtool
def test_every_layers_rule_groups_pass_promtool_check(tmp_path: Path) -> None:
    files = []
    for key, text in sorted(layer_rule_groups().items()):
        path = tmp_path / (key.replace("/", "_").replace(":", "__") + ".yaml")
        path.write_text(text)
        files.append(str(path))
    result = promtool("check", "rules", *files)
    assert result.returncode == 0, result.stdout + result.stderr


@needs_promtool
def test_promtool_unit_tests_show_each_alert_firing_and_resolving() -> None:
    tests = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests" / "promtool").glob("*.test.yaml"))
    assert tests
    result = promtool("test", "rules", *tests)
    assert result.returncode == 0, result.stdout + result.stderr


@needs_promtool
def test_promtool_check_catches_a_broken_rule(tmp_path: Path) -> None:
    """The check is real: a rule with a PromQL syntax error fails it."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("groups:\n  - name: x\n    rules:\n      - alert: X\n        expr: sum(rate(x[5m])\n")
    assert promtool("check", "rules", str(bad)).returncode != 0


@needs_promtool
def test_every_slo_alert_has_a_promtool_test() -> None:
    """A new SLO needs its own firing and resolving cases in tests/promtool/."""
    import yaml

    alerts = {
        rule["alert"]
        for path in generated_rule_files()
        if "/prod/" in path
        for group in yaml.safe_load((ROOT / path).read_text())["groups"]
        for rule in group["rules"]
        if "alert" in rule
    }
    tested: dict[str, set[bool]] = {}
    for path in (ROOT / "tests" / "promtool").glob("*.test.yaml"):
        for test in yaml.safe_load(path.read_text())["tests"]:
            for case in test.get("alert_rule_test", []):
                tested.setdefault(case["alertname"], set()).add(bool(case["exp_alerts"]))
    for alert in sorted(alerts):
        assert tested.get(alert) == {True, False}, f"{alert}: tests/promtool/ must show it firing and resolved"
