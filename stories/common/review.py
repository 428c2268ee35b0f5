"""The moderators' review of what families and runners send: Wagtail's group approval, and a decline."""

from wagtail.models import AbstractGroupApprovalTask


class ReviewWithDecline(AbstractGroupApprovalTask):
    """Group approval with one more action: decline the page and tell whoever sent it why.

    A task type names its button (`decline_label`), and the signal sent with the page and the
    moderator's comment (`declined`, a Signal of the task type's own: its receivers, in the part's
    `signals.py`, take `page` and `comment`).
    """

    decline_label = "Decline"
    declined = None

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if actions:
            actions.append(("decline", self.decline_label, True))
        return actions

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name != "decline":
            return super().on_action(task_state, user, action_name, **kwargs)
        comment = kwargs.get("comment", "")
        task_state.comment = comment
        task_state.save(update_fields=["comment"])
        # Cancelling the workflow cancels this task too; the page stays a draft for the records.
        task_state.workflow_state.cancel(user=user)
        page = task_state.workflow_state.content_object.specific
        self.declined.send(type(self), page=page, comment=comment)
        return None

    class Meta:
        abstract = True
