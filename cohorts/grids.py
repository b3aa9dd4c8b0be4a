"""The trainers' grids as Django formsets: one form per row, carrying the id of its row's
object (a member, a module) in a hidden field.

A row's id must be one of the ids the view offers for *this* cohort, compared as the exact
string it renders: another cohort's member, "²", "١" or "01" is refused with a message, and
the size of the formset is capped at the number of rows offered, so a hand-edited management
form can neither add rows nor make the server build thousands of forms
(docs/decisions/cohorts-grids-and-uploads.md)."""

from django import forms
from django.forms import BaseFormSet, formset_factory
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Attendance, AttendanceStatus, Membership, ModuleSchedule


class _RowForm(forms.Form):
    """A grid row. `rows` maps each offered id (as rendered) to the object of its row."""

    key = "id"  # the hidden field naming the row
    unknown_message = _("Unknown row.")

    def __init__(self, *args, rows: dict[str, object], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        raw = self.data.get(self.add_prefix(self.key)) if self.is_bound else None
        if raw is None:
            raw = self.initial.get(self.key, "")
        self.row_key = str(raw)
        self.row = rows.get(self.row_key)

    def clean(self):
        cleaned = super().clean()
        if self.row is None:
            # Raised from clean() so that the message does not hide in a hidden field.
            raise forms.ValidationError(self.unknown_message, code="unknown_row")
        return cleaned

    @property
    def messages(self) -> list[str]:
        return [str(m) for errors in self.errors.values() for m in errors]


class _GridFormSet(BaseFormSet):
    """A formset of `_RowForm`s, as many at most as rows offered, each row at most once."""

    duplicate_message = _("A row appears twice in the grid.")
    default_error_messages = {
        **BaseFormSet.default_error_messages,
        "too_many_forms": _("The grid has rows this page did not offer. Reload it and try again."),
    }

    def __init__(self, data, *, rows: dict[str, object], form_kwargs: dict, **kwargs):
        self.rows = rows
        # Per instance: the class-wide defaults (1,000) would silently drop rows of a
        # larger cohort, and accept forged rows of a smaller one.
        self.max_num = self.absolute_max = len(rows)
        super().__init__(data, form_kwargs={"rows": rows, **form_kwargs}, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index is not None:
            # Every posted row is validated, even one whose management form says "extra".
            kwargs["empty_permitted"] = False
        return kwargs

    def clean(self):
        if self.total_form_count() < 0:  # the management form has no lower bound
            raise forms.ValidationError(
                self.error_messages["too_many_forms"], code="negative_count"
            )
        keys = [form.row_key for form in self.forms]
        if len(keys) != len(set(keys)):
            raise forms.ValidationError(self.duplicate_message, code="duplicate_row")

    @property
    def messages(self) -> list[str]:
        """Every error, each row's prefixed with its label, for the summary above the grid."""
        found = [str(m) for m in self.non_form_errors()]
        for form in self.forms:
            label = self.label(form.row)
            found.extend(f"{label}: {m}" if label else m for m in form.messages)
        return found

    def label(self, row) -> str:
        return ""


# --- Attendance of one live session -----------------------------------------------------------

_MINUTES = _("Give the minutes as a whole number from 0 to 1,440.")


class AttendanceRowForm(_RowForm):
    key = "user"
    unknown_message = _("Unknown participant in the attendance grid.")

    user = forms.CharField(widget=forms.HiddenInput, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("— (by minutes)")), *AttendanceStatus.choices],
        error_messages={"invalid_choice": _("Unknown status.")},
    )
    minutes = forms.IntegerField(
        label=_("Minutes"),
        required=False,
        min_value=0,
        max_value=1440,
        error_messages={"invalid": _MINUTES, "min_value": _MINUTES, "max_value": _MINUTES},
    )

    def __init__(self, *args, records: dict[int, Attendance], **kwargs):
        super().__init__(*args, **kwargs)
        member = self.row
        self.record = records.get(member.user_id) if isinstance(member, Membership) else None
        self.fields["status"].widget.attrs["aria-describedby"] = "rule"
        if isinstance(member, Membership):
            name = member.user.full_name or member.user.email
            self.fields["minutes"].widget.attrs["aria-label"] = gettext("Minutes, %(name)s") % {
                "name": name
            }


