"""allauth adapter: new accounts get their profile, the Learner role and their language."""

from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

from .forms import PROFILE_FIELDS
from .services import user_assign_default_role


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        for field in PROFILE_FIELDS:
            if field in form.cleaned_data:
                setattr(user, field, form.cleaned_data[field])
        if commit:
            user.full_clean(exclude=["password"])
            user.save()
            user_assign_default_role(user=user)
        return user

    def login(self, request, user):
        super().login(request, user)
        if user.preferred_language:
            translation.activate(user.preferred_language)
