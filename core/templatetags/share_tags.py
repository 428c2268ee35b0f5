"""`{% share_links page as links %}`: the page's share links, built where the family's email builds them."""

from django import template

from core.sharing import share_links as build_share_links

register = template.Library()


@register.simple_tag
def share_links(page):
    return build_share_links(page.full_url, page.share_text())
