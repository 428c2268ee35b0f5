"""`{% email_chrome organisation as chrome %}`: the organisation's name, colours and footer for the emails'
chrome (templates/email/base.html), whichever code sends the email (core.emails.branded_email, or Wagtail's
own notices to staff, whose templates extend it through templates/wagtailadmin/notifications/)."""

from django import template

from core.emails import layout_context

register = template.Library()


@register.simple_tag
def email_chrome(organisation=None):
    return layout_context(organisation or None)
