"""The donation form as a StreamField block, for any page's body."""

from wagtail import blocks


class DonationFormBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="Give now", help_text="The form's heading.")
    introduction = blocks.TextBlock(required=False, help_text="A sentence on what the gift makes possible.")
    designation = blocks.PageChooserBlock(
        required=False,
        page_type=["events.EventPage", "stories.RunnerStoryPage", "stories.TributePage"],
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
