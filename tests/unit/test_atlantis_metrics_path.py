"""The path the ADOT collector scrapes (modules/atlantis) is the one Atlantis serves its Prometheus metrics on.

Atlantis serves them at metrics.prometheus.endpoint of its server-side repo config (atlantis/repos.yaml, baked
into the image); the module scrapes localhost:4141 at local.metrics_path and hides that path at the load
balancer. If the two drift apart the collector scrapes a 404 and AMP receives nothing, which no plan shows.
"""

from __future__ import annotations

import re

import yaml

from tests.conftest import ROOT

MODULE_MAIN = ROOT / "modules" / "atlantis" / "main.tf"
REPOS_YAML = ROOT / "atlantis" / "repos.yaml"


def module_metrics_path() -> str:
    found = re.search(r'^\s*metrics_path\s*=\s*"([^"]+)"', MODULE_MAIN.read_text(), re.MULTILINE)
    assert found, f"{MODULE_MAIN}: local metrics_path not found; update this test"
    return found.group(1)


def repos_yaml_metrics_endpoint() -> str:
    config = yaml.safe_load(REPOS_YAML.read_text())
    endpoint = config["metrics"]["prometheus"]["endpoint"]
    assert isinstance(endpoint, str)
    return endpoint


def test_collector_scrapes_the_path_atlantis_serves_its_metrics_on() -> None:
    assert module_metrics_path() == repos_yaml_metrics_endpoint()


def test_collector_scrapes_the_port_atlantis_listens_on() -> None:
    main = MODULE_MAIN.read_text()
    port = re.search(r"^\s*container_port\s*=\s*(\d+)", main, re.MULTILINE)
    assert port, f"{MODULE_MAIN}: local container_port not found; update this test"
    assert re.search(r"^\s*scrape_port\s*=\s*local\.container_port\s*$", main, re.MULTILINE)
    assert re.search(r"^\s*ATLANTIS_PORT\s*=\s*tostring\(local\.container_port\)\s*$", main, re.MULTILINE)
