"""`{{ rendition.url|absolute }}`: a site-relative URL on the site's public address (SITE_URL)."""

from django import template

from core.site_url import absolute_url

register = template.Library()


@register.filter
def absolute(path):
    return absolute_url(str(path))
