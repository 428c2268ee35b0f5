"""A mile dedication as an event shows it: the mile of the course, the baby it honours, the runner who
carries it.

The concrete model is defined above this app (in `stories`, which knows tributes and runners): it inherits
`MileDedicationBase`, and so the event's relation `miles` and the field `mile`, and defines the names below.
The event's page, its bracelets, its course map and the mile list read a dedication only through these
names, and load what they read with the model's own `display_related` and `display_fields`: events never
names a field of the pages a dedication links to.
"""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.models import Orderable

from .course_map import FINAL_STRETCH
from .models import MILE_CHOICES

# What the event's pages need of a page they name and link to (not its story: StreamFields are costly to
# load): a dedication's `display_fields` load these of its honoured and carrier pages.
LINKED_PAGE_FIELDS = ("title", "live", "url_path", "path", "depth", "locale_id")


class MileDedicationBase(Orderable):
    # One concrete model only: the relation's name is the event's `miles`.
    event = ParentalKey("events.EventPage", on_delete=models.CASCADE, related_name="miles")
    mile = models.PositiveSmallIntegerField(
        choices=MILE_CHOICES, help_text="The mile of the course dedicated to this baby."
    )

    # What the names below read, for `select_related()` and `only()` (the event page loads its miles in
    # one query): the relations to follow, and the fields to load (`relation__field`, or the model's own).
    display_related = ()
    display_fields = ()

    class Meta(Orderable.Meta):
        abstract = True

    @property
    def mile_label(self):
        return "0.2" if self.mile == FINAL_STRETCH else str(self.mile)

    @property
    def honoured_name(self):
        """The baby's name, as the family wants it shown."""
        raise NotImplementedError

    @property
    def honoured_page(self):
        """The baby's page to link the name to, or None (not live, or the family did not list it)."""
        raise NotImplementedError

    @property
    def carrier_name(self):
        """The name of the runner who carries the mile ("" for none yet), printed on the bracelets."""
        raise NotImplementedError

    @property
    def carrier_page(self):
        """The runner's page, or None: the event's pages name and link a runner only while it is live."""
        raise NotImplementedError

    def shown_page_ids(self):
        """The pages whose words this dedication shows, linked or not (the baby's, the runner's): their
        publish drops the event's kept pages (core/pagecache.py)."""
        raise NotImplementedError

    def shown_as(self):
        """Everything the event's pages show of this dedication: a drawing kept under it is stale when it changes."""
        honoured, carrier = self.honoured_page, self.carrier_page
        return (
            self.mile,
            self.honoured_name,
            (honoured.pk, honoured.url_path) if honoured is not None else None,
            self.carrier_name,
            (carrier.pk, carrier.url_path) if carrier is not None else None,
        )
