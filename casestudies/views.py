"""Views of the library; the index page's routes and the case page's PDF route call them."""

from datetime import UTC, datetime
from urllib.parse import urlsplit

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_countries import countries

from . import selectors, services
from .forms import ProposalForm
from .pdf import case_study_pdf_bytes

FEED_SIZE = 30


def _chip_urls(result, params) -> None:
    """Each selected filter gets the URL of the same list without it."""
    for chip in result.chips:
        pairs = [
            (k, v)
            for k in params
            for v in params.getlist(k)
            if k != "page" and not (k == chip["key"] and v.upper() == chip["value"].upper())
        ]
        chip["remove_url"] = "?" + urlencode(pairs)


def library(request, index):
    result = selectors.library_search(
        index=index, params=request.GET, page_number=request.GET.get("page") or 1
    )
    _chip_urls(result, request.GET)
    return index.render(
        request,
        context_overrides={
            "result": result,
            "sorts": selectors.SORTS,
            "feed_url": index.url + index.reverse_subpage("feed"),
            "propose_url": index.url + index.reverse_subpage("propose"),
        },
    )


def country(request, index, code):
    code = code.upper()
    name = dict(countries).get(code)
    if name is None:
        raise Http404(_("Unknown country"))
    cases = selectors.country_cases(index=index, code=code)
    citing = selectors.citing_pages_for(cases)
    courses = {}
    for case in cases:
        case.citing = citing.get(case.pk, [])
        for item in case.citing:
            course = item["course"]
            if course is not None:
                courses.setdefault(course.pk, {"course": course, "cases": []})
                if case not in courses[course.pk]["cases"]:
                    courses[course.pk]["cases"].append(case)
    return index.render(
        request,
        template="casestudies/country_page.html",
        context_overrides={
            "country_code": code,
            "country_name": name,
            "cases": cases,
            "courses": sorted(courses.values(), key=lambda c: c["course"].title),
        },
    )


def _tag_uri(moment, specific: str) -> str:
    """An RFC 4151 tag URI: the site's domain, the day the object was first published (the
    domain was the site's then) and a path that never changes. Neither the Host header of
    the request nor a later move of the site to another address changes it, when
    CASESTUDIES_FEED_AUTHORITY keeps the first domain."""
    authority = getattr(settings, "CASESTUDIES_FEED_AUTHORITY", "") or (
        urlsplit(settings.SITE_URL).hostname or "localhost"
    )
    day = (moment or datetime(2026, 1, 1, tzinfo=UTC)).astimezone(UTC).date().isoformat()
    return f"tag:{authority},{day}:{specific}"


def feed(request, index):
    # Addresses from the configured site address, not from the request's Host header, which
    # the client chooses: a feed reader must see the same ids and links whoever asks.
    site_url = settings.SITE_URL.rstrip("/")
    atom = Atom1Feed(
        title=_("Socle: new case studies"),
        link=site_url + urlsplit(index.url).path,
        description=_("Good practices of social protection, newest first."),
        language=request.LANGUAGE_CODE,
        feed_url=site_url + request.path,
        feed_guid=_tag_uri(index.first_published_at, f"casestudies/{index.pk}/feed"),
        # RFC 4287 wants an author for the feed (or every entry): the publishing site.
        author_name=settings.WAGTAIL_SITE_NAME,
        author_link=site_url + "/",
    )
    cases = (
        selectors.library_base_queryset(index)
        .order_by("-first_published_at", "-pk")
        .prefetch_related("countries", "themes")[:FEED_SIZE]
    )
    for case in cases:
        atom.add_item(
            title=case.title,
            link=site_url + urlsplit(case.url).path,
            description=case.summary,
            unique_id=_tag_uri(case.first_published_at, f"casestudies/case/{case.pk}"),
            pubdate=case.first_published_at,
            updateddate=case.last_published_at,
            categories=[c.country.name for c in case.countries.all()]
            + [t.name for t in case.themes.all()],
        )
    return HttpResponse(
        atom.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8"
    )


# allauth's rate limiter, on the shared cache (Redis in production); the rate is the
# "casestudies_propose" entry of ACCOUNT_RATE_LIMITS. Only proposals actually sent count.
PROPOSAL_RATE_ACTION = "casestudies_propose"


def propose(request, index):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = ProposalForm(request.POST or None)
    limit = {"action": PROPOSAL_RATE_ACTION, "user": request.user}
    if request.method == "POST" and not ratelimit.consume(request, **limit, dry_run=True):
        return _too_many(request, index, form)
    # A form sent back with errors does not count; a valid one takes its place in the
    # account's hourly allowance before anything is written.
    if request.method == "POST" and form.is_valid():
        if not ratelimit.consume(request, **limit):
            return _too_many(request, index, form)
        data = form.cleaned_data
        services.case_study_propose(
            index=index,
            user=request.user,
            title=data["title"],
            summary=data["summary"],
            countries=data["countries"],
            year_start=data["year_start"],
            year_end=data["year_end"],
            themes=list(data["themes"]),
            context=data["context"],
            challenge=data["challenge"],
            approach=data["approach"],
            results=data["results"],
            lessons_learned=data["lessons_learned"],
            sources=data["sources"],
            note=data["note"],
        )
        messages.success(
            request,
            _(
                "Thank you. Your case study was sent to the editors, "
                "who will review it before it is published."
            ),
        )
        return redirect(index.url)
    return index.render(
        request, template="casestudies/propose.html", context_overrides={"form": form}
    )


def _too_many(request, index, form):
    """HTTP 429 with the form as it was sent, so that the contributor keeps the text."""
    response = index.render(
        request,
        template="casestudies/propose.html",
        context_overrides={
            "form": form,
            "limit_message": _(
                "You have sent as many proposals as we accept from one account in an hour. "
                "Nothing was saved: keep your text and send it again later."
            ),
        },
    )
    response.status_code = 429
    return response


# A PDF is rendered on each request (WeasyPrint, tens of milliseconds of CPU): anonymous
# readers are limited per client address, signed-in ones per account, so that colleagues
# behind one office address do not share the anonymous allowance.
PDF_RATE_ACTION = "casestudies_pdf"
PDF_USER_RATE_ACTION = "casestudies_pdf_user"


def case_study_pdf(request, case):
    if request.user.is_authenticated:
        limit = {"action": PDF_USER_RATE_ACTION, "user": request.user}
    else:
        limit = {"action": PDF_RATE_ACTION}
    refused = ratelimit.consume_or_429(request, **limit, limit_get=True)
    if refused is not None:
        return refused
    pdf = case_study_pdf_bytes(case=case, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{case.slug}.pdf"'
    return response
