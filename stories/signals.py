"""Signals of the family's tribute flow, sent by the models and received in `signal_handlers`."""

from django.dispatch import Signal

# A moderator declined a family's tribute: page (the tribute), comment (the moderator's words).
tribute_declined = Signal()

# A moderator declined a runner's page (at sign-up or a later change): page (the runner's), comment.
runner_declined = Signal()
