"""Trainers and administrators: issue by hand, re-issue after a name correction, revoke.

Who reaches what (docs/decisions/certificates-staff-scope.md): the list and the issue form name
no object, so someone without the right gets 403; re-issue and revoke name a certificate, so
one outside the person's scope answers 404, as if it did not exist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import IssueForm, ReissueForm, RevokeForm
from ..models import Certificate
from ..selectors import certificate_staff_check, certificates_for_staff
from ..services import certificate_issue, certificate_reissue, certificate_revoke

PAGE_SIZE = 50


@login_required
def manage(request):
    query = request.GET.get("q", "").strip()
    certificates = certificates_for_staff(user=request.user, query=query)
    form = (
        IssueForm(request.POST or None, staff=request.user)
        if request.user.has_perm("certificates.add_certificate")
        else None
    )
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                certificate = certificate_issue(
                    user=form.cleaned_data["user"],
                    course=form.cleaned_data["course"],
                    issued_by=request.user,
                    enforce_rules=form.cleaned_data["enforce_rules"],
                    reason=form.cleaned_data["reason"],
                    request=request,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("Certificate %(code)s issued.") % {"code": certificate.display_code}
                )
                return redirect("certificates:manage")
        status = 400
    return render(
        request,
        "certificates/manage.html",
        {"certificates": certificates[:PAGE_SIZE], "form": form, "query": query},
        status=status,
    )


def _certificate_in_scope(request, pk) -> Certificate:
    """The certificate if this person may change it; 404 otherwise (existence not leaked)."""
    certificate = Certificate.objects.filter(pk=pk).first()
    if certificate is None:
        raise Http404
    try:
        certificate_staff_check(
            actor=request.user,
            permission="certificates.change_certificate",
            user_id=certificate.user_id,
            course_id=certificate.course_id,
        )
    except PermissionDenied:
        raise Http404 from None
    return certificate


@login_required
@require_POST
def reissue(request, pk):
    certificate = _certificate_in_scope(request, pk)
    form = ReissueForm(request.POST)
    if form.is_valid():
        try:
            certificate_reissue(
                certificate=certificate,
                learner_name=form.cleaned_data["learner_name"],
                reissued_by=request.user,
                request=request,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Certificate re-issued with the same code."))
    else:
        messages.error(request, _("Give the name as it should be printed."))
    return redirect("certificates:manage")


@login_required
@require_POST
def revoke(request, pk):
    certificate = _certificate_in_scope(request, pk)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            certificate_revoke(
                certificate=certificate,
                reason=form.cleaned_data["reason"],
                revoked_by=request.user,
                request=request,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Certificate revoked."))
    else:
        messages.error(request, _("Give the reason for revoking this certificate."))
    return redirect("certificates:manage")
