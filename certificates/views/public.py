"""Public verification: no login, rate-limited, plain answers."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_POST

from ..codes import code_display, code_normalize
from ..forms import CodeLookupForm, CredentialCheckForm, PdfCheckForm
from ..openbadges import credential_verify
from ..ratelimit import lookup_allowed
from ..selectors import certificate_by_code, certificate_pdf_check


def _too_many(request):
    return render(
        request,
        "certificates/rate_limited.html",
        {
            "message": _(
                "Too many lookups from your network address. Please wait a minute and try again."
            )
        },
        status=429,
    )


def _lookup_page(request, *, status=200, **context):
    context.setdefault("lookup_form", CodeLookupForm())
    context.setdefault("pdf_form", PdfCheckForm())
    context.setdefault("credential_form", CredentialCheckForm())
    return render(request, "certificates/verify_lookup.html", context, status=status)


@login_not_required
@require_GET
def verify_lookup(request):
    """The lookup form; a typed code is forgiven spaces, dashes and case."""
    if "code" not in request.GET:
        return _lookup_page(request)
    if not lookup_allowed(request):
        return _too_many(request)
    form = CodeLookupForm(request.GET)
    if form.is_valid():
        code = code_normalize(form.cleaned_data["code"])
        if code and certificate_by_code(code):
            return redirect("certificates:verify", code=code_display(code))
        return _lookup_page(
            request,
            lookup_form=form,
            not_found=True,
            status=404,
        )
    return _lookup_page(request, lookup_form=form, status=400)


@login_not_required
@require_GET
def verify(request, code):
    if not lookup_allowed(request):
        return _too_many(request)
    normalized = code_normalize(code)
    certificate = certificate_by_code(normalized)
    if certificate is None:
        return _lookup_page(
            request, lookup_form=CodeLookupForm(initial={"code": code}), not_found=True, status=404
        )
    if code != certificate.display_code:
        return redirect("certificates:verify", code=certificate.display_code)
    return render(
        request,
        "certificates/verify.html",
        {
            "certificate": certificate,
            "status": certificate.public_status,
            "pdf_form": PdfCheckForm(initial={"code": certificate.display_code}),
            "credential_form": CredentialCheckForm(),
        },
    )


@login_not_required
@require_POST
def verify_pdf(request):
    """Is this PDF one we issued? The exact file (SHA-256), or a copy re-saved by another
    program through the signed credential it carries; shows the live status. Stores nothing."""
    if not lookup_allowed(request, scope="pdf"):
        return _too_many(request)
    form = PdfCheckForm(request.POST, request.FILES)
    if not form.is_valid():
        return _lookup_page(request, pdf_form=form, status=400)
    upload = form.cleaned_data["pdf"]
    content = b"".join(upload.chunks())  # at most MAX_PDF_BYTES (the form refuses more)
    check = certificate_pdf_check(
        content=content, expected_code=code_normalize(form.cleaned_data.get("code") or "")
    )
    return _lookup_page(
        request,
        pdf_result={
            "match": check.certificate,
            "how": check.how,
            "error": check.error,
            "sha256": check.sha256,
            "expected": check.expected,
            "status": check.certificate.public_status if check.certificate else "",
        },
        pdf_form=form,
        status=200 if check.certificate else 404,
    )


@login_not_required
@require_POST
def verify_credential(request):
    """Check an Open Badges credential's signature, then the certificate it names."""
    if not lookup_allowed(request, scope="credential"):
        return _too_many(request)
    form = CredentialCheckForm(request.POST)
    if not form.is_valid():
        return _lookup_page(request, credential_form=form, status=400)
    result = credential_verify(form.cleaned_data["credential"])
    certificate = certificate_by_code(code_normalize(result.code)) if result.ok else None
    if result.ok and certificate is None:
        result.ok, result.error = False, gettext_noop("the certificate it names does not exist")
    return _lookup_page(
        request,
        credential_form=form,
        credential_result={"ok": result.ok, "error": result.message, "certificate": certificate},
        status=200 if result.ok else 400,
    )
