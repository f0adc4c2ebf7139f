"""The production settings refuse development keys and pass Django's deployment checks."""

import base64
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(extra_env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOANHAP_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update({"DJANGO_SETTINGS_MODULE": "hoanhap.settings.production", **extra_env})
    return subprocess.run(  # noqa: S603 - fixed arguments, our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _key(byte: bytes) -> str:
    return base64.urlsafe_b64encode(byte * 32).decode()


def test_production_refuses_to_start_with_development_keys():
    result = _run({}, "check")
    assert result.returncode != 0
    assert "HOANHAP_SECRET_KEY" in result.stderr


def test_production_refuses_the_development_field_key():
    result = _run({"HOANHAP_SECRET_KEY": "x" * 64}, "check")
    assert result.returncode != 0
    assert "HOANHAP_FIELD_KEYS" in result.stderr


def test_check_deploy_passes_with_real_keys():
    result = _run(
        {
            "HOANHAP_SECRET_KEY": "k" * 20 + "Zq8!vR2#pL5@wX9$mN4%" + "t" * 24,
            "HOANHAP_FIELD_KEYS": f"p1:{_key(b'a')}",
            "HOANHAP_BLIND_INDEX_KEY": _key(b"b"),
            "HOANHAP_ALLOWED_HOSTS": "hoanhap.example.gov.vn",
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stderr
