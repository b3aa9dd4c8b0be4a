"""Build an .h5p package from Socle's own content type (assessments/h5p_library/)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

LIBRARY_SOURCE = Path(__file__).resolve().parent.parent / "h5p_library"
KNOWLEDGE_CHECK = "SOCLE.KnowledgeCheck-1.0"

SAMPLE_CONTENT = {
    "question": "Which ILO instrument sets out national social protection floors?",
    "options": [
        {
            "text": "Recommendation No. 202 (2012)",
            "correct": True,
            "feedback": "Yes: R202 asks countries to guarantee basic income security and "
            "essential health care for all.",
        },
        {
            "text": "Convention No. 87 (1948)",
            "correct": False,
            "feedback": "C87 is about freedom of association.",
        },
        {
            "text": "Convention No. 138 (1973)",
            "correct": False,
            "feedback": "C138 sets the minimum age for admission to employment.",
        },
    ],
    "explanation": "Convention No. 102 sets minimum standards for nine branches of social "
    "security; Recommendation No. 202 guides the building of national floors.",
}


def package_build(
    *, title: str, content: dict, library: str = KNOWLEDGE_CHECK, language: str = "en"
) -> bytes:
    """The bytes of an .h5p whose main library is one of Socle's own libraries."""
    source = LIBRARY_SOURCE / library
    meta = json.loads((source / "library.json").read_text())
    h5p_json = {
        "title": title,
        "language": language,
        "mainLibrary": meta["machineName"],
        "embedTypes": meta.get("embedTypes", ["div"]),
        "license": "U",
        "preloadedDependencies": [
            {
                "machineName": meta["machineName"],
                "majorVersion": meta["majorVersion"],
                "minorVersion": meta["minorVersion"],
            }
        ],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("h5p.json", json.dumps(h5p_json, indent=2))
        zf.writestr("content/content.json", json.dumps(content, indent=2, ensure_ascii=False))
        for path in sorted(source.rglob("*")):
            if path.is_file():
                zf.write(path, f"{library}/{path.relative_to(source).as_posix()}")
    return buffer.getvalue()
