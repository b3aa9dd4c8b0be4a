"""Messages to a cohort are kept on the platform: each learner sees, on their dashboard, the
ones addressed to them in the cohorts they belong to, newest first, in a bounded list."""

import pytest
from django.urls import reverse

from cohorts.inbox import MESSAGES_SHOWN
from cohorts.models import CohortMessage, Membership, MembershipStatus
from cohorts.services import cohort_message_send, membership_remove
from tests.factories import UserFactory
from tests.factories import cohorts as cf

pytestmark = pytest.mark.django_db


def _send(cohort, subject, user_ids=None):
    cohort_message_send(
        cohort=cohort,
        sender=cohort.trainers.get(),
        subject=subject,
        body=f"{subject}: the body.",
        user_ids=user_ids,
    )


def _subjects(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response, [
        panel["messages"] for panel in response.context["panels"] if "messages" in panel
    ]


def test_learners_see_their_cohorts_messages_newest_first(client, cohort, course, trainer):
    learner, other = cf.member(cohort), cf.member(cohort)
    _send(cohort, "Welcome to the cohort")
    _send(cohort, "Slides of the first webinar")
    _send(cohort, "Only for the other learner", user_ids=[other.pk])
    elsewhere = cf.cohort(course=course, trainer=trainer)
    cf.member(elsewhere)
    _send(elsewhere, "Another cohort's news")
    client.force_login(learner)
    response, panels = _subjects(client)
    assert [[m.subject for m in p] for p in panels] == [
        ["Slides of the first webinar", "Welcome to the cohort"]
    ]
    html = response.content.decode()
    assert "Slides of the first webinar: the body." in html
    assert "Another cohort" not in html and "Only for the other learner" not in html


def test_a_learner_who_left_no_longer_sees_the_messages(client, cohort, trainer):
    learner = cf.member(cohort)
    _send(cohort, "Before leaving")
    membership_remove(cohort=cohort, user=learner)
    client.force_login(learner)
    _response, panels = _subjects(client)
    assert panels == []


def test_the_list_is_bounded_and_its_queries_flat(client, cohort, django_assert_max_num_queries):
    learner = cf.member(cohort)
    _send(cohort, "Message 0")
    client.force_login(learner)
    client.get(reverse("dashboard"))
    with django_assert_max_num_queries(100) as few:
        client.get(reverse("dashboard"))
    for n in range(1, MESSAGES_SHOWN + 5):
        _send(cohort, f"Message {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        _response, panels = _subjects(client)
    (shown,) = panels
    assert len(shown) == MESSAGES_SHOWN
    assert shown[0].subject == f"Message {MESSAGES_SHOWN + 4}"
    assert CohortMessage.objects.count() == MESSAGES_SHOWN + 5


def test_the_cohort_panels_share_one_read_and_keep_each_learner_to_their_own(
    client, cohort, course, trainer
):
    """The three cohort panels read the memberships once: a learner active in one cohort and
    invited to another sees that cohort, its messages and the invitation, each in its panel;
    a learner of no cohort sees none of them, and another member's invitation never shows."""
    learner = cf.member(cohort)
    other_cohort = cf.cohort(course=course, trainer=trainer, name="Tashkent peer group")
    invited = cf.member(other_cohort)
    Membership.objects.filter(user=invited, cohort=other_cohort).update(
        status=MembershipStatus.INVITED
    )
    Membership.objects.create(cohort=other_cohort, user=learner, status=MembershipStatus.INVITED)
    _send(cohort, "Welcome to the cohort")
    client.force_login(learner)
    response = client.get(reverse("dashboard"))
    panels = {p["template"]: p for p in response.context["panels"]}
    assert [e.cohort for e in panels["cohorts/panels/learner_cohorts.html"]["entries"]] == [cohort]
    assert [m.cohort for m in panels["cohorts/panels/invitations.html"]["invitations"]] == [
        other_cohort
    ]
    assert [m.subject for m in panels["cohorts/panels/messages.html"]["messages"]] == [
        "Welcome to the cohort"
    ]
    client.force_login(UserFactory(roles=["Learner"]))
    response = client.get(reverse("dashboard"))
    templates = {p["template"] for p in response.context["panels"]}
    assert not templates & {
        "cohorts/panels/learner_cohorts.html",
        "cohorts/panels/invitations.html",
        "cohorts/panels/messages.html",
    }
    assert "Tashkent peer group" not in response.content.decode()
