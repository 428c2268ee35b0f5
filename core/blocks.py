"""The basic StreamField blocks every app's pages are written with (the donation form block, which
needs the ledger, is added to them in `donations.blocks.BodyBlock`)."""

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120, help_text="The heading's words, short and plain.")
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading (H2)"), ("h3", "Sub-heading (H3)")],
        default="h2",
        help_text="Use H2 for a new section, H3 inside a section.",
    )

    class Meta:
        template = "blocks/heading_block.html"
        icon = "title"
        description = "A section heading that also helps screen-reader users find their way."


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageChooserBlock(help_text="Choose or upload a photo (at least 1200 pixels wide for full width).")
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text="Describe the picture for people who cannot see it (required).",
    )
    caption = blocks.CharBlock(required=False, max_length=250, help_text="Shown under the image.")

    class Meta:
        template = "blocks/image_block.html"
        icon = "image"
        description = "A photo with a description for screen readers and an optional caption."


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(help_text="The words quoted, without quotation marks.")
    attribution = blocks.CharBlock(required=False, max_length=120, help_text="Who said it.")

    class Meta:
        template = "blocks/quote_block.html"
        icon = "openquote"
        description = "A quotation from a family, runner or clinician."


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, help_text="What you are asking readers to do.")
    text = blocks.TextBlock(required=False, help_text="One or two sentences of context.")
    button_label = blocks.CharBlock(max_length=40, help_text="The button's words, e.g. 'Join the team'.")
    page = blocks.PageChooserBlock(required=False, help_text="A page on this site to link to.")
    url = blocks.URLBlock(required=False, help_text="Or an external address, used when no page is chosen.")

    class Meta:
        template = "blocks/call_to_action_block.html"
        icon = "pick"
        description = "A highlighted box with a button linking to a page or an address."

    def clean(self, value):
        cleaned = super().clean(value)
        if not cleaned.get("page") and not cleaned.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"page": blocks.ValidationError("Choose a page or enter an address for the button.")}
            )
        return cleaned


class ColumnBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul"], icon="pilcrow", description="Text with links and lists."
    )
    image = ImageWithCaptionBlock()
    quote = QuoteBlock()

    class Meta:
        icon = "doc-full"
        description = "One column's content: headings, text, images and quotes."


class TwoColumnBlock(blocks.StructBlock):
    left = ColumnBlock(help_text="Shown first on a phone.")
    right = ColumnBlock(help_text="Shown second on a phone.")

    class Meta:
        template = "blocks/two_column_block.html"
        icon = "table"
        description = "Two columns side by side on wide screens, one above the other on a phone."


class BasicBodyBlock(blocks.StreamBlock):
    """Headings, text, images, quotes, calls to action and two columns."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "document-link", "ol", "ul", "h3"],
        icon="pilcrow",
        template="blocks/paragraph_block.html",
        description="Text with links and lists.",
    )
    image = ImageWithCaptionBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    two_columns = TwoColumnBlock()
