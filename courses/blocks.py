"""The blocks of a lesson's body (`LESSON_BODY_BLOCKS`)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from casestudies.blocks import CaseStudyBlock

RICH_TEXT_FEATURES = [
    "h3",
    "h4",
    "bold",
    "italic",
    "ol",
    "ul",
    "link",
    "document-link",
    "blockquote",
]


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=250,
        help_text=_("Describe what the image shows for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "courses/blocks/image.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(
        label=_("Video address"), help_text=_("YouTube, Vimeo or another oEmbed link.")
    )
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    transcript = blocks.RichTextBlock(
        label=_("Transcript"), features=["bold", "italic", "ol", "ul", "link"]
    )
    audio = DocumentChooserBlock(
        label=_("Audio-only version"), required=False, help_text=_("For slow connections.")
    )
    text_alternative = blocks.RichTextBlock(
        label=_("Text-only summary"), required=False, features=RICH_TEXT_FEATURES
    )

    class Meta:
        icon = "media"
        label = _("Video")
        template = "courses/blocks/video.html"


class DownloadBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Link text"), max_length=200)
    description = blocks.CharBlock(label=_("Description"), required=False, max_length=300)

    class Meta:
        icon = "doc-full"
        label = _("Download")
        template = "courses/blocks/download.html"


class KeyTakeawayBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120, default=_("Key takeaway"))
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "ul", "ol", "link"])

    class Meta:
        icon = "pick"
        label = _("Key takeaway")
        template = "courses/blocks/key_takeaway.html"


class GlossaryTermBlock(blocks.StructBlock):
    term = blocks.CharBlock(label=_("Term"), max_length=120)
    definition = blocks.TextBlock(label=_("Definition"))

    class Meta:
        icon = "help"
        label = _("Glossary term")
        template = "courses/blocks/glossary_term.html"


class ReflectionBlock(blocks.StructBlock):
    """A private question; the learner's answer is saved per block id and can be exported."""

    prompt = blocks.TextBlock(label=_("Question for reflection"))

    class Meta:
        icon = "edit"
        label = _("Reflection prompt")
        template = "courses/blocks/reflection.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("prompt", "").strip():
            raise ValidationError(_("Write the question."))
        return value


class H5PBlock(blocks.StructBlock):
    """An H5P activity from the assessments app (by string: courses does not import it)."""

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


LESSON_BODY_BLOCKS = [
    (
        "heading",
        blocks.CharBlock(
            label=_("Heading"), form_classname="title", template="courses/blocks/heading.html"
        ),
    ),
    ("paragraph", blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)),
    ("image", ImageBlock()),
    ("video", VideoBlock()),
    ("download", DownloadBlock()),
    ("key_takeaway", KeyTakeawayBlock()),
    ("glossary_term", GlossaryTermBlock()),
    ("case_study", CaseStudyBlock()),
    ("reflection", ReflectionBlock()),
    ("h5p", H5PBlock()),
]
