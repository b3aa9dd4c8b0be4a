"""Demo data of the project package: the site, its home page and one account per role."""

import secrets

from django.db import transaction
from wagtail.models import Page, Site

from .locales import default_locale_id
from .models import HomePage, User
from .roles import Role
from .services import user_create

DEMO_ACCOUNTS = [
    # (e-mail, full name, role, country, organisation, organisation type, sex, language, tz)
    (
        "learner@socle.example",
        "Malika Rahimova",
        Role.LEARNER,
        "TJ",
        "Agency of Social Protection, Tajikistan",
        "social_security",
        "female",
        "ru",
        "Asia/Dushanbe",
    ),
    (
        "trainer@socle.example",
        "Jean-Baptiste Nkurunziza",
        Role.TRAINER,
        "RW",
        "Rwanda Social Security Board",
        "social_security",
        "male",
        "fr",
        "Africa/Kigali",
    ),
    (
        "editor@socle.example",
        "Souksavanh Phommachanh",
        Role.CONTENT_EDITOR,
        "LA",
        "Lao Social Security Organisation",
        "social_security",
        "female",
        "lo",
        "Asia/Vientiane",
    ),
    (
        "admin@socle.example",
        "Amina El Idrissi",
        Role.ADMINISTRATOR,
        "MA",
        "Ministry of Economy and Finance, Morocco",
        "ministry",
        "female",
        "fr",
        "Africa/Casablanca",
    ),
]


@transaction.atomic
def home_page_ensure() -> HomePage:
    """The site's home page at the tree's root, replacing Wagtail's placeholder page."""
    home = HomePage.objects.filter(locale_id=default_locale_id()).first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(
            title="Socle",
            slug="home",
            hero_title="Learning for the people who build social protection",
            hero_text=(
                "<p>Short self-paced courses on the governance of social security, actuarial "
                "planning and financing, and the digital transformation of social protection, "
                "with a library of good practice from Lao PDR, Tajikistan, China, Rwanda, "
                "Uzbekistan, Morocco and beyond.</p>"
            ),
            body=(
                "<p>More than half of the world's population has little or no access to social "
                "protection. Socle helps ministries, social-security institutions and training "
                "centres build the skills to close that gap: learn at your own pace, join a "
                "cohort with live webinars, and earn a certificate anyone can verify.</p>"
            ),
        )
        placeholder = (
            Page.objects.filter(depth=2, slug="home")
            .exclude(id__in=HomePage.objects.values("id"))
            .first()
        )
        if placeholder is not None:
            placeholder.slug = "welcome-placeholder"
            placeholder.save_revision().publish()
        root.add_child(instance=home)
        home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name="Socle",
            )
        else:
            site.root_page = home
            site.site_name = "Socle"
            site.save()
        if placeholder is not None:
            placeholder.delete()
    return home


def demo_accounts_ensure(*, stdout, reset_passwords: bool = False) -> list[User]:
    users = []
    rows = []
    for email, name, role, country, org, org_type, sex, lang, tz in DEMO_ACCOUNTS:
        existing = User.objects.filter(email=email).first()
        password = None
        if existing is None or reset_passwords:
            password = secrets.token_urlsafe(12)
        user = user_create(
            email=email,
            password=password,
            full_name=name,
            roles=(role,),
            country=country,
            organisation=org,
            organisation_type=org_type,
            sex=sex,
            preferred_language=lang,
            time_zone=tz,
        )
        if existing is not None and password:
            user.set_password(password)
            user.save(update_fields=["password"])
        users.append(user)
        rows.append(
            (role.label, email, password or "(unchanged; --reset-passwords prints a new one)")
        )
    stdout.write("Demo accounts:")
    for role, email, password in rows:
        stdout.write(f"  {role:<15} {email:<26} {password}")
    return users


def load(*, stdout, reset_passwords: bool = False) -> None:
    home_page_ensure()
    demo_accounts_ensure(stdout=stdout, reset_passwords=reset_passwords)
