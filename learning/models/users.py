"""The custom user: e-mail login, the name as it must appear on a certificate, and the profile
facts trainers need for funder reports (used only in aggregate)."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

# One validator for the whole project (models, forms, migrations refer to this name).
from ..validators import validate_time_zone  # noqa: E402, F401


class OrganisationType(models.TextChoices):
    MINISTRY = "ministry", _("Ministry or government agency")
    SOCIAL_SECURITY = "social_security", _("Social-security institution")
    DEVELOPMENT_PARTNER = "development_partner", _("Development partner")
    ACADEMIA = "academia", _("Academia or research")
    CIVIL_SOCIETY = "civil_society", _("Civil society, workers' or employers' organisation")
    OTHER = "other", _("Other")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


class SocleUserManager(UserManager):
    """E-mail is the login; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person on Socle.

    `full_name` is the name printed on certificates, in any script, exactly as typed.
    `first_name`/`last_name` stay because Wagtail's user admin requires them; see
    docs/decisions/0002-user-model.md.
    """

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(
        _("full name"),
        max_length=200,
        help_text=_("As it should appear on your certificates, in any script."),
    )
    country = CountryField(_("country"), blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    organisation_type = models.CharField(
        _("type of organisation"), max_length=32, choices=OrganisationType.choices, blank=True
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    sex = models.CharField(
        _("sex"),
        max_length=16,
        choices=Sex.choices,
        blank=True,
        help_text=_("Optional. Used only in anonymous, aggregate reports to funders."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )

    # When the retention task last warned that this inactive account will be erased
    # (SOCLE_INACTIVE_ACCOUNT_RETENTION_DAYS); activity after it cancels the warning.
    inactivity_warned_at = models.DateTimeField(
        _("warned of erasure for inactivity"), null=True, blank=True, editable=False
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = SocleUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or f"{self.first_name} {self.last_name}".strip() or self.email

    def get_short_name(self) -> str:
        return self.full_name or self.first_name or self.email
