"""The welcome page of an e-mailed invitation link: the new participant chooses a password,
is signed in and starts the course. Anyone may open it; the token is the credential."""

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.password_validation import password_validators_help_texts
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .. import services
from ..invitation_links import LinkState, first_step_url, invitation_link_check, welcome_details


class WelcomePasswordForm(SetPasswordForm):
    """Django's form (the password validators apply), its help as one plain sentence list:
    the project's field template puts help text in a paragraph, where a list is not valid."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = " ".join(password_validators_help_texts())


REFUSED_STATUS = {
    LinkState.FORGED: 404,
    LinkState.EXPIRED: 410,
    LinkState.USED: 410,
    LinkState.ACTIVE: 200,
}


def _refused(request, state: str, membership):
    next_url = (
        reverse("cohorts:learner_cohort", args=[membership.cohort_id])
        if membership and membership.status == "active"
        else reverse("dashboard")
    )
    return render(
        request,
        "cohorts/welcome_refused.html",
        {"state": state, "login_url": f"{reverse('account_login')}?next={next_url}"},
        status=REFUSED_STATUS[state],
    )


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def welcome(request, pk: int, token: str):
    state, membership = invitation_link_check(membership_id=pk, token=token)
    if state != LinkState.VALID or membership is None:
        return _refused(request, state, membership)
    form = WelcomePasswordForm(membership.user, request.POST or None)
    problem = None
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.invitation_link_accept(
                membership_id=pk, token=token, password=form.cleaned_data["new_password1"]
            )
        except ValidationError as exc:
            problem = " ".join(exc.messages)
        else:
            get_adapter(request).login(request, membership.user)
            messages.success(
                request, _("Welcome to %(cohort)s.") % {"cohort": membership.cohort.name}
            )
            return redirect(first_step_url(membership))
    return render(
        request,
        "cohorts/welcome.html",
        {"welcome": welcome_details(membership), "form": form, "problem": problem},
        status=400 if request.method == "POST" else 200,
    )
