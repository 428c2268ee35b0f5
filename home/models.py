"""The composition of the site: the home page, its featured pages, and the generic standard page."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.models import BasePage
from core.queries import SiteRootRoutingMixin
from donations.blocks import BodyBlock

from .campaign_sections import CampaignSections
from .contact import serve_contact


class HomePage(SiteRootRoutingMixin, BasePage):
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
        max_length=40,
        blank=True,
        help_text="The button's first words, e.g. 'Run with us'. While an event is on or coming up, the button "
        "always shows and leads to it, as 'these words: the event' ('Run, cheer or give: the event' when empty); "
        "otherwise it leads to the page below, and shows only when both are filled in.",
    )
    hero_cta_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The page the button opens when no event is on or coming up; while one is, the button "
        "leads to that event (its course, story and giving).",
    )
    introduction = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text="A few sentences on what NEC is and what the NEC Society does. The home page shows it first "
        "under the hero, then, in this fixed order, the next event, the babies, the team and the news.",
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
        "home.ContactPage",
    ]
    max_count = 1
    page_description = "The site's front page: there is only one."

    class Meta:
        verbose_name = "home page"

    main_image_field = "hero_image"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["campaign"] = campaign = CampaignSections(self)
        campaign.show()
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
    subpage_types = ["home.StandardPage", "home.ContactPage"]
    page_description = "A plain page: about NEC, the privacy policy, and others like them."

    class Meta:
        verbose_name = "standard page"


class ContactPage(BasePage):
    """The contact page: the organisation's address and email (Settings → Organisation) and a short form that
    emails the staff (home/contact.py)."""

    introduction = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="A few words above the address and the form: what people write to you about, and how soon "
        "you answer. The address and email shown beside it are those of Settings → Organisation.",
    )
    staff_email = models.EmailField(
        blank=True,
        help_text="Where the form's messages go. Empty: the contact email of Settings → Organisation. Readers "
        "never see it.",
    )
    thank_you_text = models.TextField(
        max_length=400,
        default="Thank you. Your message has reached the NEC Society's team; we answer within a few working days.",
        help_text="Shown once a message is sent. Say when people can expect an answer.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        MultiFieldPanel([FieldPanel("staff_email"), FieldPanel("thank_you_text")], heading="The contact form"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("introduction")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = []
    max_count = 1
    page_description = "The contact page: your address and email, and a form that emails the team."

    class Meta:
        verbose_name = "contact page"

    def serve(self, request, *args, **kwargs):
        return serve_contact(self, request)
