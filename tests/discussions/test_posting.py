"""Threads and replies: what is stored, what is shown (escaped), what is refused."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from discussions.models import BODY_MAX, Post, Thread
from discussions.selectors import Forum
from discussions.views.space import POSTS_PER_PAGE

from .conftest import make_thread

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'


def _forum(cohort, key="general"):
    return reverse("discussions:forum", args=[cohort.pk, key])


def test_member_opens_a_thread_and_replies(member_client, cohort, course):
    module = course.get_children().first()
    response = member_client.post(
        _forum(cohort, str(module.pk)), {"title": "Pension reform", "body": "First\n\nSecond"}
    )
    assert response.status_code == 302
    thread = Thread.objects.get()
    assert thread.module_id == module.pk and thread.post_count == 1
    assert thread.posts.get().body == "<p>First</p><p>Second</p>"
    url = reverse("discussions:thread", args=[cohort.pk, thread.pk])
    response = member_client.post(url, {"body": "<p>A <strong>reply</strong></p>"}, follow=True)
    assert response.status_code == 200
    assert "<strong>reply</strong>" in response.content.decode()
    thread.refresh_from_db()
    assert thread.post_count == 2
    forum_page = member_client.get(_forum(cohort, str(module.pk))).content.decode()
    assert "Pension reform" in forum_page


def test_script_and_html_in_titles_and_bodies_are_escaped(member_client, cohort):
    body = (
        f'{SCRIPT}<p onclick="steal()">Hi <a href="javascript:alert(1)">x</a>'
        '<img src=x onerror="alert(2)"><iframe src="https://evil.example"></iframe></p>'
    )
    member_client.post(_forum(cohort), {"title": f"{SCRIPT}<b>bold</b>", "body": body})
    thread = Thread.objects.get()
    assert thread.title == f"{SCRIPT}<b>bold</b>"  # stored as typed: it is plain text
    stored = thread.posts.get().body
    for bad in ("script", "onclick", "javascript:", "onerror", "<img", "iframe", "alert"):
        assert bad not in stored
    for url in (
        reverse("discussions:thread", args=[cohort.pk, thread.pk]),
        _forum(cohort),
        reverse("discussions:space", args=[cohort.pk]),
    ):
        html = member_client.get(url).content.decode()
        assert SCRIPT not in html and "<b>bold</b>" not in html
        soup = BeautifulSoup(html, "html.parser")
        assert not any("alert" in (s.string or "") for s in soup.find_all("script"))
    html = member_client.get(reverse("discussions:thread", args=[cohort.pk, thread.pk])).content
    assert b"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in html


def test_plain_text_with_angle_brackets_is_kept_as_text(member_client, cohort, thread):
    url = reverse("discussions:thread", args=[cohort.pk, thread.pk])
    member_client.post(url, {"body": "if a < b && c > d"})
    assert thread.posts.last().body == "<p>if a &lt; b &amp;&amp; c &gt; d</p>"


@pytest.mark.parametrize(
    "data, field",
    [
        ({"title": "", "body": "Hello"}, "title"),
        ({"title": "   ", "body": "Hello"}, "title"),
        ({"title": "Hello", "body": ""}, "body"),
        ({"title": "Hello", "body": "<p> </p><script>x</script>"}, "body"),
        ({"title": "Two\nlines", "body": "Hello"}, "title"),
        ({"title": "x" * 201, "body": "Hello"}, "title"),
        ({"title": "Hello", "body": "x" * (BODY_MAX + 1)}, "body"),
        ({}, "title"),
    ],
)
def test_bad_threads_are_refused_and_nothing_is_written(member_client, cohort, data, field):
    response = member_client.post(_forum(cohort), data)
    assert response.status_code == 400
    assert not Thread.objects.exists() and not Post.objects.exists()
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select(".errors, .form-errors")


def test_huge_and_odd_replies(member_client, cohort, thread):
    url = reverse("discussions:thread", args=[cohort.pk, thread.pk])
    for body in ("", "x" * (BODY_MAX + 1), "<br><br>", "\u200b" * 0):
        assert member_client.post(url, {"body": body}).status_code == 400
    assert member_client.post(url, {"body": "مرحبا بالجميع"}).status_code == 302
    assert member_client.post(url, {"body": ["a", "b"]}).status_code == 302
    assert thread.posts.count() == 3


def test_locked_thread_takes_replies_from_trainers_only(client, cohort, member, trainer, thread):
    thread.locked = True
    thread.save()
    url = reverse("discussions:thread", args=[cohort.pk, thread.pk])
    client.force_login(member)
    page = client.get(url).content.decode()
    assert "This thread is locked" in page and 'name="body"' not in page
    assert client.post(url, {"body": "Still here"}).status_code == 400
    assert thread.posts.count() == 1
    client.force_login(trainer)
    assert client.post(url, {"body": "Closing words"}).status_code == 302
    assert thread.posts.count() == 2


def test_posting_is_rate_limited(member_client, cohort, thread, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "discussions_post": "3/m/user"}
    url = reverse("discussions:thread", args=[cohort.pk, thread.pk])
    for i in range(3):
        assert member_client.post(url, {"body": f"Reply {i}"}).status_code == 302
    response = member_client.post(url, {"body": "One too many"})
    assert response.status_code == 429
    assert "One too many" in response.content.decode()  # the text is kept in the form
    assert thread.posts.count() == 4
    response = member_client.post(_forum(cohort), {"title": "New", "body": "Thread"})
    assert response.status_code == 429
    assert Thread.objects.count() == 1


def test_invalid_forms_do_not_use_the_allowance(member_client, cohort, thread, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "discussions_post": "1/m/user"}
    url = reverse("discussions:thread", args=[cohort.pk, thread.pk])
    assert member_client.post(url, {"body": ""}).status_code == 400
    assert member_client.post(url, {"body": "Valid"}).status_code == 302


EXTRA = 2 * POSTS_PER_PAGE + 9  # with the opening post: three pages


def test_thread_pages_and_post_links(member_client, cohort, member, thread):
    Post.objects.bulk_create(
        [Post(thread=thread, author=member, body=f"<p>n{i}</p>") for i in range(EXTRA)]
    )
    url = reverse("discussions:thread", args=[cohort.pk, thread.pk])
    third = member_client.get(url, {"page": 3}).content.decode()
    assert f"n{EXTRA - 1}<" in third and "n0<" not in third
    assert "Page 3 of 3" in third
    assert "Page 3 of 3" in member_client.get(url, {"page": 999}).content.decode()
    last = thread.posts.order_by("created_at", "pk").last()
    response = member_client.get(reverse("discussions:post", args=[cohort.pk, last.pk]))
    assert response.url == f"{url}?page=3#post-{last.pk}"


def test_module_forums_follow_the_course(member_client, cohort, course, member):
    modules = list(course.get_children())
    make_thread(cohort, member, title="About module one", forum=_forum_of(modules[0]))
    html = member_client.get(reverse("discussions:space", args=[cohort.pk])).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    names = [a.get_text() for a in soup.select("table.forums a")]
    assert names == ["General discussion"] + [m.title for m in modules]
    assert member_client.get(_forum(cohort, str(modules[1].pk))).status_code == 200
    unrelated = course.get_parent()
    assert member_client.get(_forum(cohort, str(unrelated.pk))).status_code == 404


def _forum_of(module):
    return Forum(key=str(module.pk), title=module.title, module_id=module.pk)
