"""The donation form as a StreamField block, and the site's body block: the basic blocks plus the form."""

from django.utils.functional import cached_property
from wagtail import blocks
from wagtail.models import get_page_models

from core.blocks import BasicBodyBlock

from .models import DesignationMixin


class DesignationChooserBlock(blocks.PageChooserBlock):
    """Chooses among the page types that take gifts, whichever apps define them."""

    @cached_property
    def target_models(self):
        return [model for model in get_page_models() if issubclass(model, DesignationMixin)]


class DonationFormBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="Give now", help_text="The form's heading.")
    introduction = blocks.TextBlock(required=False, help_text="A sentence on what the gift makes possible.")
    designation = DesignationChooserBlock(
        required=False,
        help_text="The event, runner or tribute the gift is for. Empty: the page the form stands on, "
        "if it takes gifts, otherwise the general fund.",
    )

    class Meta:
        template = "donations/blocks/donation_form_block.html"
        icon = "pick"
        label = "Donation form"
        description = (
            "A donation form (one-time or monthly) designated to an event, runner, tribute or the general fund."
        )


class BodyBlock(BasicBodyBlock):
    """The body of the site's pages: the basic blocks and a donation form."""

    donation_form = DonationFormBlock()
