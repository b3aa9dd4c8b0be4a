"""Wagtail admin views of the project package: erasing a person on request."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.users.utils import user_can_delete_user

from . import services
from .forms import UserEraseForm


def user_erase(request, pk: int):
    """Erase one person, with a reason; the admin's "Delete user" leads here too."""
    target = get_object_or_404(get_user_model(), pk=pk)
    if not user_can_delete_user(request.user, target):
        raise PermissionDenied
    form = UserEraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_erase(
                user=target, actor=request.user, reason=form.cleaned_data["reason"], request=request
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The person's personal data has been erased."))
            return redirect("wagtailusers_users:index")
    return TemplateResponse(
        request,
        "learning/admin/user_erase.html",
        {
            "form": form,
            "target": target,
            "page_title": _("Erase personal data"),
            "header_icon": "user",
        },
        status=400 if form.errors else 200,
    )
