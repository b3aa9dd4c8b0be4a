"""The platform against real services: PostgreSQL, Redis (cache and broker), a Celery worker."""

import re

import pytest
import redis
from django.db import connection
from django.urls import reverse

pytestmark = pytest.mark.services


@pytest.mark.django_db
def test_healthz_checks_the_real_database_cache_and_broker(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    response = client.get(reverse("healthz"))
    assert response.status_code == 200, response.content
    checks = response.json()["checks"]
    assert checks["database"]["backend"] == "postgresql"
    assert checks["cache"]["backend"] == "RedisCache"
    assert checks["broker"]["backend"] == "redis"
    assert connection.vendor == "postgresql"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_redis_cache_is_unreachable(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["ok"] is False


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_signup_mail_is_sent_by_the_real_worker(client, celery_worker):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "worker@example.org",
            "password1": "Tashkent-digital-2026",
            "password2": "Tashkent-digital-2026",
            "full_name": "Dilnoza Karimova",
            "country": "UZ",
            "preferred_language": "en",
            "time_zone": "Asia/Tashkent",
        },
    )
    assert response.status_code == 302
    messages = celery_worker.wait_for(celery_worker.mail, what="the verification e-mail")
    assert "worker@example.org" in messages[0]
    assert re.search(r"/accounts/confirm-email/\S+/", messages[0])


@pytest.mark.django_db
def test_allauth_rate_limits_use_the_shared_redis_cache(client, learner, settings):
    for _ in range(6):
        client.post(reverse("account_login"), {"login": learner.email, "password": "wrong-pass-1"})

    keys = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"]).keys("*allauth*")
    assert keys, "allauth's counters should live in Redis"
    response = client.post(
        reverse("account_login"), {"login": learner.email, "password": "wrong-pass-1"}
    )
    assert "Too many failed login attempts" in response.content.decode()
