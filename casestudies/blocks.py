"""The StreamField block a lesson uses to cite a case study; it renders as a card.

Courses put `CaseStudyBlock()` in their lesson body. Wagtail's reference index records
each citation, which is how a case study lists the lessons and courses that cite it.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class CaseStudyBlock(blocks.StructBlock):
    case_study = blocks.PageChooserBlock(
        page_type="casestudies.CaseStudyPage", label=_("Case study")
    )
    note = blocks.CharBlock(
        label=_("Why it matters here"),
        required=False,
        max_length=300,
        help_text=_("Optional: one sentence that links the case to this lesson."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Case study")
        template = "casestudies/blocks/case_study_card.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        case = value.get("case_study")
        # A draft, unpublished or private case is never shown to learners.
        if case is not None and not (case.live and not case.get_view_restrictions().exists()):
            case = None
        context["case"] = case
        return context
