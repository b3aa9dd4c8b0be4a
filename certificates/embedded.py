"""The signed credential a certificate PDF carries (`credential.jwt`), read back with limits.

Anyone may upload a PDF to the public verification page, so the reader assumes the worst:
the file's size, its number of objects and pages, and the size of the credential once
decompressed are capped before anything large is built, and encrypted or malformed files
are refused with a plain message. Nothing here trusts the credential: the caller checks its
signature (openbadges.credential_verify) and the certificate it names.
"""

import io
import logging

import pypdf
from django.utils.translation import gettext_lazy as _
from pypdf.errors import LimitReachedError, PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

from .forms import MAX_PDF_BYTES
from .rendering import CREDENTIAL_NAME

logger = logging.getLogger(__name__)

# A certificate is one page of about fifty objects; the margins allow a PDF re-saved by
# another program (object streams, a changed producer) but not a large document.
MAX_PAGES = 3
MAX_OBJECTS = 5_000
# A credential is a few kilobytes; the verification form takes up to 100,000 characters.
MAX_CREDENTIAL_BYTES = 100_000
_LIMITS = {
    "zlib_maximum_output_length": 4 * MAX_PDF_BYTES,
    "stream_decoding_work_maximum_length": 8 * MAX_PDF_BYTES,
    "array_maximum_element_count": 10_000,
    "dictionary_maximum_element_count": 10_000,
    "page_tree_maximum_entries": 100,
    "page_tree_maximum_depth": 10,
    "named_destinations_maximum_entries": 1_000,
    "named_destinations_maximum_depth": 10,
}


class EmbeddedCredentialError(Exception):
    """Why no credential could be read from a PDF; `message` is shown to the visitor."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _refuse(message):
    raise EmbeddedCredentialError(message)


def _open(content: bytes) -> pypdf.PdfReader:
    if len(content) > MAX_PDF_BYTES:
        _refuse(_("The file is larger than 10 MB: no certificate is that large."))
    if not content.startswith(b"%PDF-"):
        _refuse(_("This file is not a PDF."))
    reader = pypdf.PdfReader(
        io.BytesIO(content), strict=False, root_object_recovery_limit=MAX_OBJECTS
    )
    if reader.is_encrypted:
        _refuse(_("This PDF is encrypted: certificates are never encrypted, so it is refused."))
    size = reader.trailer.get("/Size", 0)
    if not isinstance(size, int) or size > MAX_OBJECTS:
        _refuse(_("This PDF has far more objects than a certificate: it is refused."))
    if len(reader.pages) > MAX_PAGES:
        _refuse(_("This PDF has more pages than a certificate: it is refused."))
    return reader


def _filespecs(reader: pypdf.PdfReader):
    """The catalog's associated files (/AF), then its embedded files (a flat /Names array)."""
    root = reader.trailer["/Root"].get_object()
    associated = root.get("/AF")
    associated = associated.get_object() if associated is not None else None
    if isinstance(associated, ArrayObject):
        yield from associated[:20]
    names = root.get("/Names")
    names = names.get_object() if names is not None else None
    if isinstance(names, DictionaryObject) and "/EmbeddedFiles" in names:
        tree = names["/EmbeddedFiles"].get_object()
        flat = tree.get("/Names") if isinstance(tree, DictionaryObject) else None
        flat = flat.get_object() if flat is not None else None
        if isinstance(flat, ArrayObject):
            yield from flat[1:40:2]


def _credential_stream(reader: pypdf.PdfReader) -> StreamObject | None:
    for spec in _filespecs(reader):
        spec = spec.get_object()
        if not isinstance(spec, DictionaryObject):
            continue
        if str(spec.get("/UF", spec.get("/F", ""))) != CREDENTIAL_NAME:
            continue
        files = spec.get("/EF")
        files = files.get_object() if files is not None else None
        stream = files.get("/F").get_object() if isinstance(files, DictionaryObject) else None
        if isinstance(stream, StreamObject):
            return stream
    return None


def _decoded(stream: StreamObject) -> bytes:
    params = stream.get("/Params")
    params = params.get_object() if params is not None else None
    declared = params.get("/Size", 0) if isinstance(params, DictionaryObject) else 0
    filters = stream.get("/Filter")
    filters = filters.get_object() if filters is not None else None
    if isinstance(declared, int) and declared > MAX_CREDENTIAL_BYTES:
        _refuse(_("The credential in this PDF is far larger than a credential: it is refused."))
    if filters not in (None, "/FlateDecode") and filters != ["/FlateDecode"]:
        _refuse(_("The credential in this PDF is stored in an unexpected way: it is refused."))
    # The decompressed size is capped while decompressing (a small stream can inflate to
    # gigabytes), not after.
    try:
        with pypdf.apply_configuration(zlib_maximum_output_length=MAX_CREDENTIAL_BYTES + 1):
            data = stream.get_data()
    except LimitReachedError:
        _refuse(_("The credential in this PDF is far larger than a credential: it is refused."))
    if len(data) > MAX_CREDENTIAL_BYTES:
        _refuse(_("The credential in this PDF is far larger than a credential: it is refused."))
    return data


def embedded_credential(content: bytes) -> str:
    """The credential embedded in a certificate PDF, as text (not yet verified).

    Raises EmbeddedCredentialError, with a message for the visitor, when the file is too
    large, not a PDF, encrypted, malformed, larger than a certificate, or carries no
    credential (or one too large once decompressed)."""
    try:
        with pypdf.apply_configuration(**_LIMITS):
            reader = _open(content)
            stream = _credential_stream(reader)
            if stream is None:
                _refuse(_("This PDF carries no credential of ours."))
            data = _decoded(stream)
    except EmbeddedCredentialError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
        # Malformed on purpose or by accident: the visitor learns only that it was refused.
        logger.info("unreadable PDF uploaded for verification", extra={"error": repr(error)})
        _refuse(_("This PDF could not be read: it is damaged or not a certificate of ours."))
    except RecursionError:
        _refuse(_("This PDF could not be read: it is damaged or not a certificate of ours."))
    try:
        return data.decode("ascii").strip()
    except UnicodeDecodeError:
        _refuse(_("The credential in this PDF is not a credential of ours."))
