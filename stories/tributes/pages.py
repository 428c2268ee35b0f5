"""The tributes' page types: the index of listed tributes, whose routes are the family's submission
flow (the share form, their private link), and one page per baby, whose route is its guestbook's form.

The pages stand at the top of the part: their routes call the views (`views.py`, `guestbook/views.py`),
which use the flow and the records below (`flow.py`, `models.py`), and none of those imports a page.
"""

from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.models import HOME_PAGE_MODEL, BasePage
from core.pagecache import kept_fragment, shown_versions, shows
from core.queries import TypedChildRoutingMixin, content_version, paginate, prefetch_renditions, public, versioned
from donations.blocks import BodyBlock
from donations.models import DesignationMixin

from . import views
from .guestbook import views as guestbook_views
from .guestbook.models import GUESTBOOK_MESSAGES_SHOWN
from .models import TributePhoto
from .panels import SubmissionDetailsPanel

TRIBUTES_PER_PAGE = 24


def listed_tributes():
    """Tributes the family chose to list, live and public, with their photos (the first is the card's)."""
    return (
        public(TributePage.objects.filter(is_listed=True))
        .select_related("listing_image")
        .prefetch_related(Prefetch("photos", queryset=TributePhoto.objects.select_related("image")))
        .defer_streamfields()
    )


