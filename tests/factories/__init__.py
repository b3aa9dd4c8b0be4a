"""factory-boy factories shared by the tests. One module per app; import from here."""

from .users import UserFactory

__all__ = ["UserFactory"]

from .casestudies import case_library, case_study  # noqa: E402

__all__ += ["case_library", "case_study"]
