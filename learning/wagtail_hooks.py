from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("site_nav_items")
def dashboard_nav_item(request):
    if request.user.is_authenticated:
        return (10, _("My learning"), reverse("dashboard"))
    return None
