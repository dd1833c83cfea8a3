"""The SLO queries select series the exporters of their environment produce (ADR 0025, ADR 0029).

Every `slos.yaml` under live/ is a set of PromQL ratios over the AMP workspace. Its series come from the
environment's metrics-exporters layer (modules/metrics-exporters): YACE names CloudWatch metrics
aws_<namespace>_<metric>_<statistic> with dimension_<Name> labels, built from the layer's
cloudwatch_exporter.discovery_jobs; the PostgreSQL exporters' series (pg_*) carry dbinstance=<key of
postgres_exporters>. A query that names a metric, dimension or dbinstance nobody produces is an SLO with no
data, which no plan and no promtool test shows: this test reads both sides and fails on the difference.
"""

from __future__ import annotations

import copy
import itertools
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from layer.config.loader import load_tree
from layer.config.model import Layer
from tests.conftest import ROOT

LIVE = ROOT / "live"
EXPORTERS_MODULE = "modules/metrics-exporters"
SLO_FILES = sorted(LIVE.glob("*/**/slos.yaml"))

# YACE's labels beside the dimensions (pkg/promutil/migrate.go: name, and the scrape context).
YACE_CONTEXT_LABELS = frozenset({"name", "region", "account_id", "account_alias"})
# What the ADOT sidecar of modules/ecs-service adds to every scraped series.
ADOT_LABELS = frozenset({"service", "cluster", "job", "instance"})
PROMQL_KEYWORDS = frozenset({"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset"})
PROMQL_OPERATORS = frozenset({"and", "or", "unless", "atan2"})
AGGREGATIONS = frozenset(
    {"sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile"}
    | {"limitk", "limit_ratio"}
)
GROUPING_KEYWORDS = frozenset({"by", "without", "on", "ignoring", "group_left", "group_right"})
MATCHER = re.compile(r'([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"')
SIMPLE_ALTERNATION = re.compile(r"\(([A-Za-z0-9_|]+)\)")
REGEX_METACHARACTERS = re.compile(r"[.*+?\[\]{}()|^$\\]")


# --- YACE's metric names (pkg/promutil: PromString, BuildMetricName, sanitize) ------------------------------


def prom_string(text: str) -> str:
    """YACE's PromString: separators become _, an upper-case letter after a lower-case one or a digit starts a
    new word, everything lower-case."""
    out: list[str] = []
    previous = ""
    for char in text:
        if char in " ,\t/\\.-:=@<>()“":
            out.append("_")
        elif char == "%":
            out.append("_percent")
        else:
            if char.isupper() and (previous.islower() or previous.isdigit()):
                out.append("_")
            out.append(char.lower())
        previous = char
    return "".join(out)


def build_metric_name(namespace: str, metric: str, statistic: str) -> str:
    """YACE's BuildMetricName: aws_<namespace>_<metric>_<statistic>, the metric without a repeated namespace part."""
    prom_namespace = prom_string(namespace.lower()).removeprefix("_")
    prefix = "" if prom_namespace.startswith("aws") else "aws_"
    prom_metric = prom_string(metric)
    for part in prom_namespace.split("_"):
        prom_metric = prom_metric.removeprefix(part)
    prom_metric = prom_metric.removeprefix("_")
    name = f"{prefix}{prom_namespace}_{prom_metric}"
    return f"{name}_{prom_string(statistic)}" if statistic else name


def dimension_label(dimension: str) -> str:
    """YACE's label for a dimension (labels in camel case, the default: sanitize)."""
    return "dimension_" + re.sub(r"[ ,\t/\\.\-:=@<>()]", "_", dimension)


# --- what the exporters of a layer produce ----------------------------------------------------------------


@dataclass
class Produced:
    """Series names an environment's exporters write, with the labels each carries."""

    labels: dict[str, frozenset[str]] = field(default_factory=dict)
    dbinstances: frozenset[str] = frozenset()


def produced_series(inputs: dict[str, Any]) -> Produced:
    produced = Produced()
    cloudwatch = inputs.get("cloudwatch_exporter") or {}
    for job in (cloudwatch.get("discovery_jobs") or {}).values():
        dimensions = frozenset(dimension_label(d) for d in job.get("dimension_name_requirements") or [])
        for metric, statistics in (job.get("metrics") or {}).items():
            for statistic in statistics:
                name = build_metric_name(str(job["type"]), str(metric), str(statistic))
                produced.labels[name] = produced.labels.get(name, frozenset()) | dimensions | YACE_CONTEXT_LABELS
    produced.dbinstances = frozenset(str(key) for key in inputs.get("postgres_exporters") or {})
    return produced


# --- what a query selects -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Selector:
    """One vector selector: its metric name (or __name__ regex) and its label matchers."""

    name: str | None
    name_regex: str | None
    matchers: tuple[tuple[str, str, str], ...]


def skip_bracketed(query: str, start: int, opening: str, closing: str) -> int:
    """The index after the bracket that closes the one at start (strings inside are skipped)."""
    depth = 0
    index = start
    while index < len(query):
        char = query[index]
        if char == '"':
            index = query.index('"', index + 1) + 1
            continue
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    raise AssertionError(f"unbalanced {opening} in query: {query}")


