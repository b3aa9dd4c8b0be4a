"""Wagtail admin views for H5P packages: uploads go through the service, never save()."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.log_actions import log
from wagtail.snippets.views.snippets import CreateView, DeleteView, EditView, SnippetViewSet

from . import services
from .models import H5PPackage


class H5PPackageForm(WagtailAdminModelForm):
    confirm_library_update = forms.BooleanField(
        label=_("Update shared libraries"),
        required=False,
        help_text=_(
            "Tick this, and choose the file again, to confirm an update of H5P libraries "
            "that other packages and lessons use. Only asked when the package brings one."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The archive is a private file: it has no URL, so the widget must not link to it.
        self.fields["source"].widget = forms.FileInput(attrs={"accept": ".h5p"})
        if self.instance.pk:  # a package's content is never replaced, so nothing to confirm
            self.fields.pop("confirm_library_update", None)

    def clean(self):
        data = super().clean()
        if self.instance.pk and "source" in self.changed_data:
            self.add_error(
                "source",
                _("The content of a package cannot be replaced; add a new package instead."),
            )
        return data


class H5PPackageCreateView(CreateView):
    def form_valid(self, form):
        self.form = form
        notes: list[str] = []
        try:
            self.object = services.h5p_package_create(
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["source"],
                user=self.request.user,
                confirm_library_updates=form.cleaned_data.get("confirm_library_update", False),
                notes=notes,
                request=self.request,
            )
        except services.LibraryUpdateUnconfirmed as exc:
            form.add_error("confirm_library_update", exc.messages)
            self.produced_error_code = "invalid"
            self.produced_error_message = " ".join(exc.messages)
            return self.form_invalid(form)
        except ValidationError as exc:
            form.add_error("source", exc.messages)
            self.produced_error_code = "invalid"
            self.produced_error_message = " ".join(exc.messages)
            return self.form_invalid(form)
        log(instance=self.object, action="wagtail.create", user=self.request.user)
        for note in notes:
            messages.warning(self.request, note)
        response = self.save_action()
        hook_response = self.run_after_hook()
        return hook_response if hook_response is not None else response


class H5PPackageEditView(EditView):
    pass


class H5PPackageDeleteView(DeleteView):
    def delete_action(self):
        log(instance=self.object, action="wagtail.delete", user=self.request.user)
        services.h5p_package_delete(package=self.object)


class H5PPackageViewSet(SnippetViewSet):
    model = H5PPackage
    icon = "media"
    menu_label = _("H5P packages")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["title", "main_library", "size", "created_at"]
    search_fields = ["title"]
    add_view_class = H5PPackageCreateView
    edit_view_class = H5PPackageEditView
    delete_view_class = H5PPackageDeleteView
    edit_handler = ObjectList(
        [FieldPanel("title"), FieldPanel("source"), FieldPanel("confirm_library_update")],
        base_form_class=H5PPackageForm,
    )