class AttendanceGrid(_GridFormSet):
    duplicate_message = _("A participant appears twice in the attendance grid.")

    def __init__(self, data=None, *, grid: list[tuple[Membership, Attendance | None]]):
        members = {str(m.user_id): m for m, _record in grid}
        records = {m.user_id: r for m, r in grid if r is not None}
        initial = [
            {
                "user": m.user_id,
                "status": r.status if r else "",
                "minutes": r.minutes if r else None,
            }
            for m, r in grid
        ]
        super().__init__(
            data,
            initial=initial,
            rows=members,
            form_kwargs={"records": records},
            prefix="attendance",
        )

    def label(self, row) -> str:
        return (row.user.full_name or row.user.email) if isinstance(row, Membership) else ""

    def entries(self) -> dict[int, dict]:
        """What attendance_grid_save takes: {user_id: {"status", "minutes"}}."""
        return {
            form.row.user_id: {
                "status": form.cleaned_data["status"],
                "minutes": form.cleaned_data["minutes"],
            }
            for form in self.forms
        }


AttendanceGridFormSet = formset_factory(AttendanceRowForm, formset=AttendanceGrid, extra=0)


# --- Release and due days of the course's modules ---------------------------------------------

_DAYS = {"invalid": _("Give whole numbers of days.")}


class ScheduleRowForm(_RowForm):
    key = "module"
    unknown_message = _("Unknown module in the schedule.")

    module = forms.CharField(widget=forms.HiddenInput, required=False)
    release = forms.IntegerField(
        label=_("Opens on day"),
        required=False,
        error_messages=_DAYS,
        widget=forms.NumberInput(attrs={"min": 0}),
    )
    due = forms.IntegerField(
        label=_("Due on day"),
        required=False,
        error_messages=_DAYS,
        widget=forms.NumberInput(attrs={"min": 0}),
    )

    def __init__(self, *args, current: dict[int, ModuleSchedule], **kwargs):
        super().__init__(*args, **kwargs)
        self.title = self.row.title if self.row is not None else ""
        self.schedule = current.get(self.row.pk) if self.row is not None else None
        release, due = self.fields["release"].widget, self.fields["due"].widget
        release.attrs["aria-label"] = gettext("Opens on day, %(m)s") % {"m": self.title}
        due.attrs["aria-label"] = gettext("Due on day, %(m)s") % {"m": self.title}


class ScheduleGrid(_GridFormSet):
    duplicate_message = _("A module appears twice in the schedule.")

    def __init__(self, data=None, *, modules: list, current: dict[int, ModuleSchedule]):
        """`modules`: the course's modules in order, each with `pk` and `title`."""
        initial = [
            {
                "module": m.pk,
                "release": current[m.pk].release_day if m.pk in current else None,
                "due": current[m.pk].due_day if m.pk in current else None,
            }
            for m in modules
        ]
        super().__init__(
            data,
            initial=initial,
            rows={str(m.pk): m for m in modules},
            form_kwargs={"current": current},
            prefix="schedule",
        )

    def label(self, row) -> str:
        return getattr(row, "title", "")

    def entries(self) -> dict[int, tuple[int, int]]:
        """{module id: (release day, due day)} of the rows with a due day (release 0 if empty)."""
        return {
            form.row.pk: (form.cleaned_data["release"] or 0, form.cleaned_data["due"])
            for form in self.forms
            if form.cleaned_data["due"] is not None
        }

    def add_row_errors(self, problems: dict[str, str]) -> None:
        """Show the service's errors ({module id: message}) on their rows."""
        for form in self.forms:
            if form.row_key in problems:
                form.add_error(None, problems[form.row_key])


ScheduleGridFormSet = formset_factory(ScheduleRowForm, formset=ScheduleGrid, extra=0)
