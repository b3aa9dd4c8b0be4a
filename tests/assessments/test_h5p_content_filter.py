"""content.json is filtered against the libraries' semantics.json when a package is stored."""

import json

import pytest

from assessments.h5p import store
from assessments.h5p.content_filter import content_filter
from assessments.services import h5p_package_create
from learning.storage import private_storage
from tests.factories import h5p_entries, h5p_package, h5p_upload, zip_bytes

pytestmark = pytest.mark.django_db

SEMANTICS = [
    {"name": "intro", "type": "text", "widget": "html", "tags": ["strong", "em", "a", "ul"]},
    {"name": "body", "type": "text", "widget": "html"},
    {"name": "styled", "type": "text", "widget": "html", "tags": ["p"], "font": {"color": True}},
    {"name": "title", "type": "text"},
    {"name": "count", "type": "number", "min": 1, "max": 10},
    {"name": "shuffle", "type": "boolean"},
    {
        "name": "mode",
        "type": "select",
        "options": [{"value": "easy", "label": "E"}, {"value": "hard", "label": "H"}],
    },
    {
        "name": "answers",
        "type": "list",
        "max": 2,
        "field": {
            "name": "answer",
            "type": "group",
            "fields": [
                {"name": "text", "type": "text", "widget": "html", "tags": ["em"]},
                {"name": "correct", "type": "boolean"},
            ],
        },
    },
    {"name": "picture", "type": "image"},
    {"name": "only", "type": "group", "fields": [{"name": "label", "type": "text"}]},
    {"name": "sub", "type": "library", "options": ["SOCLE.Inner 1.0"]},
]
INNER = [{"name": "note", "type": "text", "widget": "html", "tags": ["strong"]}]


def semantics_of(key):
    return {"SOCLE.Inner-1.0": INNER}.get(key)


def run(params):
    return content_filter(params, semantics=SEMANTICS, semantics_of=semantics_of)


def test_html_fields_keep_only_the_allowed_tags_and_no_script():
    kept = run(
        {
            "intro": "<p>Hi <strong>all</strong><script>alert(1)</script><img src=x "
            'onerror="alert(1)"><a href="javascript:alert(1)">x</a><a href="https://ilo.org" '
            'onclick="steal()">ILO</a><a href="/relative">r</a><a href="data:text/html,x">d</a>'
            '<iframe src="https://evil.example"></iframe></p>',
        }
    )
    assert kept["intro"] == (
        '<p>Hi <strong>all</strong><a rel="noopener noreferrer">x</a>'
        '<a href="https://ilo.org" rel="noopener noreferrer">ILO</a>'
        '<a href="/relative" rel="noopener noreferrer">r</a><a rel="noopener noreferrer">d</a></p>'
    )


def test_an_html_field_without_tags_gets_a_small_safe_set():
    kept = run({"body": "<h1>T</h1><b>b</b><table><tr><td>x</td></tr></table><u>u</u>"})
    assert kept["body"] == "T<b>b</b>x<u>u</u>"


def test_style_only_for_the_properties_the_semantics_allow():
    kept = run({"styled": '<p style="color: red; position: fixed; text-align: center">x</p>'})
    assert kept["styled"] == '<p style="color:red;text-align:center">x</p>'
    assert run({"body": '<p style="color: red">x</p>'})["body"] == "<p>x</p>"


def test_plain_text_is_escaped_as_h5p_core_does():
    kept = run({"title": '<b>R202</b> & C102\'s "floor" &amp;'})
    assert kept["title"] == "&lt;b&gt;R202&lt;/b&gt; &amp; C102&#039;s &quot;floor&quot; &amp;"


def test_numbers_booleans_and_selects_are_checked_against_the_semantics():
    assert run({"count": 99, "shuffle": True, "mode": "hard"}) == {
        "count": 10,
        "shuffle": True,
        "mode": "hard",
    }
    assert run({"count": 0})["count"] == 1
    assert run({"count": "5", "shuffle": "yes", "mode": "insane"}) == {}
    assert run({"count": True}) == {}


