"""Factories of the assessments app: .h5p archives (good and hostile) and packages."""

from __future__ import annotations

import io
import json
import uuid
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.h5p.build import SAMPLE_CONTENT, package_build
from assessments.models import QuizPage
from assessments.services import h5p_package_create
from assessments.services.quiz import attempt_questions
from courses.models import ModulePage
from courses.selectors import course_for_step
from courses.services import enrollment_create

from .courses import course as make_course


def h5p_bytes(*, title: str = "Knowledge check", content: dict | None = None) -> bytes:
    """A valid package of Socle's own content type."""
    return package_build(title=title, content=content or SAMPLE_CONTENT)


def h5p_upload(data: bytes | None = None, name: str = "package.h5p") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data if data is not None else h5p_bytes())


def zip_bytes(entries: dict[str, bytes | str], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def h5p_entries(*, patch: int = 2, library_js: str = "/* v */", extra: dict | None = None):
    """The entries of a minimal valid package with one library, to alter in tests."""
    h5p_json = {
        "title": "Hand-made",
        "language": "en",
        "mainLibrary": "SOCLE.Test",
        "embedTypes": ["div"],
        "preloadedDependencies": [
            {"machineName": "SOCLE.Test", "majorVersion": 1, "minorVersion": 0}
        ],
    }
    library = {
        "title": "Test",
        "machineName": "SOCLE.Test",
        "majorVersion": 1,
        "minorVersion": 0,
        "patchVersion": patch,
        "runnable": 1,
        "preloadedJs": [{"path": "test.js"}],
    }
    entries = {
        "h5p.json": json.dumps(h5p_json),
        "content/content.json": json.dumps({"question": "?"}),
        "SOCLE.Test-1.0/library.json": json.dumps(library),
        "SOCLE.Test-1.0/test.js": library_js,
    }
    entries.update(extra or {})
    return entries


def h5p_package(*, user=None, title: str = "Knowledge check", content: dict | None = None):
    """An H5P package added through the service (installing the library if needed)."""

    return h5p_package_create(
        title=title,
        upload=h5p_upload(h5p_bytes(title=title, content=content)),
        user=user,
        may_install_libraries=True,
    )


# --- quizzes ----------------------------------------------------------------------------------


def _block(kind: str, value: dict) -> dict:
    value.setdefault("points", "1")
    value.setdefault("explanation", "")
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}


def q_single(prompt, options, **kw) -> dict:
    """options: [(text, correct, feedback), ...]"""
    opts = [{"text": t, "correct": c, "feedback": f} for t, c, f in options]
    return _block("single_choice", {"prompt": f"<p>{prompt}</p>", "options": opts, **kw})


def q_multiple(prompt, options, **kw) -> dict:
    opts = [{"text": t, "correct": c, "feedback": f} for t, c, f in options]
    kw.setdefault("scoring", "partial")
    kw.setdefault("penalty_percent", None)
    return _block("multiple_response", {"prompt": f"<p>{prompt}</p>", "options": opts, **kw})


def q_true_false(prompt, answer: bool, **kw) -> dict:
    kw.setdefault("feedback_true", "")
    kw.setdefault("feedback_false", "")
    return _block(
        "true_false", {"prompt": f"<p>{prompt}</p>", "answer": "true" if answer else "false", **kw}
    )


def q_numeric(prompt, answer, tolerance="0", kind="absolute", unit="", **kw) -> dict:
    return _block(
        "numeric",
        {
            "prompt": f"<p>{prompt}</p>",
            "answer": str(answer),
            "tolerance": str(tolerance),
            "tolerance_kind": kind,
            "unit": unit,
            **kw,
        },
    )


def q_calculated(
    prompt, variables, formula="", *, tolerance="0", kind="absolute", unit="", **kw
) -> dict:
    """variables: [(name, minimum, maximum, decimals), ...]; a model-based one passes
    answer_source="model", model, output, year and assumptions=[(assumption, variable, value)]."""
    assumptions = [
        {"assumption": a, "variable": v or "", "value": None if x is None else str(x)}
        for a, v, x in kw.pop("assumptions", [])
    ]
    value = {
        "prompt": f"<p>{prompt}</p>",
        "variables": [
            {"name": n, "minimum": str(lo), "maximum": str(hi), "decimals": d}
            for n, lo, hi, d in variables
        ],
        "answer_source": "formula",
        "formula": formula,
        "model": "",
        "output": "",
        "year": None,
        "assumptions": assumptions,
        "answer_decimals": 2,
        "tolerance": str(tolerance),
        "tolerance_kind": kind,
        "unit": unit,
    }
    value.update(kw)
    return _block("calculated", value)


def q_short(prompt, accepted, **kw) -> dict:
    return _block("short_text", {"prompt": f"<p>{prompt}</p>", "accepted": list(accepted), **kw})


