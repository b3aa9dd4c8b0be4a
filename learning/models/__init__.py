from .audit import AuditAction, AuditEvent
from .pages import HomePage
from .users import OrganisationType, Sex, User

__all__ = ["AuditAction", "AuditEvent", "HomePage", "OrganisationType", "Sex", "User"]
