"""Trainers and administrators: issue by hand, re-issue after a name correction, revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..codes import code_normalize
from ..forms import IssueForm, ReissueForm, RevokeForm
from ..models import Certificate
from ..services import certificate_issue, certificate_reissue, certificate_revoke

PAGE_SIZE = 50


@permission_required("certificates.view_certificate", raise_exception=True)
def manage(request):
    query = request.GET.get("q", "").strip()
    certificates = Certificate.objects.select_related("user").order_by("-issued_at")
    if query:
        code = code_normalize(query)
        condition = Q(user__email__icontains=query) | Q(learner_name__icontains=query)
        condition |= Q(course_title__icontains=query)
        if code:
            condition |= Q(code=code)
        certificates = certificates.filter(condition)
    form = (
        IssueForm(request.POST or None)
        if request.user.has_perm("certificates.add_certificate")
        else None
    )
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
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("Certificate %(code)s issued.") % {"code": certificate.display_code}
                )
                return redirect("certificates:manage")
    return render(
        request,
        "certificates/manage.html",
        {"certificates": certificates[:PAGE_SIZE], "form": form, "query": query},
    )


@permission_required("certificates.change_certificate", raise_exception=True)
@require_POST
def reissue(request, pk):
    certificate = get_object_or_404(Certificate, pk=pk)
    form = ReissueForm(request.POST)
    if form.is_valid():
        try:
            certificate_reissue(
                certificate=certificate,
                learner_name=form.cleaned_data["learner_name"],
                reissued_by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Certificate re-issued with the same code."))
    else:
        messages.error(request, _("Give the name as it should be printed."))
    return redirect("certificates:manage")


@permission_required("certificates.change_certificate", raise_exception=True)
@require_POST
def revoke(request, pk):
    certificate = get_object_or_404(Certificate, pk=pk)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            certificate_revoke(
                certificate=certificate, reason=form.cleaned_data["reason"], revoked_by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Certificate revoked."))
    else:
        messages.error(request, _("Give the reason for revoking this certificate."))
    return redirect("certificates:manage")
