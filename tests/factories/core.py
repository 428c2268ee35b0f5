"""Images, and the base of every page factory: a page is added under its parent and published."""

import factory
import wagtail_factories
from wagtail.models import Collection


class ImageFactory(wagtail_factories.ImageFactory):
    """A small JPEG in the root collection (wagtail-factories' default would add a second root)."""

    title = factory.Sequence(lambda n: f"Test image {n}")
    collection = factory.LazyFunction(Collection.get_first_root_node)
    file = factory.django.ImageField(width=40, height=40, color=(107, 44, 122), format="JPEG", filename="test.jpg")


class PublishedPageFactory(wagtail_factories.PageFactory):
    """A page added under `parent` and then published through a revision, as an editor publishes it.

    Give `live=False` for a draft: it is added unpublished, without a revision.
    """

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def publish(page, create, extracted, **kwargs):
        if create and page.live:
            page.save_revision().publish()
