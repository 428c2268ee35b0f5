"""The privacy policy's link: beside the button of every public form that asks for personal details, and in
the footer. The page is the one chosen in Settings → Organisation (never a written-in address), its address
kept in the shared cache until the next change readers could see (content_version: a publish, a settings
save), so that a page costs no query for it."""

from django import template

from core.models import OrganisationSettings
from core.queries import content_version, versioned

register = template.Library()


def privacy_policy():
    """{"url": the privacy page's address, or "" when none is chosen or it is not live; "email": the contact
    address, which the forms give instead when there is no page}."""

    def compute():
        organisation = OrganisationSettings.load()
        page = organisation.privacy_page
        url = page.url if page is not None and page.live else ""
        return {"url": url or "", "email": organisation.contact_email}

    return versioned(f"privacy:policy:{content_version()}", compute)


@register.simple_tag
def privacy_policy_url():
    return privacy_policy()["url"]


@register.inclusion_tag("includes/privacy_note.html")
def privacy_note():
    """The small line a form shows right beside its submit button."""
    return {"privacy": privacy_policy()}
