"""The markup mistakes the Nu HTML checker found, guarded in the default suite (no Java).

The browser tier runs the checker itself over every page type; these tests hold the fixed
pages to the two rules that were broken: no block in an element that takes only phrasing
content (a <p> in a <legend>, a <ul> in a <p>), and no id used twice; and what labels and
descriptions point to exists.
"""

from collections import Counter
from html.parser import HTMLParser

import pytest

from tests.factories import enrolled, quiz_page
from tests.factories.assessments import q_ordering, q_single

pytestmark = pytest.mark.django_db

PHRASING_ONLY = {"p", "span", "legend", "label", "button", "h1", "h2", "h3", "h4", "h5", "h6"}
BLOCKS = {"p", "div", "ul", "ol", "dl", "table", "section", "article", "blockquote", "form"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
VOID |= {"track", "wbr"}


class Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.misplaced: list[str] = []
        self.ids = Counter()
        self.by_id: dict[str, tuple[str, dict]] = {}
        self.fieldsets: list[dict] = []
        self.references: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in BLOCKS:
            holders = [t for t in self.stack if t in PHRASING_ONLY]
            if holders:
                self.misplaced.append(f"<{tag}> inside <{holders[-1]}>")
        if a.get("id"):
            self.ids[a["id"]] += 1
            self.by_id[a["id"]] = (tag, a)
        if tag == "fieldset":
            self.fieldsets.append(a)
        for name in ("aria-describedby", "aria-labelledby", "for"):
            self.references.update((a.get(name) or "").split())
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass


def outline(response) -> Outline:
    parser = Outline()
    parser.feed(response.content.decode())
    assert parser.misplaced == []
    assert [i for i, n in parser.ids.items() if n > 1] == []
    assert parser.references - set(parser.ids) == set()
    return parser


def test_a_quiz_prompt_in_paragraphs_names_its_fieldset_from_outside_a_legend(client, learner):
    quiz = quiz_page(
        questions=[
            q_single("Which scheme pays pensions from contributions?", [("PAYG", True, "")]),
            q_ordering("Put the steps in order.", ["Register", "Contribute", "Claim"]),
        ]
    )
    enrolled(learner, quiz)
    client.force_login(learner)
    started = client.post(f"/assessments/quizzes/{quiz.pk}/start/")
    page = client.get(started.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<legend" not in html
    parsed = outline(page)
    assert len(parsed.fieldsets) == 2
    for attrs in parsed.fieldsets:
        tag, prompt = parsed.by_id[attrs["aria-labelledby"]]
        assert tag == "div" and "question__prompt" in prompt["class"]
    assert "<p>Which scheme pays pensions from contributions?</p>" in html


@pytest.mark.parametrize("data", [None, {"email": "not-an-address", "password1": "short"}])
def test_sign_up_help_texts_are_not_lists_inside_paragraphs(client, data):
    response = (
        client.get("/accounts/signup/") if data is None else client.post("/accounts/signup/", data)
    )
    assert response.status_code == 200
    parsed = outline(response)
    # The password's help text (a list of rules) is still there, tied to its field.
    assert parsed.by_id["id_password1_helptext"][0] == "div"
    assert "id_password1_helptext" in parsed.by_id["id_password1"][1]["aria-describedby"]
    assert "Email:" in response.content.decode()


def test_the_verify_page_uses_each_id_once(client, db):
    response = client.get("/certificates/verify/")
    assert response.status_code == 200
    parsed = outline(response)
    assert parsed.by_id["id_code"][1]["name"] == "code"
    assert parsed.by_id["id_pdf_check_code"][1]["type"] == "hidden"
    assert parsed.by_id["id_pdf_check_pdf"][1]["type"] == "file"
