"""What the certificates app holds about one person: its part of the personal-data archive and
of erasure (the `personal_data_export` and `user_erasing` hooks of learning.personal_data).

Erasure policy (docs/decisions/data-protection.md): every certificate of the person is revoked
with the reason "account erased", the name is removed from it (the verification page then
shows the course, the dates and "revoked", but nobody), and the PDF is deleted.
"""

from django.db import transaction
from django.db.models import F

from .models import Certificate, CertificateStatus
from .openbadges import credential_sign
from .services import certificate_revoke

ERASED_REASON = "account erased"


def personal_data_export(*, user) -> list[tuple[str, object]]:
    certificates = list(
        Certificate.objects.filter(user=user).select_related("user", "course").order_by("pk")
    )
    rows = [
        {
            "code": c.display_code,
            "course": c.course_title,
            "name_as_issued": c.learner_name,
            "status": c.public_status,
            "issued_at": c.issued_at,
            "expires_at": c.expires_at,
            "revoked_at": c.revoked_at,
            "revoked_reason": c.revoked_reason,
            "hours": c.hours,
            "grade": c.grade,
            "issued_within": c.context_label,
            "pdf_sha256": c.pdf_sha256,
        }
        for c in certificates
    ]
    parts: list[tuple[str, object]] = [("certificates/certificates.csv", rows)]
    for certificate in certificates:
        if certificate.pdf:
            with certificate.pdf.open("rb") as pdf:
                parts.append((f"certificates/{certificate.display_code}.pdf", pdf.read()))
        token = credential_sign(certificate)
        parts.append((f"certificates/{certificate.display_code}.jwt", token.encode()))
    return parts


def user_erasing(*, user) -> dict[str, int]:
    mine = Certificate.objects.filter(user=user)
    valid = list(mine.filter(status=CertificateStatus.VALID))
    for certificate in valid:
        certificate_revoke(certificate=certificate, reason=ERASED_REASON)
    pdf_names = [name for name in mine.exclude(pdf="").values_list("pdf", flat=True) if name]
    # Marking every revision rendered and e-mailed stops a queued render or e-mail task.
    updated = mine.update(
        learner_name="",
        pdf="",
        rendered_revision=F("revision"),
        emailed_revision=F("revision"),
    )
    if pdf_names:
        storage = Certificate._meta.get_field("pdf").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in pdf_names])
    return {
        "certificates.revoked": len(valid),
        "certificates.anonymised": updated,
        "certificates.pdfs_deleted": len(pdf_names),
    }
