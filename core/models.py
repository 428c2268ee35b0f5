"""The kernel's models: the abstract base of every public page and the organisation's settings."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
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


hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", "Write the colour as # and six hexadecimal digits, e.g. #6b2c7a.")
# The backgrounds of the emails' layout (templates/email/layout.html), light and dark: the colours staff
# choose are checked against them, so every email stays readable (WCAG AA: 4.5:1 for text).
EMAIL_LIGHT_BACKGROUND = "#ffffff"
EMAIL_DARK_BACKGROUND = "#1d2330"
READABLE_CONTRAST = 4.5


def contrast_ratio(first, second):
    """WCAG 2 contrast ratio of two #rrggbb colours."""

    def luminance(colour):
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


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

    email_colour = models.CharField(
        "emails' colour",
        max_length=7,
        default="#6b2c7a",
        validators=[hex_colour],
        help_text=(
            "The colour of the band with the organisation's name at the top of every email, and of its links "
            "(e.g. #6b2c7a, the site's purple). White text is written on it, so it must be dark enough to read."
        ),
    )
    email_dark_mode_colour = models.CharField(
        "emails' colour in dark mode",
        max_length=7,
        default="#d9b3e3",
        validators=[hex_colour],
        help_text=(
            "The colour of links when the reader's mail app shows emails in dark mode (e.g. #d9b3e3, a light "
            "purple): it must be light enough to read on a dark background."
        ),
    )
    email_footer = models.TextField(
        blank=True,
        help_text=(
            "A line or two printed at the foot of every email the site sends (receipts, notices, runners' and "
            "families' emails), e.g. a phone number or office hours. The organisation's name, postal address "
            "and contact email are printed there already. Empty: nothing more."
        ),
    )

    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("ein"), FieldPanel("charity_statement")], "Organisation"),
        MultiFieldPanel([FieldPanel("contact_email"), FieldPanel("postal_address")], "Contact"),
        MultiFieldPanel(
            [FieldPanel("email_colour"), FieldPanel("email_dark_mode_colour"), FieldPanel("email_footer")],
            "Emails",
            help_text="How every email the site sends looks: the organisation's name in a coloured band, then the "
            "words, then a footer. No images: every word can be read with pictures turned off.",
        ),
        FieldPanel("privacy_page"),
        MultiFieldPanel(
            [FieldPanel("facebook_url"), FieldPanel("instagram_url"), FieldPanel("x_url"), FieldPanel("youtube_url")],
            "Social links",
        ),
        FieldPanel("default_share_image"),
    ]

    class Meta:
        verbose_name = "organisation"

    def clean(self):
        super().clean()
        errors = {}
        if hex_colour.regex.match(self.email_colour or ""):
            ratio = contrast_ratio(self.email_colour, EMAIL_LIGHT_BACKGROUND)
            if ratio < READABLE_CONTRAST:
                errors["email_colour"] = (
                    f"White text on {self.email_colour} is too faint to read ({ratio:.1f}:1; at least "
                    f"{READABLE_CONTRAST}:1 is needed): choose a darker colour."
                )
        if hex_colour.regex.match(self.email_dark_mode_colour or ""):
            ratio = contrast_ratio(self.email_dark_mode_colour, EMAIL_DARK_BACKGROUND)
            if ratio < READABLE_CONTRAST:
                errors["email_dark_mode_colour"] = (
                    f"Links in {self.email_dark_mode_colour} on a dark background are too faint to read "
                    f"({ratio:.1f}:1; at least {READABLE_CONTRAST}:1 is needed): choose a lighter colour."
                )
        if errors:
            raise ValidationError(errors)

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