class TributePage(RoutablePageMixin, DesignationMixin, BasePage):
    class Remembrance(models.TextChoices):
        # The values are the ledger's dedication kinds (Donation.TributeKind): the giving box follows them.
        MEMORY = "memory", "In memory: remembering a baby who died"
        HONOUR = "honour", "In honour: honouring a baby who lived or is still in the NICU"

    baby_name = models.CharField(max_length=120, help_text="The baby's name exactly as the family wants it shown.")
    story = StreamField(BodyBlock(), blank=True, help_text="The family's story, in their words.")
    family_message = models.TextField(blank=True, help_text="An optional short message from the family.")
    born = models.DateField(
        null=True, blank=True, help_text="Only if the family has asked for the date of birth to be shown."
    )
    died = models.DateField(null=True, blank=True, help_text="Only if the family has asked for this date to be shown.")
    remembrance = models.CharField(
        max_length=10,
        choices=Remembrance.choices,
        default=Remembrance.HONOUR,
        help_text=(
            "The family's choice: in memory of a baby who died, or in honour of a baby who lived. Every wording "
            "on the page, its card, its share texts and its giving box follows it."
        ),
    )
    is_listed = models.BooleanField(
        default=False,
        verbose_name="listed",
        help_text=(
            "Listed: shown in the tribute list, search and the sitemap. "
            "Unlisted: reachable only by its link, hidden from search engines. The family decides."
        ),
    )
    show_amount_raised = models.BooleanField(
        default=False,
        help_text="Show the amount given in the baby's honour (the number of gifts is always shown).",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("baby_name"),
        FieldPanel("remembrance"),
        FieldPanel("story"),
        InlinePanel("photos", label="Photo", heading="Photo gallery", max_num=12),
        FieldPanel("family_message"),
        MultiFieldPanel([FieldPanel("born"), FieldPanel("died")], heading="Dates (only with the family's wish)"),
        MultiFieldPanel([FieldPanel("is_listed"), FieldPanel("show_amount_raised")], heading="The family's choices"),
        SubmissionDetailsPanel(heading="Sent by the family (admin only)"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("baby_name"),
        index.SearchField("story"),
        index.FilterField("is_listed"),
    ]

    parent_page_types = ["stories.TributeIndexPage"]
    subpage_types = []
    page_description = "One baby's tribute, shared by the family."

    class Meta:
        verbose_name = "tribute page"

    @cached_property
    def gallery(self):
        """The photos with their images, read once for the page and its share image."""
        if "photos" in getattr(self, "_prefetched_objects_cache", {}):
            return list(self.photos.all())
        return list(self.photos.select_related("image"))

    def main_image(self):
        return self.gallery[0].image if self.gallery else None

    def listing_alt(self):
        """The card's picture: the first photo's words, unless staff chose another listing image."""
        if self.listing_image_id or not self.gallery:
            return f"Photo of {self.baby_name}"
        return self.gallery[0].alt()

    def shows_amount_raised(self):
        return self.show_amount_raised

    def honoured_name(self):
        return self.baby_name

    # The family may ask to be told of gifts (asked when the notice is sent, so a later choice counts).
    tells_of_gifts = True

    def gift_notice_recipients(self):
        # The family who shared the tribute, if they asked to be told (stories.TributeSubmission).
        submission = getattr(self, "submission", None)
        if submission is not None and submission.notify_of_gifts and submission.is_open:
            return [submission.submitter_email]
        return []

    def dedication_kind(self):
        return self.remembrance

    @property
    def in_memory(self):
        return self.remembrance == self.Remembrance.MEMORY

    def dedication_phrase(self):
        """ "in memory of Ava" or "in honour of Ava", as the family chose."""
        return f"in {'memory' if self.in_memory else 'honour'} of {self.baby_name}"

    def offered_as_designation(self):
        # An unlisted tribute is found only through the family's link: never offered in a list.
        return self.is_listed

    def giving_heading(self):
        return f"Give {self.dedication_phrase()}"

    def share_text(self):
        return f"{'Remembering' if self.in_memory else 'Honouring'} {self.baby_name}"

    preview_modes = [("", "Tribute page"), ("listing", "As listed in Family tributes")]

    def serve_preview(self, request, mode_name):
        if mode_name != "listing":
            return super().serve_preview(request, mode_name)
        # The tribute index as readers would see it with this tribute's card, before it is published.
        # Unlisted (as the preview's form stands): the list as readers see it, without the tribute.
        tribute_index = self.get_parent().specific
        context = tribute_index.get_context(request)
        if self.is_listed:
            context["tributes_html"] = tribute_index.render_cards(
                request, Paginator([self], TRIBUTES_PER_PAGE).get_page(1)
            )
        return TemplateResponse(request, tribute_index.get_template(request), context)

    def get_sitemap_urls(self, request=None):
        # The family chose a private link: keep the page out of search engines' lists.
        return super().get_sitemap_urls(request) if self.is_listed else []

    def dedications(self):
        """The miles run for this baby at live events, newest event first."""
        return (
            self.mile_dedications.filter(event__live=True)
            .select_related("event", "runner")
            .order_by("-event__start", "mile")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A preview of a tribute never saved has no miles dedicated yet. The miles change with a publish (of
        # their event, or of a page they name), which moves content_version.
        dedications = []
        if self.pk:
            dedications = versioned(f"tribute-miles:{self.pk}:{content_version()}", lambda: list(self.dedications()))
        context["dedications"] = dedications
        # The events and runners its miles name, and its guestbook: their changes drop this page.
        shows(
            *(f"page:{mile.event_id}" for mile in dedications),
            *(f"page:{mile.runner_id}" for mile in dedications if mile.runner_id),
            f"guestbook:{self.pk}",
        )
        context["photos"] = self.gallery
        prefetch_renditions([photo.image for photo in self.gallery])
        context["guestbook_open"] = self.pk is not None and guestbook_views.guestbook_open(self)
        if context["guestbook_open"]:
            # Kept until a message is published, declined, hidden or deleted (its `guestbook:` topic moves).
            topic = f"guestbook:{self.pk}"
            context["guestbook_messages"] = versioned(
                f"{topic}:{shown_versions(topic)[topic]}",
                lambda: list(self.guestbook_messages.published()[:GUESTBOOK_MESSAGES_SHOWN]),
            )
        return context

    # Readers' messages to the family (guestbook/views.py), on a page of their own.
    @path("guestbook/", name="guestbook")
    def guestbook(self, request):
        return guestbook_views.guestbook_form(self, request)


class TributeIndexPage(TypedChildRoutingMixin, RoutablePageMixin, BasePage):
    introduction = models.TextField(blank=True, help_text="A sentence or two above the list of tributes.")

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    parent_page_types = [HOME_PAGE_MODEL]
    subpage_types = ["stories.TributePage"]
    max_count = 1
    page_description = "The list of listed family tributes. There is only one."

    class Meta:
        verbose_name = "tribute index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A kept fragment (core/pagecache.py) until a tribute is published, withdrawn or taken down here.
        context["tributes_html"] = kept_fragment(
            request, f"tribute-index:{self.pk}:{request.GET.get('page', '')}", lambda: self.tribute_cards_html(request)
        )
        return context

    def tribute_cards_html(self, request):
        shows(f"children:{self.pk}")
        tributes = listed_tributes().child_of(self).order_by("baby_name")
        return self.render_cards(request, paginate(request, tributes, TRIBUTES_PER_PAGE))

    def render_cards(self, request, tributes):
        prefetch_renditions([tribute.get_listing_image() for tribute in tributes])
        return render_to_string("stories/tribute_index_cards.html", {"tributes": tributes, "request": request})

    def add_tribute(self, **fields):
        """A new draft tribute under this index: the flow of a family's submission (`flow.py`, below the
        page types) makes the page through its index."""
        tribute = TributePage(live=False, **fields)
        self.add_child(instance=tribute)
        return tribute

    # The family's submission flow (views.py): the form, then their private link.
    @path("share/", name="share_tribute")
    def share_tribute(self, request):
        return views.share_tribute(self, request)

    @path("your-tribute/<str:token>/", name="tribute_status")
    @re_path(r"^your-tribute/(?P<token>[\w-]+)/(?P<action>change|withdraw)/$", name="tribute_status_action")
    def tribute_status(self, request, token, action=None):
        return views.tribute_status(self, request, token, action)

    @path("your-tribute/<str:token>/guestbook/<int:message_id>/hide/", name="guestbook_hide")
    def guestbook_hide(self, request, token, message_id):
        return views.guestbook_hide(self, request, token, message_id)
