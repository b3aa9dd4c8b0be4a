"""factory-boy factories shared by the tests. One module per app; import from here."""

from .users import UserFactory

__all__ = ["UserFactory"]