def selector_from(name: str | None, matcher_text: str) -> Selector:
    matchers = tuple((label, op, value) for label, op, value in MATCHER.findall(matcher_text))
    name_regex = next((value for label, op, value in matchers if label == "__name__" and op == "=~"), None)
    exact_name = next((value for label, op, value in matchers if label == "__name__" and op == "="), None)
    rest = tuple(m for m in matchers if m[0] != "__name__")
    return Selector(name=name or exact_name, name_regex=name_regex, matchers=rest)


def selectors(query: str) -> list[Selector]:
    """The vector selectors of a PromQL expression: identifiers that are not functions, keywords, operators,
    durations or grouping labels, with their {matchers}; and {__name__=~"..."} selectors without a name."""
    text = query.replace("{{window}}", "30d")
    found: list[Selector] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == '"':
            index = text.index('"', index + 1) + 1
        elif char == "[":
            index = skip_bracketed(text, index, "[", "]")
        elif char == "{":
            end = skip_bracketed(text, index, "{", "}")
            found.append(selector_from(None, text[index + 1 : end - 1]))
            index = end
        elif char.isalpha() or char in "_:":
            match = re.match(r"[A-Za-z_:][A-Za-z0-9_:]*", text[index:])
            assert match is not None
            word = match.group(0)
            index += len(word)
            after = text[index:].lstrip()
            if word in GROUPING_KEYWORDS and after.startswith("("):
                index = skip_bracketed(text, text.index("(", index), "(", ")")
            elif word in PROMQL_KEYWORDS | PROMQL_OPERATORS | AGGREGATIONS or after.startswith("("):
                continue
            elif after.startswith("{"):
                start = text.index("{", index)
                end = skip_bracketed(text, start, "{", "}")
                found.append(selector_from(word, text[start + 1 : end - 1]))
                index = end
            else:
                found.append(Selector(name=word, name_regex=None, matchers=()))
        else:
            index += 1
    return found


def literal_alternatives(name_regex: str) -> list[str] | None:
    """The names a __name__ regex spells out when it only has simple groups (a|b); None for anything else."""
    groups = SIMPLE_ALTERNATION.findall(name_regex)
    fixed_parts = SIMPLE_ALTERNATION.split(name_regex)[::2]
    if any(REGEX_METACHARACTERS.search(part) for part in fixed_parts):
        return None
    return [
        "".join(part + choice for part, choice in zip(fixed_parts, (*choices, ""), strict=True))
        for choices in itertools.product(*(g.split("|") for g in groups))
    ]


# --- the check ---------------------------------------------------------------------------------------------


def names_selected(selector: Selector, produced: Produced) -> tuple[list[str], list[str]]:
    """The produced series names a selector reads, and problems: names it needs that nobody produces."""
    if selector.name is not None:
        wanted = [selector.name]
    elif selector.name_regex is not None:
        alternatives = literal_alternatives(selector.name_regex)
        if alternatives is None:
            matching = [n for n in produced.labels if re.fullmatch(selector.name_regex, n)]
            return matching, [] if matching else [f"no exporter produces a series matching {selector.name_regex!r}"]
        wanted = alternatives
    else:
        return [], ["a selector without a metric name"]
    missing = [n for n in wanted if n not in produced.labels and not n.startswith("pg_")]
    return wanted, [f"no exporter produces {n}" for n in missing]


def selector_problems(selector: Selector, produced: Produced) -> list[str]:
    names, problems = names_selected(selector, produced)
    for name in names:
        if name.startswith("pg_"):
            problems += postgres_label_problems(name, selector, produced)
        elif name in produced.labels:
            for label, _, _ in selector.matchers:
                if label not in produced.labels[name] and label not in ADOT_LABELS:
                    problems.append(
                        f"{name} has no label {label}: add its dimension to the job's dimension_name_requirements"
                    )
    return problems


def postgres_label_problems(name: str, selector: Selector, produced: Produced) -> list[str]:
    if not produced.dbinstances:
        return [f"{name}: no postgres_exporters in the layer"]
    problems = []
    for label, op, value in selector.matchers:
        if label == "dbinstance" and op == "=" and value not in produced.dbinstances:
            problems.append(f'{name}{{dbinstance="{value}"}}: postgres_exporters has no key {value!r}')
        elif label not in {"dbinstance"} | ADOT_LABELS:
            problems.append(f"{name}: the PostgreSQL exporter's series carry no label {label}")
    return problems


def slo_problems(slo_file: Path, inputs: dict[str, Any]) -> list[str]:
    produced = produced_series(inputs)
    document = yaml.safe_load(slo_file.read_text())
    problems = []
    for slo in document["slos"]:
        for query_key in ("error_query", "total_query"):
            for selector in selectors(str(slo["sli"][query_key])):
                problems += [f"{slo['name']}.{query_key}: {p}" for p in selector_problems(selector, produced)]
    return problems


