"""A bad environment value stops start-up with a message naming the variable."""

import os
import subprocess
import sys

import pytest

from bipin.env import ConfigError, env_int, postgres_from_env


def start(**env):
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("BIPIN_", "DATABASE_URL"))}
    environ.pop("SECRET_KEY", None)
    environ.update(env)
    return subprocess.run([sys.executable, "-c", "import bipin.settings"], env=environ,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(("env", "expected"), [
    ({"BIPIN_DB": "mysql"}, "环境变量 BIPIN_DB:应为 sqlite / postgres 之一,实际为“mysql”"),
    ({"DEBUG": "sometimes"}, "environment variable DEBUG: must be true or false, got 'sometimes'"),
    ({"BIPIN_MODE": "production"}, "environment variable SECRET_KEY: is required when BIPIN_MODE=production"),
    ({"BIPIN_MODE": "production", "SECRET_KEY": "x" * 50}, "environment variable ALLOWED_HOSTS"),
    ({"BIPIN_DB": "postgres", "DATABASE_URL": "mysql://db/x"}, "environment variable DATABASE_URL: must look like"),
    ({"BIPIN_SQLITE_TIMEOUT": "0"}, "environment variable BIPIN_SQLITE_TIMEOUT: must be at least 1"),
    ({"BIPIN_MODE": "production", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "b.example.org", "DEBUG": "true"},
     "environment variable DEBUG: must not be true when BIPIN_MODE=production"),
    ({"BIPIN_HSTS_SECONDS": "a year"}, "environment variable BIPIN_HSTS_SECONDS: must be a whole number"),
])
def test_a_bad_value_stops_start_up_naming_the_variable(env, expected):
    result = start(**env)
    assert result.returncode != 0
    assert expected in result.stderr


def test_good_values_start(tmp_path):
    result = start(BIPIN_MODE="production", SECRET_KEY="k" * 50, ALLOWED_HOSTS="bipin.example.org",
                   BIPIN_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr


def test_bipin_serve_prints_the_message_instead_of_a_traceback():
    result = subprocess.run([sys.executable, "-m", "bipin", "serve", "--no-migrate"],
                            env={**os.environ, "BIPIN_DB": "oracle"}, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2
    assert "BIPIN_DB" in result.stderr and "Traceback" not in result.stderr


def test_postgres_settings_come_from_bipin_db_variables():
    cfg = postgres_from_env({"BIPIN_DB_HOST": "db", "BIPIN_DB_PORT": "6543", "BIPIN_DB_NAME": "bp"})
    assert (cfg["HOST"], cfg["PORT"], cfg["NAME"], cfg["USER"]) == ("db", 6543, "bp", "postgres")


def test_a_port_that_is_not_a_number_is_named():
    with pytest.raises(ConfigError, match="BIPIN_DB_PORT"):
        env_int("BIPIN_DB_PORT", 5432, {"BIPIN_DB_PORT": "five"})


def test_env_example_lists_every_variable_bipin_reads():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    source = "\n".join(p.read_text() for p in (root / "bipin").rglob("*.py") if "tests" not in p.parts)
    read = set(re.findall(r'env_\w+\(\s*"([A-Z][A-Z0-9_]+)"', source))
    read |= set(re.findall(r'environ\.get\(\s*"((?:BIPIN|DATABASE)_[A-Z0-9_]+)"', source))
    listed = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", (root / ".env.example").read_text(), re.M))
    assert read - listed == set()


@pytest.mark.parametrize(("env", "expected"), [
    ({"BIPIN_PORT": "http"}, "environment variable BIPIN_PORT: must be a whole number, got 'http'"),
    ({"BIPIN_WORKERS": "0"}, "environment variable BIPIN_WORKERS: must be at least 1"),
    ({"BIPIN_THREADS": "-2"}, "environment variable BIPIN_THREADS: must be at least 1"),
])
def test_bipin_serve_names_a_bad_port_workers_or_threads_variable(env, expected):
    result = subprocess.run([sys.executable, "-m", "bipin", "serve", "--no-migrate"],
                            env={**os.environ, **env}, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert expected in result.stderr and "Traceback" not in result.stderr


def test_a_bad_serve_variable_does_not_stop_other_commands():
    result = subprocess.run([sys.executable, "-m", "bipin", "--help"],
                            env={**os.environ, "BIPIN_PORT": "http"}, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_a_workers_option_below_one_is_refused_by_name():
    result = subprocess.run([sys.executable, "-m", "bipin", "serve", "--workers", "0"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "--workers" in result.stderr and "must be at least 1" in result.stderr
