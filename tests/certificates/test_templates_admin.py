"""The certificate template snippet: placeholders checked, preview with sample data."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from certificates.models import CertificateTemplate
from certificates.placeholders import placeholders_check

from .conftest import pdf_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text", ["Hello {learner_name}", "{course_title} on {date}, {hours} h, {grade}", "{{literal}}"]
)
def test_known_placeholders_pass(text):
    placeholders_check(text)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Dear {learner}", "{learner}"),
        ("{learner_name.__class__}", "{learner_name.__class__}"),
        ("{0}", "{0}"),
        ("{learner_name!r}", "{learner_name!r}"),
        ("{date:%Y}", "{date:%Y}"),
    ],
)
def test_unknown_placeholders_are_named(text, named):
    with pytest.raises(ValidationError) as error:
        placeholders_check(text)
    assert named in error.value.messages[0]


def test_unbalanced_brace_is_refused():
    with pytest.raises(ValidationError, match="Unbalanced braces"):
        placeholders_check("Dear {learner_name")


def _form_data(**overrides):
    data = {
        "name": "ILO leadership",
        "language": "en",
        "orientation": "landscape",
        "issuer_name": "ITC-ILO",
        "title": "Certificate",
        "body": "{learner_name} completed {course_title}.",
        "accent_colour": "#1f4e79",
        "validity_months": "",
        "signatories-TOTAL_FORMS": "0",
        "signatories-INITIAL_FORMS": "0",
        "signatories-MIN_NUM_FORMS": "0",
        "signatories-MAX_NUM_FORMS": "3",
    }
    data.update(overrides)
    return data


def test_admin_refuses_an_unknown_placeholder_and_writes_nothing(client, administrator):
    client.force_login(administrator)
    url = reverse("wagtailsnippets_certificates_certificatetemplate:add")
    response = client.post(url, _form_data(body="Dear {learner}, well done."))
    assert response.status_code == 200
    assert "Unknown placeholder(s): {learner}" in response.content.decode()
    assert not CertificateTemplate.objects.exists()


def test_admin_creates_a_template_with_signatories(client, administrator):
    client.force_login(administrator)
    url = reverse("wagtailsnippets_certificates_certificatetemplate:add")
    data = _form_data(
        **{
            "signatories-TOTAL_FORMS": "1",
            "signatories-0-name": "Dr. Amélie Durand",
            "signatories-0-role": "Director",
            "signatories-0-ORDER": "1",
            "signatories-0-id": "",
            "signatories-0-DELETE": "",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    template = CertificateTemplate.objects.get()
    assert template.signatories.get().name == "Dr. Amélie Durand"


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("cyrillic", "Преображенская"),
        ("arabic", "عبد الله"),
        ("latin", "Nguyễn"),
    ],
)
def test_admin_preview_renders_sample_names(client, administrator, template, mode, expected):
    client.force_login(administrator)
    url = reverse(
        "wagtailsnippets_certificates_certificatetemplate:preview_on_edit", args=[template.pk]
    )
    data = _form_data(name=template.name)
    assert client.post(url, data).json()["is_valid"] is True
    response = client.get(url, {"mode": mode})
    assert response["Content-Type"] == "application/pdf"
    assert expected in pdf_text(response.content)
