"""Scheduled publishing happens: Celery beat runs Wagtail's publish_scheduled."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from wagtail.models import Revision

from courses.models import CoursePage
from learning.tasks import publish_scheduled
from tests.factories import courses as cf

pytestmark = pytest.mark.django_db


def test_beat_runs_publish_scheduled_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["wagtail-publish-scheduled"]
    assert entry["task"] == publish_scheduled.name
    assert entry["schedule"] <= 5 * 60


def test_a_page_scheduled_in_the_past_goes_live_when_the_task_runs(client, home_page):
    index = cf.catalogue(home_page)
    course = CoursePage(title="Scheduled course", summary="Soon.", topic=cf.topic())
    index.add_child(instance=course)
    course.unpublish()
    course.go_live_at = timezone.now() + timedelta(hours=1)
    revision = course.save_revision()
    revision.publish()  # scheduled, not published
    course.refresh_from_db()
    assert not course.live
    assert client.get(course.url or "/courses/scheduled-course/").status_code == 404
    # The time has come (as if an hour passed): the scheduled time is now in the past.
    past = timezone.now() - timedelta(minutes=1)
    revision.refresh_from_db()
    content = {**revision.content, "go_live_at": past.isoformat()}
    Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=past, content=content)
    publish_scheduled.apply().get()
    course = CoursePage.objects.get(pk=course.pk)
    assert course.live
    assert client.get(course.url).status_code == 200


def test_a_page_scheduled_in_the_future_stays_unpublished(home_page):
    index = cf.catalogue(home_page)
    course = CoursePage(title="Later course", summary="Later.", topic=cf.topic())
    index.add_child(instance=course)
    course.unpublish()
    course.go_live_at = timezone.now() + timedelta(hours=1)
    course.save_revision().publish()
    publish_scheduled.apply().get()
    assert not CoursePage.objects.get(pk=course.pk).live
