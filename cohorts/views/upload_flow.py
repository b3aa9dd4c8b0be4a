"""One upload flow for every import: upload -> dry run (nothing written) -> signed token ->
confirm.

The participants import and the attendance import differ only in their parser, their plan
and their commit; the steps between them (the form, the file errors, the token that carries
the parsed rows from the dry run to the confirm step, its expiry) are this module's. The
token is salted per flow *and* per object, so a token of one cohort (or of the other import)
never verifies for another, and it expires after `max_age` seconds
(docs/decisions/cohorts-grids-and-uploads.md)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core import signing
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from ..forms import UploadForm
from ..importing import ImportFileError, ParsedRow

Parser = Callable[..., list[ParsedRow]]


@dataclass
class UploadStep:
    """Where one request stands in the flow. At most one of `parsed`, `confirmed`, `expired`
    is set; none on a first visit or an upload the form refused."""

    form: UploadForm
    parsed: list[ParsedRow] | None = None  # the dry run: every row, with its errors
    token: str | None = None  # the rows that passed, signed for the confirm step
    confirmed: list[ParsedRow] | None = None  # the confirm step: the rows to commit
    expired: bool = False  # a confirm whose token is forged, foreign or too old

    @property
    def status(self) -> int:
        return 400 if self.form.errors else 200


class UploadFlow:
    """The flow of one kind of import (`name`) for one object (`pk`)."""

    CONFIRM = "confirm"  # the confirm button's name
    ROWS = "rows"  # the hidden field carrying the token

    def __init__(self, *, name: str, pk: int, parse: Parser, max_age: int = 3600):
        self.salt = f"cohorts.upload.{name}.{pk}"
        self.parse = parse
        self.max_age = max_age

    def sign(self, parsed: list[ParsedRow]) -> str:
        rows = [{"line": r.line, "values": r.values} for r in parsed if r.ok]
        return signing.dumps(rows, salt=self.salt, compress=True)

    def unsign(self, token: str) -> list[ParsedRow]:
        """The signed rows; raises signing.BadSignature (or its SignatureExpired)."""
        data = signing.loads(token, salt=self.salt, max_age=self.max_age)
        return [ParsedRow(line=item["line"], values=item["values"]) for item in data]

    @staticmethod
    def idle() -> UploadStep:
        """The step of a page where something else than this flow was posted."""
        return UploadStep(form=UploadForm())

    def step(self, request) -> UploadStep:
        """Where this request stands: a first visit, an upload (checked, signed) or a confirm."""
        if request.method != "POST":
            return self.idle()
        if self.CONFIRM in request.POST:
            try:
                rows = self.unsign(request.POST.get(self.ROWS, ""))
            except signing.BadSignature:
                return UploadStep(form=UploadForm(), expired=True)
            return UploadStep(form=UploadForm(), confirmed=rows)
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return UploadStep(form=form)
        filename, data = form.read()
        try:
            parsed = self.parse(filename=filename, data=data)
        except ImportFileError as exc:
            form.add_error("file", str(exc))
            return UploadStep(form=form)
        return UploadStep(form=form, parsed=parsed, token=self.sign(parsed))

    @staticmethod
    def restart(request, to: str):
        """The answer to an expired step: say so, and show the upload form again."""
        messages.error(request, _("This import has expired. Upload the file again."))
        return redirect(to)
