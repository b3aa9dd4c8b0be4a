"""The H5P activity block of a lesson's body (courses' `lesson_body_blocks` hook)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

# The block's name in lesson bodies; stored in every lesson's JSON, so it never changes.
H5P_BLOCK = "h5p"


class H5PBlock(blocks.StructBlock):
    """An H5P activity in a lesson's body (added to it through `lesson_body_blocks`)."""

    package = SnippetChooserBlock("assessments.H5PPackage", label=_("H5P package"))
    title = blocks.CharBlock(
        label=_("Title"),
        required=False,
        max_length=200,
        help_text=_("Shown above the activity; the package's own title when empty."),
    )
    required = blocks.BooleanBlock(
        label=_("Required to complete the course"),
        required=False,
        help_text=_(
            "The learner must report a successful result. H5P scores come from the browser, "
            "so they are self-reported."
        ),
    )

    class Meta:
        icon = "media"
        label = _("H5P activity")
        template = "assessments/blocks/h5p.html"
