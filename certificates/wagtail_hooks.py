"""Admin snippets, the learner's dashboard panel and navigation for certificates."""

from urllib.parse import urlencode

from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from courses.hooks import CompletionNext
from courses.models import CoursePage
from learning.roles import has_permission

from .models import Certificate, CertificateStatus, CertificateTemplate, CourseCertificateSettings
from .personal_data import personal_data_export as export
from .personal_data import user_erasing as erase
from .rendering import verify_url
from .selectors import (
    certificate_template_for,
    certificate_unmet_requirements,
    certificates_for_user,
    completed_courses_without_certificate,
    default_certificate_template,
)
from .tasks import certificates_issue_due_task


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full"
    menu_label = _("Templates")
    list_display = ["name", "locale", "orientation", "validity_months"]
    search_fields = ["name", "title"]


class CourseCertificateSettingsViewSet(SnippetViewSet):
    model = CourseCertificateSettings
    icon = "link"
    menu_label = _("Course certificates")
    list_display = ["course", "template", "hours", "enabled"]


class CertificatesGroup(SnippetViewSetGroup):
    items = (CertificateTemplateViewSet, CourseCertificateSettingsViewSet)
    menu_icon = "doc-full"
    menu_label = _("Certificates")
    menu_name = "certificates"


register_snippet(CertificatesGroup)


def linkedin_url(certificate) -> str:
    """LinkedIn's documented "add to profile" link for a certification."""
    params = {
        "startTask": "CERTIFICATION_NAME",
        "name": certificate.course_title,
        "organizationName": certificate.issuer_name,
        "issueYear": certificate.issued_at.year,
        "issueMonth": certificate.issued_at.month,
        "certUrl": verify_url(certificate.code),
        "certId": certificate.display_code,
    }
    if certificate.expires_at:
        params["expirationYear"] = certificate.expires_at.year
        params["expirationMonth"] = certificate.expires_at.month
    return "https://www.linkedin.com/profile/add?" + urlencode(params)


@hooks.register("cohort_attendance_changed")
def issue_due_after_attendance(*, course_id, user_ids):
    """Attendance was recorded (cohorts app): certificates it made due are issued by a task."""
    certificates_issue_due_task.delay(course_id, list(user_ids))


@hooks.register("learner_dashboard_panels")
def certificates_panel(request):
    if not request.user.is_authenticated:
        return None
    held = list(certificates_for_user(user=request.user))
    certificates = [{"certificate": c, "linkedin_url": linkedin_url(c)} for c in held]
    return {
        "template": "certificates/dashboard_panel.html",
        "order": 30,
        "certificates": certificates,
        "due": completed_courses_without_certificate(
            user=request.user, held_course_ids=[c.course_id for c in held]
        ),
    }


@hooks.register("site_nav_items")
def certificates_nav_item(request):
    if has_permission(request.user, "certificates.view_certificate"):
        return (60, _("Certificates"), reverse("certificates:manage"))
    return None


@hooks.register("personal_data_export")
def personal_data_export(*, user):
    return export(user=user)


@hooks.register("user_erasing")
def user_erasing(*, user):
    return erase(user=user)


@hooks.register("course_completion_next")
def certificate_after_completion(*, user, course):
    """After the course: the certificate if issued, else why or when it will be."""
    certificate = (
        Certificate.objects.filter(user=user, course=course, status=CertificateStatus.VALID)
        .order_by("-issued_at")
        .first()
    )
    panel = reverse("dashboard") + "#certificates-panel-title"
    if certificate is not None:
        return CompletionNext(
            message=str(_("Your certificate is ready.")),
            url=certificate.get_download_url(),
            label=str(_("Download your certificate (PDF)")),
        )
    unmet = certificate_unmet_requirements(user=user, course=course)
    if not unmet:
        return CompletionNext(
            message=str(_("Your certificate is being prepared.")),
            url=panel,
            label=str(_("See it on your dashboard")),
        )
    if certificate_template_for(user=user, course=course) is None:
        return None  # the course awards none: nothing to point to
    return CompletionNext(
        message=" ".join(
            [str(_("Your certificate still needs:")), *(str(message) for message in unmet)]
        ),
        url=panel,
        label=str(_("Your certificates")),
    )


@hooks.register("after_publish_page")
def warn_course_without_certificate_template(request, page):
    """An editor who publishes a course with no certificate template of its own is told what
    its learners will get: the site's default template, or no certificate at all."""
    if not isinstance(page.specific, CoursePage):
        return
    if CourseCertificateSettings.objects.filter(course_id=page.pk).exists():
        return  # chosen on purpose, a template or certificates turned off
    default = default_certificate_template()
    if default is None:
        message = _(
            "“%(course)s” has no certificate template: learners who complete it get no "
            "certificate. Choose one under Certificates > Course certificates."
        ) % {"course": page.title}
    else:
        message = _(
            "“%(course)s” has no certificate template of its own: learners who complete it "
            "get the default template “%(template)s”. Choose one under Certificates > Course "
            "certificates."
        ) % {"course": page.title, "template": default.name}
    messages.warning(request, message)
