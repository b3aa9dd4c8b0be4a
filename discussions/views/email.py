"""The digest's settings: a switch in the space, and the signed one-click unsubscribe link.

The unsubscribe address carries a signed user id (django.core.signing, its own salt): it
needs no sign-in, since it is opened from a mail program. GET shows a button; POST turns
the digest off. Mail programs that offer their own button (RFC 8058, List-Unsubscribe-Post)
POST without a CSRF token, hence `csrf_exempt`: the signature is the proof, and the only
effect is to send fewer e-mails."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from learning.net import safe_next_url

from .. import services
from ..notifications import unsubscribe_user_id


@login_required
@require_POST
def digest_preference(request):
    enabled = request.POST.get("enabled") == "1"
    services.digest_set(user=request.user, enabled=enabled)
    messages.success(
        request,
        _("You will receive the daily digest.")
        if enabled
        else _("You will no longer receive the daily digest."),
    )
    target = safe_next_url(request, request.POST.get("next"), reverse("dashboard"))
    return HttpResponseRedirect(target)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    user_id = unsubscribe_user_id(token)
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        raise Http404
    done = request.method == "POST"
    if done:
        services.digest_set(user=user, enabled=False)
    return render(request, "discussions/unsubscribe.html", {"done": done, "token": token})
