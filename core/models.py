"""The kernel's models: the abstract base of every public page and the organisation's settings."""

from django.conf import settings
from django.db import models
from django.http import HttpRequest
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from .queries import content_version, restricted_paths, versioned

# The site's front page type, named by the settings (the top layer) as AUTH_USER_MODEL names the
# user model: the section index pages of events and stories stand under it without naming an app above.
HOME_PAGE_MODEL = settings.HOME_PAGE_MODEL


class BasePage(Page):
    """Fields every public page shares: a summary and the images used in listings and shares."""

    # The foreign key holding the page's own picture (an event's hero, a runner's photo), if any:
    # listings prefetch it with the listing image whatever the page type.
    main_image_field = None
    # How a list of pages of this type is ordered where a page above lists them (an event its team).
    listing_order = ("title",)

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
        """The page's own picture (hero, runner photo, ...)."""
        return getattr(self, self.main_image_field) if self.main_image_field else None

    def get_share_image(self):
        return self.social_image or self.main_image() or self.listing_image

    def get_listing_image(self):
        return self.listing_image or self.main_image()

    def share_text(self):
        """The words share links offer with the page's address."""
        return self.title

    def get_meta_description(self):
        return self.search_description or self.summary

    def get_view_restrictions(self):
        """Wagtail's check of the restrictions on the page and its ancestors (aliases resolved) costs two
        queries a page served: none while the site has no view restriction at all (the cached list)."""
        if not restricted_paths():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


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
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=(
            "The privacy policy. Every public form that asks for personal details (giving, a family's tribute, "
            "the guestbook, runners' sign-up, contact, the 'email me a link' forms) links to it beside its button, "
            "and so does the footer. Empty, or not published: the forms give the contact email instead."
        ),
    )
    default_share_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=(
            "Shown when a page without a picture of its own (a listing, a press item) is shared on social media "
            "(1200x630 works best). Empty: the NEC Society's logo card."
        ),
    )

    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("ein"), FieldPanel("charity_statement")], "Organisation"),
        MultiFieldPanel([FieldPanel("contact_email"), FieldPanel("postal_address")], "Contact"),
        FieldPanel("privacy_page"),
        MultiFieldPanel(
            [FieldPanel("facebook_url"), FieldPanel("instagram_url"), FieldPanel("x_url"), FieldPanel("youtube_url")],
            "Social links",
        ),
        FieldPanel("default_share_image"),
    ]

    class Meta:
        verbose_name = "organisation"

    @classmethod
    def load(cls, request_or_site=None):
        """For a request (every page's header and footer), read from the shared cache until the next change
        readers could see (a save of these settings moves `content_version`): no query a page."""
        if not isinstance(request_or_site, HttpRequest) or hasattr(request_or_site, cls.get_cache_attr_name()):
            return super().load(request_or_site)
        organisation = versioned(f"settings:organisation:{content_version()}", super().load)
        setattr(request_or_site, cls.get_cache_attr_name(), organisation)
        return organisation

    def social_links(self):
        links = [
            ("Facebook", self.facebook_url),
            ("Instagram", self.instagram_url),
            ("X", self.x_url),
            ("YouTube", self.youtube_url),
        ]
        return [(label, url) for label, url in links if url]


class EmailWorkerHeartbeat(models.Model):
    """One email worker process (`manage.py email_worker`), as it last said it was alive.

    A job held by a worker silent longer than the lease is given back to the queue (core/email_worker.py),
    and `/health/` reads these rows to say whether emails are moving (core/health.py).
    """

    worker_id = models.CharField(
        max_length=64, unique=True, help_text="The worker's own name, as it claims email jobs under it."
    )
    hostname = models.CharField(max_length=255, blank=True, help_text="The machine the worker runs on.")
    pid = models.PositiveIntegerField(null=True, help_text="The worker's process id on that machine.")
    started_at = models.DateTimeField(auto_now_add=True)
    # Written with the database's clock, so workers on several machines compare alike.
    last_seen = models.DateTimeField(
        db_index=True, help_text="When the worker last said it was alive (every few seconds while it runs)."
    )

    class Meta:
        verbose_name = "email worker heartbeat"

    def __str__(self):
        return f"{self.worker_id} on {self.hostname} (pid {self.pid})"