def test_unknown_fields_are_dropped_and_lists_and_groups_filtered():
    kept = run(
        {
            "evil": "<script>x</script>",
            "answers": [
                {"text": "<em>a</em><script>x</script>", "correct": True, "onclick": "x"},
                {"text": "b", "correct": "no"},
                {"text": "c", "correct": False},
            ],
            "only": "<b>flattened</b>",
        }
    )
    assert kept == {
        "answers": [{"text": "<em>a</em>", "correct": True}, {"text": "b"}],
        "only": "&lt;b&gt;flattened&lt;/b&gt;",
    }


def test_files_need_a_safe_path():
    assert run({"picture": {"path": "images/a.png", "mime": "image/png", "x": 1}}) == {
        "picture": {"path": "images/a.png", "mime": "image/png"}
    }
    for path in ["javascript:alert(1)", "data:image/svg+xml,<svg/onload=alert(1)>", "../a.png"]:
        assert run({"picture": {"path": path}}) == {}


def test_sub_content_is_filtered_by_its_own_library_semantics():
    kept = run(
        {
            "sub": {
                "library": "SOCLE.Inner 1.0",
                "params": {"note": "<strong>x</strong><script>1</script>", "junk": 1},
                "subContentId": "1b7c-22",
                "metadata": {"title": "<i>t</i>"},
            }
        }
    )
    assert kept == {
        "sub": {
            "library": "SOCLE.Inner 1.0",
            "params": {"note": "<strong>x</strong>"},
            "subContentId": "1b7c-22",
            "metadata": {"title": "&lt;i&gt;t&lt;/i&gt;"},
        }
    }
    assert run({"sub": {"library": "SOCLE.Other 1.0", "params": {}}}) == {}


def test_a_library_without_semantics_gets_every_string_escaped():
    kept = content_filter({"a": ["<script>x</script>", 1]}, semantics=None, semantics_of=dict.get)
    assert kept == {"a": ["&lt;script&gt;x&lt;/script&gt;", 1]}


def test_a_stored_package_holds_the_filtered_content_json():
    entries = h5p_entries(
        extra={
            "SOCLE.Test-1.0/semantics.json": json.dumps(SEMANTICS),
            "content/content.json": json.dumps(
                {
                    "intro": '<a href="javascript:alert(1)">x</a><img src=x onerror=alert(1)>',
                    "title": "<script>alert(1)</script>",
                    "count": 3,
                    "extra": "dropped",
                }
            ),
        }
    )
    package = h5p_package_create(upload=h5p_upload(zip_bytes(entries)), may_install_libraries=True)
    name = store.file_name(store.content_prefix(package.uuid), "content/content.json")
    with private_storage.open(name, "rb") as handle:
        stored = json.loads(handle.read())
    assert stored == {
        "intro": '<a rel="noopener noreferrer">x</a>',
        "title": "&lt;script&gt;alert(1)&lt;/script&gt;",
        "count": 3,
    }


def test_socles_knowledge_check_is_stored_escaped_and_complete():
    content = {
        "question": "R202's floors & <b>C102</b>?",
        "options": [
            {"text": "Yes", "correct": True, "feedback": "Right", "onclick": "x"},
            {"text": "No", "correct": False},
        ],
        "l10n": {"check": "Check", "retry": "Again"},
        "unknown": 1,
    }
    package = h5p_package(title="Escaped", content=content)
    name = store.file_name(store.content_prefix(package.uuid), "content/content.json")
    with private_storage.open(name, "rb") as handle:
        stored = json.loads(handle.read())
    assert stored == {
        "question": "R202&#039;s floors &amp; &lt;b&gt;C102&lt;/b&gt;?",
        "options": [
            {"text": "Yes", "correct": True, "feedback": "Right"},
            {"text": "No", "correct": False},
        ],
        "l10n": {"check": "Check", "retry": "Again"},
    }
