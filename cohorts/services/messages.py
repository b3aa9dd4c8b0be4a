"""Messages from trainers to their cohort, sent by e-mail through Celery."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from learning.validators import validate_single_line

from ..models import Cohort, Membership
from ..tasks import send_cohort_message
from .outbox import cohort_message_create


@transaction.atomic
def cohort_message_send(
    *, cohort: Cohort, sender, subject: str, body: str, user_ids: list[int] | None = None
) -> int:
    """E-mail the whole cohort (user_ids None) or the selected members. Returns the number of
    recipients. The message is kept, with one outbox row per recipient; the e-mails leave
    after the transaction commits."""
    subject, body = subject.strip(), body.strip()
    if not subject or not body:
        raise ValidationError(_("Write a subject and a message."))
    if len(subject) > 200:
        raise ValidationError(_("The subject is longer than 200 characters."))
    validate_single_line(subject)  # a line break would split the e-mail header
    members = Membership.objects.active().filter(cohort=cohort)
    if user_ids is not None:
        members = members.filter(user_id__in=user_ids)
    recipients = list(members.values_list("user_id", flat=True))
    if user_ids is not None and len(recipients) != len(set(user_ids)):
        raise ValidationError(_("Some of the selected people are not in this cohort."))
    if not recipients:
        raise ValidationError(_("Nobody to write to: select at least one participant."))
    message = cohort_message_create(
        cohort=cohort, sender=sender, subject=subject, body=body, user_ids=recipients
    )
    message_id = message.pk
    transaction.on_commit(lambda: send_cohort_message.delay(message_id=message_id))
    return len(recipients)
