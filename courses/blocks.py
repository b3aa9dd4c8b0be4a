"""The blocks of a lesson's body (`LESSON_BODY_BLOCKS`), and the hook through which apps above
courses add theirs.

- `lesson_body_blocks`: fn() -> [(name, block instance), ...], blocks another app adds to the
  lesson body after the ones below (assessments: its H5P activity, named "h5p"). A block whose
  value has a true `required` member makes the lesson complete through its own result
  (`LessonPage.required_blocks`), not through the learner's button.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks, hooks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

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


LESSON_BODY_BLOCKS_HOOK = "lesson_body_blocks"

COURSES_BODY_BLOCKS = [
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
]


class LessonBodyBlocks:
    """The lesson body's block list: courses' own blocks, then those the `lesson_body_blocks`
    hooks add. Read when Wagtail first builds the StreamField's block (after every app is
    loaded, since StreamField builds it lazily), not when the model class is defined: the
    hooks live in apps that load after courses. Read once; the list never changes while the
    process runs, as a model's fields must not."""

    def __init__(self, own: list) -> None:
        self.own = own
        self._all: list | None = None

    def __iter__(self):
        if self._all is None:
            names = {name for name, _block in self.own}
            found = list(self.own)
            for fn in hooks.get_hooks(LESSON_BODY_BLOCKS_HOOK):
                for name, block in fn():
                    if name in names:
                        raise ValueError(f"Two lesson body blocks are named {name!r}.")
                    names.add(name)
                    found.append((name, block))
            self._all = found
        return iter(self._all)


LESSON_BODY_BLOCKS = LessonBodyBlocks(COURSES_BODY_BLOCKS)
