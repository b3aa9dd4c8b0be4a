"""allauth adapter: new accounts get their profile, the Learner role and their language."""

from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

from .forms import PROFILE_FIELDS
from .net import client_ip
from .services import user_assign_default_role


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        """allauth's limits key on the same address as Socle's own (learning.net)."""
        return client_ip(request)

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

    def send_mail(self, template_prefix, email, context):
        """Render allauth's message here, send it from a Celery worker (eager in the default)."""
        from .tasks import send_email

        msg = self.render_mail(template_prefix, email, context)
        html = next(
            (c for c, mime in getattr(msg, "alternatives", []) if mime == "text/html"), None
        )
        send_email.delay(
            subject=msg.subject,
            body=msg.body,
            to=list(msg.to),
            from_email=msg.from_email,
            html=html,
            headers=dict(msg.extra_headers),
        )
