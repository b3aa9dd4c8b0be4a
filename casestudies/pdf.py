"""A case study as a tidy printable PDF, for people who read offline.

Fonts come from the shared set-up in learning.pdf (one font family per script, one
FontConfiguration per process), so Latin with diacritics, Cyrillic, Arabic, Lao and Chinese
all print, and a render costs milliseconds once the process has loaded the fonts.
"""

from django.template.loader import render_to_string

from learning.pdf import FONT_STACK, html_to_pdf

from .models import CaseStudyPage
from .selectors import case_study_detail_context


def case_study_pdf_bytes(*, case: CaseStudyPage, request) -> bytes:
    context = case_study_detail_context(case=case, request=request)
    html = render_to_string(
        "casestudies/case_study_pdf.html", {"page": case, **context}, request=request
    )
    stylesheet = render_to_string("casestudies/case_study_pdf.css", {"font_stack": FONT_STACK})
    return html_to_pdf(html, base_url=request.build_absolute_uri("/"), stylesheets=[stylesheet])
