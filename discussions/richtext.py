"""Posts in the site's rich-text subset, sanitised with nh3 (the Rust sanitizer ammonia, as
assessments/h5p/content_filter.py uses it): paragraphs, emphasis, lists, quotes, code and
links; everything else is dropped, scripts and styles with their content. A message typed as
plain text (no tags) keeps its line breaks: blank lines make paragraphs."""

import html
import re

import nh3

TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "a"}
ATTRIBUTES = {"a": {"href"}, "*": {"dir", "lang"}}
URL_SCHEMES = {"http", "https", "mailto"}
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "template", "noscript", "textarea"}
_LOOKS_LIKE_HTML = re.compile(r"</?(?:p|br|strong|em|b|i|ul|ol|li|blockquote|code|a)\b", re.I)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def sanitise(value: str) -> str:
    """The HTML stored for what a member typed."""
    value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not _LOOKS_LIKE_HTML.search(value):
        paragraphs = [p.strip() for p in _PARAGRAPH_BREAK.split(value) if p.strip()]
        value = "".join("<p>" + html.escape(p).replace("\n", "<br>") + "</p>" for p in paragraphs)
    return nh3.clean(
        value,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        clean_content_tags=DROPPED_WITH_CONTENT,
    ).strip()


def plain_text(value: str) -> str:
    """The words of a sanitised body, for mentions and e-mails (tags out, entities decoded)."""
    text = nh3.clean(re.sub(r"<(?:br|/p|/li|/blockquote)\s*/?>", "\n", value), tags=set())
    return html.unescape(text).strip()
