"""Every field an editor fills in explains itself: help text on model fields and StreamField blocks."""

import pytest
from django.apps import apps
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.fields import StreamField

OUR_APPS = ["core", "donations", "events", "stories", "home"]


def our_models():
    return [model for app in OUR_APPS for model in apps.get_app_config(app).get_models()]


def editable_fields(model):
    """Fields declared by our apps that a person can set: not Wagtail's own Page or Task fields, not
    automatic ones (ids, parent links, timestamps), not the ParentalKey that ties an inline row to its page."""
    for field in model._meta.get_fields():
        if not getattr(field, "concrete", False) or field.auto_created or not field.editable:
            continue
        if field.model._meta.app_label not in OUR_APPS or isinstance(field, ParentalKey):
            continue
        yield field


def test_the_walk_covers_pages_inline_rows_settings_and_the_ledger():
    names = {model.__name__ for model in our_models()}
    assert {"EventPage", "MileDedication", "TributePhoto", "OrganisationSettings", "Donation"} <= names
    event_fields = {field.name for field in editable_fields(apps.get_model("events", "EventPage"))}
    assert {"start", "venue", "goal_cents", "summary"} <= event_fields
    assert "title" not in event_fields  # Wagtail's own, explained by Wagtail


@pytest.mark.parametrize("model", our_models(), ids=lambda model: model.__name__)
def test_every_editable_field_has_help_text(model):
    missing = [field.name for field in editable_fields(model) if not str(field.help_text).strip()]
    assert missing == [], f"{model.__name__}: add help_text to {missing}"


def block_help_text(block):
    # Field blocks (CharBlock, ...) keep it on their form field; structural blocks on their Meta.
    return getattr(block.meta, "help_text", None) or getattr(getattr(block, "field", None), "help_text", None)


def undescribed_blocks(block, path):
    """Blocks an editor picks from a menu need a description; fields inside a block need help text."""
    missing = []
    if isinstance(block, blocks.StreamBlock):
        for name, child in block.child_blocks.items():
            if not (child.meta.description or block_help_text(child)):
                missing.append(f"{path}.{name}")
            missing += undescribed_blocks(child, f"{path}.{name}")
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            if not block_help_text(child):
                missing.append(f"{path}.{name}")
            missing += undescribed_blocks(child, f"{path}.{name}")
    elif isinstance(block, blocks.ListBlock):
        missing += undescribed_blocks(block.child_block, f"{path}[]")
    return missing


def streamfields():
    return [
        (model, field)
        for model in our_models()
        for field in model._meta.get_fields()
        if isinstance(field, StreamField) and field.model is model
    ]


@pytest.mark.parametrize(
    "model,field", streamfields(), ids=lambda value: getattr(value, "__name__", getattr(value, "name", ""))
)
def test_every_streamfield_block_explains_itself(model, field):
    assert undescribed_blocks(field.stream_block, f"{model.__name__}.{field.name}") == []
