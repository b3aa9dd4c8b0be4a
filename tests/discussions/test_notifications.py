"""Mentions e-mail the people named, once per post; the daily digest goes once per person and
day to those who did not turn it off, with a signed one-click unsubscribe link."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from discussions import notifications, services, tasks
from discussions.models import DigestOptOut, DiscussionEmail, Post
from tests.factories import UserFactory
from tests.factories import cohort_factories as cf

from .conftest import space

pytestmark = pytest.mark.django_db


def _reply(cohort, thread, author, body):
    return services.post_create(space=space(cohort), thread=thread, author=author, body=body)


def test_a_mention_emails_the_member_once(
    cohort, member, trainer, thread, django_capture_on_commit_callbacks
):
    colleague = cf.member(cohort, full_name="Bakhyt Omarov", roles=["Learner"])
    outsider = UserFactory(full_name="Chen Wei")
    trainer.full_name = "Dana Trainer"
    trainer.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _reply(
            cohort,
            thread,
            colleague,
            "<p>@amina diallo and @Amina Diallo, see @Chen Wei; ask @Dana Trainer. "
            "@Bakhyt Omarov is me; @Amina Dialloxyz is nobody.</p>",
        )
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([member.email, trainer.email])
    assert outsider.email not in recipients
    message = next(m for m in mail.outbox if m.to == [member.email])
    assert "Bakhyt Omarov" in message.subject and thread.title in message.subject
    link = re.search(r"https?://\S+/discussions/\S+", message.body).group(0)
    assert f"/discussions/{cohort.pk}/posts/" in link
    assert DiscussionEmail.objects.filter(sent_at__isnull=False).count() == 2
    # The task again (a retry) sends nothing more.
    tasks.send_mentions.delay(post_id=Post.objects.last().pk)
    assert len(mail.outbox) == 2


def test_mention_text_in_emails_is_plain(
    cohort, member, trainer, thread, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _reply(
            cohort, thread, trainer, "<p>@Amina Diallo &lt;b&gt; 5 &gt; 3 <script>x()</script></p>"
        )
    (message,) = mail.outbox
    assert "<b> 5 > 3" in message.body and "x()" not in message.body


def _yesterday(post):
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - timedelta(days=1))


def test_daily_digest_once_per_day_and_opt_out(client, cohort, member, trainer, thread):
    quiet = cf.member(cohort, roles=["Learner"])
    DigestOptOut.objects.create(user=quiet)
    post = _reply(cohort, thread, trainer, "<p>Homework for tomorrow</p>")
    _yesterday(post)
    Post.objects.filter(pk=thread.posts.order_by("pk").first().pk).update(
        created_at=timezone.now() - timedelta(days=5)
    )
    mail.outbox.clear()
    tasks.send_daily_digests.delay()
    # The member gets it; the trainer wrote the only post; the opted-out member does not.
    assert [m.to for m in mail.outbox] == [[member.email]]
    tasks.send_daily_digests.delay()
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert thread.title in digest.body and "1 new post" in digest.body
    unsubscribe = digest.extra_headers["List-Unsubscribe"].strip("<>")
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in digest.body
    path = unsubscribe.split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path)
    assert page.status_code == 200 and not DigestOptOut.objects.filter(user=member).exists()
    assert client.post("/" + path).status_code == 200  # one click, no session, no CSRF token
    assert DigestOptOut.objects.filter(user=member).exists()
    tampered = "/" + path.replace(path.split("/")[-2], path.split("/")[-2][:-2] + "xx")
    assert client.post(tampered).status_code == 404


def test_no_digest_without_posts(cohort, member, thread):
    mail.outbox.clear()
    Post.objects.update(created_at=timezone.now() - timedelta(days=3))
    tasks.send_daily_digests.delay()
    assert mail.outbox == []


def test_hidden_posts_are_not_in_digests(cohort, member, trainer, thread):
    post = _reply(cohort, thread, trainer, "<p>Hidden soon</p>")
    services.post_hide(space=space(cohort, moderator=True), post=post, hidden=True)
    _yesterday(post)
    Post.objects.filter(pk=thread.posts.order_by("pk").first().pk).update(
        created_at=timezone.now() - timedelta(days=5)
    )
    assert notifications.digests_queue(day=timezone.now().date()) == 0


def test_digest_switch_in_the_space(member_client, member, cohort):
    url = reverse("discussions:digest")
    nxt = reverse("discussions:space", args=[cohort.pk])
    assert member_client.post(url, {"enabled": "0", "next": nxt}).url == nxt
    assert DigestOptOut.objects.filter(user=member).exists()
    response = member_client.post(url, {"enabled": "1", "next": "https://evil.example/"})
    assert "evil" not in response.url
    assert not DigestOptOut.objects.filter(user=member).exists()
    assert member_client.get(url).status_code == 405


def test_beat_sends_the_digest_at_least_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["discussions-daily-digest"]
    assert entry["task"] == tasks.send_daily_digests.name
    assert entry["schedule"] <= 24 * 60 * 60
