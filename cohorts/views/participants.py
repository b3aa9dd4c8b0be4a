"""Trainers' participant pages: the import (through the shared upload flow), one invitation,
removal, and a message to some or all participants."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from .. import selectors, services
from ..forms import InviteForm, MessageForm, UploadForm
from ..importing import parse_participants
from ..models import Cohort, Membership
from .access import cohort_for, parse_id
from .upload_flow import UploadFlow


def _participants(cohort: Cohort) -> dict:
    active, withdrawn = selectors.cohort_participants(cohort=cohort)
    invited = selectors.cohort_invitations_pending(cohort=cohort)
    return {"participants": active, "withdrawn": withdrawn, "invited": invited}


def _import_messages(request, plan) -> None:
    messages.success(
        request,
        ngettext(
            "%(n)s new account added and invited.",
            "%(n)s new accounts added and invited.",
            plan.new,
        )
        % {"n": plan.new}
        + " "
        + ngettext(
            "%(n)s existing account invited to join.",
            "%(n)s existing accounts invited to join.",
            plan.existing,
        )
        % {"n": plan.existing},
    )
    if plan.errors:
        messages.warning(
            request,
            ngettext(
                "%(n)s row was not imported; see below.",
                "%(n)s rows were not imported; see below.",
                plan.errors,
            )
            % {"n": plan.errors},
        )


def participants_flow(cohort: Cohort) -> UploadFlow:
    return UploadFlow(name="participants", pk=cohort.pk, parse=parse_participants)


@login_required
@require_http_methods(["GET", "POST"])
def participants_import(request, pk):
    """Upload -> dry run (nothing written) -> confirm -> commit."""
    cohort = cohort_for(request, pk)
    step = participants_flow(cohort).step(request)
    if step.expired:
        return UploadFlow.restart(request, reverse("cohorts:import", args=[cohort.pk]))
    plan = None
    if step.confirmed is not None:
        plan = services.participants_import_commit(
            cohort=cohort, rows=step.confirmed, invited_by=request.user
        )
        _import_messages(request, plan)
    elif step.parsed is not None:
        plan = services.participants_import_plan(cohort=cohort, rows=step.parsed)
    return render(
        request,
        "cohorts/trainer/import.html",
        {
            "cohort": cohort,
            "form": step.form,
            "invite_form": InviteForm(),
            "plan": plan,
            "token": step.token,
            "done": step.confirmed is not None,
            **_participants(cohort),
        },
        status=step.status,
    )


@login_required
@require_POST
def participant_invite(request, pk):
    cohort = cohort_for(request, pk)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            services.participant_invite(
                cohort=cohort,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                invited_by=request.user,
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The invitation has been sent."))
            return redirect("cohorts:import", pk=cohort.pk)
    return render(
        request,
        "cohorts/trainer/import.html",
        {"cohort": cohort, "form": UploadForm(), "invite_form": form, **_participants(cohort)},
        status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_remove(request, pk, user_id):
    """Confirm, then withdraw one participant (their own progress stays theirs)."""
    cohort = cohort_for(request, pk)
    membership = get_object_or_404(
        Membership.objects.active().select_related("user"), cohort=cohort, user_id=user_id
    )
    if request.method == "POST":
        try:
            services.membership_remove(cohort=cohort, user=membership.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("%(name)s has been removed from the cohort.")
                % {"name": membership.user.full_name or membership.user.email},
            )
        return redirect("cohorts:import", pk=cohort.pk)
    return render(
        request,
        "cohorts/trainer/participant_remove.html",
        {"cohort": cohort, "membership": membership},
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_message(request, pk):
    cohort = cohort_for(request, pk)
    raw_ids = request.POST.getlist("user")
    selected = [parse_id(v) for v in raw_ids]
    form = MessageForm(request.POST if "subject" in request.POST else None)
    if None in selected:
        selected = [i for i in selected if i is not None]
        form.is_valid()  # bound or not, the page shows why nothing was sent
        form.add_error(None, _("Unknown participant in the selection."))
    elif form.is_bound and form.is_valid():
        try:
            n = services.cohort_message_send(
                cohort=cohort,
                sender=request.user,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                user_ids=selected or None,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "Your message is on its way to %(n)s person.",
                    "Your message is on its way to %(n)s people.",
                    n,
                )
                % {"n": n},
            )
            return redirect(cohort.get_absolute_url())
    recipients = (
        list(
            Membership.objects.active()
            .filter(cohort=cohort, user_id__in=selected)
            .select_related("user")
        )
        if selected
        else None
    )
    return render(
        request,
        "cohorts/trainer/message.html",
        {"cohort": cohort, "form": form, "recipients": recipients},
        status=400 if form.errors else 200,
    )
