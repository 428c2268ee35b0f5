"""Home page, the generic standard page, the abstract base page and the site settings."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .blocks import BodyBlock
from .campaign_sections import CampaignSections


class BasePage(Page):
    """Fields every public page shares: a summary and the images used in listings and shares."""

    summary = models.TextField(
        blank=True,
        max_length=300,
        help_text="One or two sentences shown in listings, search results and link previews.",
    )
    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown on cards in listings. Falls back to the page's main image.",
    )
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when the page is shared on social media (1200x630 works best).",
    )

    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel(
            [FieldPanel("summary"), FieldPanel("listing_image"), FieldPanel("social_image")],
            heading="Listings and sharing",
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]

    class Meta:
        abstract = True

    def main_image(self):
        """The page's own picture; page types override this (hero, runner photo, ...)."""
        return None

    def get_share_image(self):
        return self.social_image or self.main_image() or self.listing_image

    def get_listing_image(self):
        return self.listing_image or self.main_image()

    def get_meta_description(self):
        return self.search_description or self.summary


class HomePage(BasePage):
    hero_heading = models.CharField(
        max_length=120,
        default="Together we can end NEC",
        help_text="The large words at the top of the home page.",
    )
    hero_text = models.TextField(blank=True, max_length=400, help_text="A sentence under the heading.")
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A wide photo behind or beside the heading (at least 1600 pixels wide).",
    )
    hero_cta_label = models.CharField(
        max_length=40, blank=True, help_text="The button's words, e.g. 'Run with us'. Leave empty for no button."
    )
    hero_cta_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The page the button opens.",
    )
    introduction = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text="A few sentences on what NEC is and what the NEC Society does.",
    )
    body = StreamField(BodyBlock(), blank=True, help_text="Anything else to show under the featured content.")

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_cta_label"),
                PageChooserPanel("hero_cta_page"),
            ],
            heading="Hero",
        ),
        FieldPanel("introduction"),
        InlinePanel("featured_pages", label="Featured content", max_num=6, heading="Featured content"),
        FieldPanel("body"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("introduction")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "events.EventIndexPage",
        "stories.StoryIndexPage",
        "stories.TributeIndexPage",
        "stories.PressIndexPage",
        "home.StandardPage",
    ]
    max_count = 1
    page_description = "The site's front page: there is only one."

    class Meta:
        verbose_name = "home page"

    def main_image(self):
        return self.hero_image

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["campaign"] = CampaignSections(self)
        return context


class HomePageFeature(Orderable):
    home_page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_pages")
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A page to feature on the home page: an appeal, a story, an event.",
    )

    panels = [PageChooserPanel("page")]

    class Meta(Orderable.Meta):
        verbose_name = "featured page"


class StandardPage(BasePage):
    body = StreamField(BodyBlock(), blank=True, help_text="The page's content, block by block.")

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]
    page_description = "A plain page: about NEC, privacy policy, contact."

    class Meta:
        verbose_name = "standard page"


@register_setting(icon="site")
class OrganisationSettings(BaseGenericSetting):
    name = models.CharField(max_length=120, default="NEC Society", help_text="The organisation's name.")
    ein = models.CharField(
        "EIN",
        max_length=20,
        default="47-4458280",
        help_text="Employer Identification Number, printed on receipts and in the footer.",
    )
    charity_statement = models.TextField(
        default=(
            "The NEC Society is a 501(c)(3) nonprofit organization. Donations are tax-deductible "
            "to the extent allowed by law."
        ),
        help_text="The 501(c)(3) statement shown in the footer and on receipts.",
    )
    contact_email = models.EmailField(default="hello@necsociety.org", help_text="Public contact address.")
    postal_address = models.TextField(blank=True, help_text="Mailing address, for cheques and letters.")
    facebook_url = models.URLField(blank=True, help_text="Link to the Facebook page.")
    instagram_url = models.URLField(blank=True, help_text="Link to the Instagram profile.")
    x_url = models.URLField("X (Twitter) URL", blank=True, help_text="Link to the X profile.")
    youtube_url = models.URLField(blank=True, help_text="Link to the YouTube channel.")

    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("ein"), FieldPanel("charity_statement")], "Organisation"),
        MultiFieldPanel([FieldPanel("contact_email"), FieldPanel("postal_address")], "Contact"),
        MultiFieldPanel(
            [FieldPanel("facebook_url"), FieldPanel("instagram_url"), FieldPanel("x_url"), FieldPanel("youtube_url")],
            "Social links",
        ),
    ]

    class Meta:
        verbose_name = "organisation"

    def social_links(self):
        links = [
            ("Facebook", self.facebook_url),
            ("Instagram", self.instagram_url),
            ("X", self.x_url),
            ("YouTube", self.youtube_url),
        ]
        return [(label, url) for label, url in links if url]
