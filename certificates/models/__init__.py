"""Certificate templates (snippets), which template a course uses, and issued certificates."""

from ..defaults import CertificateDefaults  # the app's setting model, loaded with the others
from .issued import Certificate, CertificateStatus, SigningAlgorithm, SigningKey, _pdf_path
from .templates import CertificateTemplate, CourseCertificateSettings, Orientation, Signatory

__all__ = [
    "Certificate",
    "CertificateDefaults",
    "CertificateStatus",
    "CertificateTemplate",
    "CourseCertificateSettings",
    "Orientation",
    "Signatory",
    "SigningAlgorithm",
    "SigningKey",
    "_pdf_path",
]
