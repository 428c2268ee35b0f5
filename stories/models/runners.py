"""Runner stories: one page per runner, under the event they run."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BodyBlock
from home.models import BasePage


class StoryIndexPage(BasePage):
    introduction = models.TextField(blank=True, help_text="A sentence or two above the list of runner stories.")

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    page_description = "Every runner's story across events, newest event first. There is only one."

    class Meta:
        verbose_name = "story index page"


class RunnerStoryPage(BasePage):
    runner_name = models.CharField(max_length=120, help_text="The runner's name as they want it shown.")
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A photo of the runner (square works best).",
    )
    story = StreamField(BodyBlock(), blank=True, help_text="Why I run: the runner's own words.")
    goal_cents = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Personal fundraising goal in cents, e.g. 100000 for $1,000. Leave empty for no goal.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("runner_name"),
        FieldPanel("photo"),
        FieldPanel("story"),
        FieldPanel("goal_cents"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("runner_name"), index.SearchField("story")]

    parent_page_types = ["events.EventPage"]
    subpage_types = []
    page_description = "One runner on an event's team: their story, photo, goal and the miles they carry."

    class Meta:
        verbose_name = "runner story"
        verbose_name_plural = "runner stories"

    def main_image(self):
        return self.photo
