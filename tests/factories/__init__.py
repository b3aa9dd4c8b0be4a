"""factory-boy factories shared by the tests. One module per app; import from here."""

from .users import UserFactory

__all__ = ["UserFactory"]

from .casestudies import case_library, case_study  # noqa: E402

__all__ += ["case_library", "case_study"]

from .assessments import h5p_bytes, h5p_entries, h5p_package, h5p_upload, zip_bytes  # noqa: E402

__all__ += ["h5p_bytes", "h5p_entries", "h5p_package", "h5p_upload", "zip_bytes"]

from . import courses as course_factories  # noqa: E402

__all__ += ["course_factories"]
