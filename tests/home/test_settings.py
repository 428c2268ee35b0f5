"""Configuration comes from the environment; production refuses what is unsafe."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

PROJECT = Path(__file__).resolve().parents[2]
GOOD_SECRET = "k3Jx9-vQ2mZ8rT5wY1nB6hL0pF4sD7gA_cE3uI8oK2jH5xN9qW"


def run_manage(*args, env):
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_tests_run_on_postgresql_from_database_url():
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert os.environ["DATABASE_URL"].startswith("postgres://")


def test_unset_database_url_means_sqlite_in_the_project_folder():
    code = "from necsociety.settings.base import DATABASES as d; print(d['default']['ENGINE'], d['default']['NAME'])"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True, check=True)
    engine, name = out.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert Path(name) == PROJECT / "db.sqlite3"


def test_allowed_hosts_debug_and_stripe_keys_come_from_the_environment():
    code = (
        "from necsociety.settings import base as s; "
        "print(s.ALLOWED_HOSTS, s.DEBUG, s.STRIPE_SECRET_KEY, s.STRIPE_API_BASE)"
    )
    env = {
        **os.environ,
        "ALLOWED_HOSTS": "necsociety.org, www.necsociety.org",
        "DEBUG": "true",
        "STRIPE_SECRET_KEY": "sk_test_abc",
        "STRIPE_API_BASE": "http://127.0.0.1:8420",
    }
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['necsociety.org', 'www.necsociety.org'] True sk_test_abc http://127.0.0.1:8420"


def test_a_misspelt_debug_value_is_refused_with_a_clear_message():
    code = "import necsociety.settings.base"
    env = {**os.environ, "DEBUG": "maybe"}
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True)
    assert out.returncode != 0
    assert "DEBUG must be true or false" in out.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "necsociety.org"}, "SECRET_KEY must be set"),
        ({"ALLOWED_HOSTS": "necsociety.org", "SECRET_KEY": "short"}, "SECRET_KEY must be set"),
        ({"ALLOWED_HOSTS": "necsociety.org", "SECRET_KEY": GOOD_SECRET, "DEBUG": "true"}, "DEBUG must be off"),
        ({"ALLOWED_HOSTS": "*", "SECRET_KEY": GOOD_SECRET}, "ALLOWED_HOSTS must list"),
        ({"ALLOWED_HOSTS": "necsociety.org", "SECRET_KEY": GOOD_SECRET}, "SITE_URL must be"),
        (
            {"ALLOWED_HOSTS": "necsociety.org", "SECRET_KEY": GOOD_SECRET, "SITE_URL": "http://localhost"},
            "SITE_URL must be",
        ),
    ],
)
def test_production_settings_refuse_unsafe_configuration(env, message):
    result = run_manage("check", env={"DJANGO_SETTINGS_MODULE": "necsociety.settings.production", **env})
    assert result.returncode != 0
    assert message in result.stderr


def test_production_settings_pass_the_deploy_check_with_a_host_and_a_secret():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DJANGO_SETTINGS_MODULE": "necsociety.settings.production",
            "ALLOWED_HOSTS": "necsociety.org",
            "SECRET_KEY": GOOD_SECRET,
            "SITE_URL": "https://necsociety.org",
        },
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
