"""Staff accounts: the admin's password-reset email in the layout of every email the site sends.

Wagtail's form (WAGTAILADMIN_USER_PASSWORD_RESET_FORM) with Django's send step replaced: the same words
(Wagtail's templates), as a plain-text part and the organisation's layout (core.emails.branded_email).
It is sent in the request, as Wagtail sends it: the link is for the person asking, now.
"""

import logging

from django.template import loader
from wagtail.admin.forms.auth import PasswordResetForm

from .emails import branded_email

logger = logging.getLogger(__name__)


class BrandedPasswordResetForm(PasswordResetForm):
    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        try:
            branded_email(subject, body, [to_email]).send()
        except Exception:
            # As Django's: a failure is logged, never told to the person asking (it would say the address exists).
            logger.exception("Failed to send password reset email to %s", context["user"].pk)
