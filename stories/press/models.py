"""Press coverage: articles and broadcasts about the campaign."""

from django.db import models
from django.template.loader import render_to_string
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from core.models import HOME_PAGE_MODEL, BasePage
from core.pagecache import kept_fragment, shows
from core.queries import TypedChildRoutingMixin, paginate, public


class PressIndexPage(TypedChildRoutingMixin, BasePage):
    introduction = models.TextField(blank=True, help_text="A sentence or two above the list of coverage.")

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    parent_page_types = [HOME_PAGE_MODEL]
    subpage_types = ["stories.PressCoveragePage"]
    max_count = 1
    page_description = "'In the news': press coverage by year, newest first. There is only one."

    class Meta:
        verbose_name = "press index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A kept fragment (core/pagecache.py) until coverage is published, unpublished or deleted here.
        name = f"press-index:{self.pk}:{request.GET.get('page', '')}"
        context["coverage_html"] = kept_fragment(request, name, lambda: self.coverage_html(request))
        return context

    def coverage_html(self, request):
        """The coverage by year, newest first, page by page."""
        shows(f"children:{self.pk}")
        coverage = paginate(request, recent_press().child_of(self), PRESS_PER_PAGE)
        return render_to_string("stories/press_index_coverage.html", {"coverage": coverage, "request": request})


PRESS_PER_PAGE = 20


def recent_press():
    """Live, public coverage, newest first (listings show outlet and headline, no images)."""
    return public(PressCoveragePage.objects.all()).order_by("-published", "-pk")


class PressCoveragePage(BasePage):
    class Kind(models.TextChoices):
        ARTICLE = "article", "Article"
        TV = "tv", "TV"
        RADIO = "radio", "Radio"
        PODCAST = "podcast", "Podcast"

    outlet = models.CharField(max_length=120, help_text="Who published it, e.g. 'The Sacramento Bee'.")
    headline = models.CharField(max_length=250, help_text="The article's or segment's own headline.")
    published = models.DateField(help_text="The date it was published or broadcast.")
    kind = models.CharField(
        max_length=10, choices=Kind.choices, default=Kind.ARTICLE, help_text="What kind of coverage."
    )
    external_url = models.URLField(help_text="The address of the article or broadcast on the outlet's site.")
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="An optional image (only one you have the right to use).",
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("outlet"), FieldPanel("headline"), FieldPanel("published"), FieldPanel("kind")],
            heading="The coverage",
        ),
        FieldPanel("external_url"),
        FieldPanel("summary"),
        FieldPanel("image"),
    ]
    promote_panels = [*Page.promote_panels, FieldPanel("listing_image"), FieldPanel("social_image")]
    search_fields = [*BasePage.search_fields, index.SearchField("outlet"), index.SearchField("headline")]

    parent_page_types = ["stories.PressIndexPage"]
    subpage_types = []
    page_description = "One article or broadcast about the campaign, linking to the outlet."

    class Meta:
        verbose_name = "press coverage page"
        ordering = ["-published"]

    def main_image(self):
        return self.image
