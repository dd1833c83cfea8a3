"""modules/security's remediation function: the committed zip is the build of its source, and the
handler's pure parts (settings, event parsing, which ingress reaches an admin port) behave.

The handler against the emulator (fixes, allowlist, dry-run, records): tests/integration/test_remediation.py."""

from __future__ import annotations

import importlib.util
import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from types import ModuleType

from tests.conftest import ROOT

FUNCTIONS = ROOT / "modules/security/functions"
SOURCE = FUNCTIONS / "remediate/src"
ZIP = FUNCTIONS / "dist/remediate.zip"


def load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


build = load(FUNCTIONS / "build.py", "security_functions_build")
handler = load(SOURCE / "handler.py", "security_remediate_handler_unit")


def test_committed_zip_is_the_build_of_the_source() -> None:
    data = build.lambda_zip.zip_bytes(SOURCE, build.FUNCTIONS.deflate)
    assert ZIP.read_bytes() == data, "run: python3 modules/security/functions/build.py"
    names = zipfile.ZipFile(io.BytesIO(ZIP.read_bytes())).namelist()
    assert names == ["handler.py"]


def test_check_mode_fails_on_a_stale_zip(tmp_path: Path) -> None:
    copy = tmp_path / "modules/security/functions"  # the module's build.py finds modules/_build beside it
    (copy / "remediate/src").mkdir(parents=True)
    (copy / "remediate/src/handler.py").write_text("def handler(event, context):\n    return {}\n")
    (copy / "build.py").write_bytes((FUNCTIONS / "build.py").read_bytes())
    shutil.copytree(ROOT / "modules/_build", tmp_path / "modules/_build")
    (copy / "dist").mkdir()
    (copy / "dist/remediate.zip").write_bytes(ZIP.read_bytes())
    stale = subprocess.run([sys.executable, str(copy / "build.py"), "--check"], capture_output=True, text=True)
    assert stale.returncode == 1 and "out of date" in stale.stdout
    subprocess.run([sys.executable, str(copy / "build.py")], check=True, capture_output=True)
    fresh = subprocess.run([sys.executable, str(copy / "build.py"), "--check"], capture_output=True, text=True)
    assert fresh.returncode == 0, fresh.stdout


def test_an_unknown_mode_never_enforces() -> None:
    for mode in ("", "Enforce", "enforce ", "yes"):
        assert handler.settings_from_env({"REMEDIATION_MODE": mode}).enforce is False
    assert handler.settings_from_env({"REMEDIATION_MODE": "enforce"}).enforce is True


def test_which_ingress_reaches_an_admin_port() -> None:
    ports = (22, 3389)
    assert handler.reaches_admin_port({"IpProtocol": "tcp", "FromPort": 0, "ToPort": 1024}, ports)
    assert handler.reaches_admin_port({"IpProtocol": "-1"}, ports)
    assert not handler.reaches_admin_port({"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443}, ports)
    assert not handler.reaches_admin_port({"IpProtocol": "udp", "FromPort": 22, "ToPort": 22}, ports)


def test_only_the_world_open_part_of_a_permission_is_revoked() -> None:
    permission = {
        "IpProtocol": "tcp",
        "FromPort": 22,
        "ToPort": 22,
        "IpRanges": [{"CidrIp": "10.0.0.0/8"}, {"CidrIp": "0.0.0.0/0", "Description": "x"}],
        "Ipv6Ranges": [{"CidrIpv6": "2001:db8::/32"}],
    }
    assert handler.world_open_part(permission) == {
        "IpProtocol": "tcp",
        "FromPort": 22,
        "ToPort": 22,
        "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
    }
    assert handler.world_open_part({"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": []}) is None


def test_security_hub_resources_name_buckets_and_groups() -> None:
    bucket = {"Type": "AwsS3Bucket", "Id": "arn:aws:s3:::my-bucket"}
    group = {"Type": "AwsEc2SecurityGroup", "Id": "arn:aws:ec2:ap-northeast-2:111122223333:security-group/sg-0abc"}
    assert handler.resource_id_of(bucket) == "my-bucket"
    assert handler.resource_id_of(group) == "sg-0abc"
    assert handler.resource_id_of({"Type": "AwsIamRole", "Id": "arn:aws:iam::111122223333:role/x"}) == ""


def test_config_events_of_another_resource_type_are_ignored() -> None:
    settings = handler.settings_from_env({"RULE_ACTIONS": '{"p-restricted-ssh": "sg-close-world-admin-ports"}'})
    detail = {
        "configRuleName": "p-restricted-ssh",
        "resourceId": "my-bucket",
        "resourceType": "AWS::S3::Bucket",
        "newEvaluationResult": {"complianceType": "NON_COMPLIANT"},
    }
    event = {"detail-type": "Config Rules Compliance Change", "detail": detail}
    assert handler.targets_of(event, settings) == []
    detail["resourceType"] = "AWS::EC2::SecurityGroup"
    assert [t.action for t in handler.targets_of(event, settings)] == ["sg-close-world-admin-ports"]