@cache
def exporter_layers(environment: str) -> tuple[Layer, ...]:
    tree = load_tree(LIVE / environment)
    return tuple(
        layer
        for layer in tree.layers.values()
        if layer.enabled and EXPORTERS_MODULE in layer.module_source.replace("//", "/")
    )


def exporter_inputs(slo_file: Path) -> dict[str, Any]:
    environment = slo_file.relative_to(LIVE).parts[0]
    layers = exporter_layers(environment)
    assert len(layers) == 1, (
        f"{slo_file}: live/{environment} needs exactly one {EXPORTERS_MODULE} layer, has {len(layers)}"
    )
    inputs = layers[0].config["inputs"]
    assert isinstance(inputs, dict)
    return inputs


# --- tests -------------------------------------------------------------------------------------------------


def test_there_are_slos_to_check() -> None:
    assert SLO_FILES, "no slos.yaml under live/: this test would check nothing"


@pytest.mark.parametrize("slo_file", SLO_FILES, ids=lambda p: str(p.relative_to(LIVE)))
def test_every_slo_query_selects_series_the_exporters_produce(slo_file: Path) -> None:
    assert slo_problems(slo_file, exporter_inputs(slo_file)) == []


@pytest.mark.parametrize(
    ("namespace", "metric", "statistic", "expected"),
    [
        ("AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "Sum", "aws_applicationelb_httpcode_elb_5_xx_count_sum"),
        ("AWS/ApplicationELB", "RequestCount", "Sum", "aws_applicationelb_request_count_sum"),
        ("AWS/S3", "5xxErrors", "Sum", "aws_s3_5xx_errors_sum"),
        ("AWS/S3", "AllRequests", "Sum", "aws_s3_all_requests_sum"),
        # YACE 0.59's changelog: names no longer repeat a part of the namespace.
        ("AWS/ES", "ESReportingFailedRequestSysErrCount", "", "aws_es_reporting_failed_request_sys_err_count"),
        ("AWS/Kafka", "KafkaAppLogsDiskUsed", "", "aws_kafka_app_logs_disk_used"),
        ("AWS/RDS", "CPUUtilization", "p99", "aws_rds_cpuutilization_p99"),
    ],
)
def test_metric_names_follow_yace(namespace: str, metric: str, statistic: str, expected: str) -> None:
    assert build_metric_name(namespace, metric, statistic) == expected


def test_selectors_are_read_from_promql() -> None:
    query = (
        'sum by (le) (rate(http_requests_total{job="api", code=~"5.."}[5m])) / on(job) group_left '
        'sum(up) or vector(0) and {__name__=~"aws_x_(a|b)_sum", dimension_Y="z"}'
    )
    assert selectors(query) == [
        Selector("http_requests_total", None, (("job", "=", "api"), ("code", "=~", "5.."))),
        Selector("up", None, ()),
        Selector(None, "aws_x_(a|b)_sum", (("dimension_Y", "=", "z"),)),
    ]
    assert literal_alternatives("aws_x_(a|b)_(c|d)_sum") == [
        "aws_x_a_c_sum",
        "aws_x_a_d_sum",
        "aws_x_b_c_sum",
        "aws_x_b_d_sum",
    ]
    assert literal_alternatives("aws_x_.+_sum") is None


def prod_case() -> tuple[Path, dict[str, Any]]:
    slo_file = LIVE / "prod/ap-northeast-2/monitoring/slos.yaml"
    return slo_file, copy.deepcopy(exporter_inputs(slo_file))


def test_a_metric_the_exporters_drop_is_found() -> None:
    slo_file, inputs = prod_case()
    del inputs["cloudwatch_exporter"]["discovery_jobs"]["alb"]["metrics"]["HTTPCode_Target_5XX_Count"]
    problems = slo_problems(slo_file, inputs)
    assert problems and all("aws_applicationelb_httpcode_target_5_xx_count_sum" in p for p in problems)


def test_a_dimension_the_exporters_do_not_guarantee_is_found() -> None:
    slo_file, inputs = prod_case()
    inputs["cloudwatch_exporter"]["discovery_jobs"]["state-bucket"]["dimension_name_requirements"] = []
    problems = slo_problems(slo_file, inputs)
    assert problems and all("dimension_BucketName" in p for p in problems)


def test_a_statistic_other_than_the_queries_is_found() -> None:
    slo_file, inputs = prod_case()
    inputs["cloudwatch_exporter"]["discovery_jobs"]["alb"]["metrics"]["RequestCount"] = ["Average"]
    assert any("aws_applicationelb_request_count_sum" in p for p in slo_problems(slo_file, inputs))


def test_a_dbinstance_label_no_exporter_carries_is_found() -> None:
    slo_file, inputs = prod_case()
    inputs["postgres_exporters"] = {"connectly-prod-other": inputs["postgres_exporters"]["connectly-prod-shared"]}
    problems = slo_problems(slo_file, inputs)
    assert problems and all('dbinstance="connectly-prod-shared"' in p for p in problems)
