"""Production settings pass Django's deployment checks with a real-looking environment."""

import os
import subprocess
import sys
from pathlib import Path

from learning.checks import check_shared_cache, shared_cache_errors

ROOT = Path(__file__).resolve().parents[2]


def test_production_settings_pass_check_deploy():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "learning.settings.production",
        "SECRET_KEY": "k3-" + "x7Q!pz" * 10,
        "ALLOWED_HOSTS": "socle.example.org",
        "DATABASE_URL": "postgres://socle@127.0.0.1:5432/socle",
        "CACHE_URL": "redis://127.0.0.1:6379/1",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/2",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE"}}
    env.update({"DJANGO_SETTINGS_MODULE": "learning.settings.production", "ALLOWED_HOSTS": "x"})
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def _production_check(**extra) -> subprocess.CompletedProcess:
    drop = {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "CACHE_URL", "REDIS_URL"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "learning.settings.production",
            "SECRET_KEY": "k3-" + "x7Q!pz" * 10,
            "ALLOWED_HOSTS": "socle.example.org",
            "DATABASE_URL": "postgres://socle@127.0.0.1:5432/socle",
            **extra,
        }
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_shared_cache():
    result = _production_check()
    assert result.returncode != 0
    assert "socle.E001" in result.stderr
    assert "CACHE_URL" in result.stderr


def test_production_refuses_a_local_memory_cache_url():
    result = _production_check(CACHE_URL="locmemcache://")
    assert result.returncode != 0
    assert "socle.E001" in result.stderr


def test_production_accepts_redis_by_either_name():
    for name in ("CACHE_URL", "REDIS_URL"):
        result = _production_check(**{name: "redis://127.0.0.1:6379/1"})
        assert result.returncode == 0, result.stdout + result.stderr
        assert "socle.E001" not in result.stderr


def test_the_shared_cache_check_names_each_unshared_backend():
    def errors(backend, url):
        return [
            e.id
            for e in shared_cache_errors(caches={"default": {"BACKEND": backend}}, cache_url=url)
        ]

    locmem = "django.core.cache.backends.locmem.LocMemCache"
    files = "django.core.cache.backends.filebased.FileBasedCache"
    redis = "django_redis.cache.RedisCache"
    assert errors(locmem, None) == ["socle.E001"]
    assert errors(locmem, "locmemcache://") == ["socle.E001"]
    assert errors(files, "filecache:///var/tmp/x") == ["socle.E001"]
    assert errors(redis, None) == ["socle.E001"]
    assert errors(redis, "redis://127.0.0.1:6379/1") == []


def test_development_and_tests_keep_their_local_cache(settings):
    assert settings.SOCLE_REQUIRE_SHARED_CACHE is False
    assert check_shared_cache() == []
