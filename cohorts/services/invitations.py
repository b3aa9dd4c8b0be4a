"""Accepting the e-mailed welcome link: the new account's password, then the cohort."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..invitation_links import LinkState, invitation_link_check
from ..models import Membership, MembershipStatus
from .memberships import membership_create

User = get_user_model()


@transaction.atomic
def invitation_link_accept(*, membership_id: int, token: str, password: str) -> Membership:
    """Set the password of the account the link was made for and make its membership active
    (a pending invitation is accepted). Single use: the account row is locked and the link
    checked again under the lock, so two posts of one link cannot both succeed. Raises
    ValidationError (nothing written) when the link is no longer valid, the password fails the
    validators or the cohort is full."""
    state, membership = invitation_link_check(membership_id=membership_id, token=token)
    if membership is None:
        raise ValidationError(_("This invitation link is not valid."))
    User.objects.select_for_update().filter(pk=membership.user_id).first()
    state, membership = invitation_link_check(membership_id=membership_id, token=token)
    if state != LinkState.VALID or membership is None:
        raise ValidationError(_("This invitation link can no longer be used."))
    user = membership.user
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    if membership.status == MembershipStatus.INVITED:
        membership = membership_create(
            cohort=membership.cohort, user=user, source=membership.source
        )
    return membership
