"""The discussions' pages validate with the Nu HTML checker, in English and in Arabic (RTL),
for a member and for a trainer, including forms sent back with errors."""

import pytest
from django.urls import reverse

from discussions.models import PostReport
from tests.browser.test_html_validity import check_pages
from tests.discussions.conftest import make_thread
from tests.factories import UserFactory
from tests.factories import cohort_factories as cf
from tests.factories.courses import course as make_course

pytestmark = pytest.mark.browser


def _pages(client, cohort, member, trainer, thread, language):
    post = thread.posts.first()
    pages = {}

    def get(kind, url, status=200, data=None):
        response = client.post(url, data) if data is not None else client.get(url)
        assert response.status_code == status, (kind, url, response.status_code)
        pages.setdefault(kind, []).append(response.content.decode())

    for person in (member, trainer):
        client.force_login(person)
        client.cookies["django_language"] = language
        get("space", reverse("discussions:space", args=[cohort.pk]))
        get("forum", reverse("discussions:forum", args=[cohort.pk, "general"]))
        get("thread", reverse("discussions:thread", args=[cohort.pk, thread.pk]))
        url = reverse("discussions:forum", args=[cohort.pk, "general"])
        get("forum with errors", url, 400, {"title": "", "body": ""})
        url = reverse("discussions:thread", args=[cohort.pk, thread.pk])
        get("thread with errors", url, 400, {"body": ""})
    client.force_login(member)
    client.cookies["django_language"] = language
    get("report", reverse("discussions:report", args=[cohort.pk, post.pk]))
    client.force_login(trainer)
    client.cookies["django_language"] = language
    get("reports", reverse("discussions:reports", args=[cohort.pk]))
    return pages


def test_discussion_pages_validate(client, home_page, tmp_path):
    trainer = UserFactory(roles=["Trainer"], full_name="Trainer")
    cohort = cf.cohort(course=make_course(modules=2, steps_per_module=1), trainer=trainer)
    member = cf.member(cohort, full_name="Amina Diallo", roles=["Learner"])
    thread = make_thread(
        cohort,
        member,
        title="مرحبا <b>",
        body="<p>Hello <a href='https://example.org'>link</a></p><ul><li>one</li></ul>",
    )
    thread.pinned = True
    thread.save()
    PostReport.objects.create(post=thread.posts.first(), reporter=trainer, reason="test")
    pages = {}
    for language in ("en", "ar"):
        found = _pages(client, cohort, member, trainer, thread, language)
        pages.update({f"{language}: {kind}": docs for kind, docs in found.items()})
    counts, errors, warnings = check_pages(pages, tmp_path)
    assert counts["canary"]["error"] >= 1
    assert errors == [], "\n".join(errors)
