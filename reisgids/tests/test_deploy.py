"""The production set-up: docker-compose.yml validates, the image's build steps work (its
collectstatic into the production storage: ``reisgids/tests/test_media.py``, whose gunicorn then
serves the collected files).

The compose file is checked with the ``docker-compose`` validator (Debian: ``apt-get install
docker-compose``; .ci/run installs it). Without it this test fails: it must run in CI."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = {"web", "worker", "beat", "postgres", "redis"}


def compose_command():
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    if (
        shutil.which("docker")
        and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0
    ):
        return ["docker", "compose"]
    pytest.fail("No compose validator: install it with `apt-get install docker-compose` (see .ci/run).")


def compose_config(tmp_path, env_text):
    """Run ``compose config`` on a copy of the repository's compose file with ``env_text`` as .env."""
    for name in ("docker-compose.yml", "Dockerfile"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / ".env").write_text(env_text)
    return subprocess.run(
        [
            *compose_command(),
            "--project-directory",
            str(tmp_path),
            "-f",
            str(tmp_path / "docker-compose.yml"),
            "config",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/local/bin:/usr/bin:/bin"},
    )


def services_with_healthcheck(config_yaml):
    """From compose's normalised output: {service: has a healthcheck}."""
    services, current, inside = {}, None, False
    for line in config_yaml.splitlines():
        if not line.startswith(" "):
            inside = line.rstrip() == "services:"
            continue
        if inside and line.startswith("  ") and not line.startswith("   "):
            current = line.strip().rstrip(":")
            services[current] = False
        elif inside and current and line.startswith("    healthcheck:"):
            services[current] = True
    return services


def test_docker_compose_file_is_valid_with_the_example_env(tmp_path):
    result = compose_config(tmp_path, (ROOT / ".env.example").read_text())
    assert result.returncode == 0, result.stderr
    services = services_with_healthcheck(result.stdout)
    assert set(services) == SERVICES
    assert all(services.values()), services
    assert "migrate --noinput" in result.stdout  # the web service migrates on start
    assert "manage.py seed_english" in result.stdout  # and ships the English pages (issue 16)
    assert "gunicorn reisgids.wsgi:application" in result.stdout


def test_docker_compose_refuses_to_start_without_a_database_password(tmp_path):
    env_text = "".join(
        line + "\n"
        for line in (ROOT / ".env.example").read_text().splitlines()
        if not line.startswith("POSTGRES_PASSWORD=")
    )
    result = compose_config(tmp_path, env_text)
    assert result.returncode != 0
    assert "POSTGRES_PASSWORD" in result.stderr


def test_dockerfile_copies_only_files_that_exist_and_runs_as_a_non_root_user():
    dockerfile = (ROOT / "Dockerfile").read_text().splitlines()
    assert dockerfile[[line.startswith("FROM") for line in dockerfile].index(True)] == (
        "FROM python:3.11-slim-bookworm"
    )
    for line in dockerfile:
        if line.startswith("COPY ") and not line.startswith("COPY . "):
            for name in line.split()[1:-1]:
                assert (ROOT / name).exists(), name
    assert "USER reisgids" in dockerfile