def q_matching(prompt, pairs, distractors=(), **kw) -> dict:
    kw.setdefault("scoring", "partial")
    return _block(
        "matching",
        {
            "prompt": f"<p>{prompt}</p>",
            "pairs": [{"premise": p, "match": m} for p, m in pairs],
            "distractors": list(distractors),
            **kw,
        },
    )


def q_ordering(prompt, items, **kw) -> dict:
    kw.setdefault("scoring", "partial")
    return _block("ordering", {"prompt": f"<p>{prompt}</p>", "items": list(items), **kw})


def sample_questions() -> list[dict]:
    """One question of each type; answers and feedback are distinctive strings that the
    leakage tests look for."""
    return [
        q_single(
            "Which financing method pays current pensions from current contributions?",
            [
                ("Full funding", False, "FEEDBACK-SINGLE-WRONG"),
                ("Pay-as-you-go", True, "FEEDBACK-SINGLE-RIGHT"),
                ("Notional accounts", False, ""),
            ],
            explanation="<p>EXPLANATION-SINGLE</p>",
        ),
        q_multiple(
            "Which of these are contributory schemes?",
            [
                ("Old-age insurance", True, ""),
                ("Employment injury insurance", True, ""),
                ("Social pension", False, "FEEDBACK-MULTI-WRONG"),
            ],
        ),
        q_true_false("Recommendation 202 is a convention.", False, feedback_true="FEEDBACK-TF"),
        q_numeric(
            "Expenditure 18,237 and insurable earnings 100,000: the PAYG cost rate in %?",
            "18.237",
            tolerance="0.1",
            unit="%",
        ),
        q_short("The room a government has to spend more is called…", ["ANSWER-fiscal-space"]),
        q_matching(
            "Match each indicator to its formula",
            [
                ("Old-age dependency ratio", "MATCH-65-over-working-age"),
                ("Replacement rate", "MATCH-pension-over-wage"),
            ],
            distractors=["MATCH-distractor"],
        ),
        q_ordering(
            "Order the steps of an actuarial valuation",
            [
                "ORDER-collect-data",
                "ORDER-project-population",
                "ORDER-project-finances",
                "ORDER-report",
            ],
        ),
    ]


def quiz_page(
    *, module=None, course=None, title="Check your understanding", questions=None, **fields
):
    """A published QuizPage at the end of a course's first module."""

    if module is None:
        course = course or make_course(modules=1, steps_per_module=1)
        module = ModulePage.objects.child_of(course).first()
    fields.setdefault("shuffle_options", False)
    page = QuizPage(
        title=title, questions=questions if questions is not None else sample_questions(), **fields
    )
    module.add_child(instance=page)
    page.save_revision().publish()
    return QuizPage.objects.get(pk=page.pk)


def enrolled(user, quiz):
    """Enrol the user in the quiz's course."""

    return enrollment_create(user=user, course=course_for_step(quiz))


def attempt_form(attempt, answers: dict, *, action: str = "save", version=None) -> dict:
    """POST data for the attempt page, from answers given in the editor's terms.

    answers: {question id: value} with option/match/item *indices* as the editor wrote them;
    they are translated into the attempt's tokens, as the browser would send them.
    """

    layout = attempt.layout["q"]
    kinds = {q.id: q.kind for q in attempt_questions(attempt)}
    data: dict = {"shown": list(answers), "action": action}
    data["version"] = str(attempt.version if version is None else version)
    for qid, value in answers.items():
        entry = layout.get(qid, {})
        kind = kinds.get(qid)
        name = f"q-{qid}"
        if kind == "single_choice":
            data[name] = {i: t for t, i in entry["options"]}[value]
        elif kind == "multiple_response":
            data[name] = [{i: t for t, i in entry["options"]}[v] for v in value]
        elif kind == "true_false":
            data[name] = "true" if value else "false"
        elif kind == "matching":
            tokens = {i: t for t, i in entry["matches"]}
            for premise, match in value.items():
                data[f"{name}-{premise}"] = tokens[match]
        elif kind == "ordering":
            tokens = {i: t for t, i in entry["items"]}
            for position, item in enumerate(value, start=1):
                data[f"{name}-{tokens[item]}"] = str(position)
        else:
            data[name] = value
    return data


def right_answers(attempt) -> dict:
    """The right answer to every question of the attempt, in attempt_form's terms."""

    answers = {}
    for q in attempt_questions(attempt):
        if q.kind == "single_choice":
            answers[q.id] = next(i for i, o in enumerate(q.options) if o.correct)
        elif q.kind == "multiple_response":
            answers[q.id] = [i for i, o in enumerate(q.options) if o.correct]
        elif q.kind == "true_false":
            answers[q.id] = q.answer_bool
        elif q.kind == "numeric":
            answers[q.id] = str(q.number)
        elif q.kind == "short_text":
            answers[q.id] = q.accepted[0]
        elif q.kind == "matching":
            answers[q.id] = {p: p for p in range(len(q.pairs))}
        elif q.kind == "ordering":
            answers[q.id] = list(range(len(q.items)))
    return answers
