"""The discussions' part of a person's data archive and of their erasure."""

import pytest

from discussions.models import DigestOptOut, Post, PostReport, Thread
from discussions.personal_data import personal_data_export, user_erasing

from .conftest import make_thread

pytestmark = pytest.mark.django_db


def test_export_and_erase(cohort, member, trainer):
    thread = make_thread(cohort, member, title="My question", body="<p>My <b>words</b></p>")
    other = make_thread(cohort, trainer, title="Trainer's thread")
    PostReport.objects.create(post=other.posts.get(), reporter=member, reason="Typo")
    DigestOptOut.objects.create(user=member)
    parts = dict(personal_data_export(user=member))
    assert parts["discussions/posts.csv"][0]["text"] == "My words"
    assert parts["discussions/reports.csv"][0]["reason"] == "Typo"
    assert parts["discussions/digest.csv"] == [{"daily_digest": False}]
    assert dict(personal_data_export(user=trainer))["discussions/reports.csv"] == []
    counts = user_erasing(user=member)
    assert counts["discussions.posts_erased"] == 1
    post = Post.objects.get(thread=thread)
    assert post.body == "" and post.hidden
    assert Thread.objects.get(pk=thread.pk).title == "—"
    assert not PostReport.objects.exists() and not DigestOptOut.objects.exists()
    assert other.posts.get().body  # others' posts untouched
