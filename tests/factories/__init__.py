"""factory-boy factories shared by the tests. One module per app; import from here."""

from .users import UserFactory

__all__ = ["UserFactory"]

from .casestudies import case_library, case_study  # noqa: E402

__all__ += ["case_library", "case_study"]

from .assessments import (  # noqa: E402
    attempt_form,
    enrolled,
    h5p_bytes,
    h5p_entries,
    h5p_package,
    h5p_upload,
    quiz_page,
    right_answers,
    sample_questions,
    zip_bytes,
)

__all__ += [
    "attempt_form",
    "enrolled",
    "h5p_bytes",
    "h5p_entries",
    "h5p_package",
    "h5p_upload",
    "quiz_page",
    "right_answers",
    "sample_questions",
    "zip_bytes",
]

from . import courses as course_factories  # noqa: E402

__all__ += ["course_factories"]

from .certificates import (  # noqa: E402
    CertificateFactory,
    CertificateTemplateFactory,
    CourseCertificateSettingsFactory,
)

__all__ += ["CertificateFactory", "CertificateTemplateFactory", "CourseCertificateSettingsFactory"]

from . import cohorts as cohort_factories  # noqa: E402

__all__ += ["cohort_factories"]
