from .pages import HomePage
from .users import OrganisationType, Sex, User

__all__ = ["HomePage", "OrganisationType", "Sex", "User"]
