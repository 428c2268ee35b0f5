"""For migrations that move a model from one app to another with its table and rows."""


def move_content_type(apps, from_label, to_label, model):
    """Give the model's content type its new app label, so that groups keep their permissions on it.

    A content type made for the new label before this ran (by a `post_migrate` of an earlier run)
    holds no permission that a group uses: it gives way to the old one.
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    old = ContentType.objects.filter(app_label=from_label, model=model).first()
    if old is None:
        return
    ContentType.objects.filter(app_label=to_label, model=model).delete()
    old.app_label = to_label
    old.save(update_fields=["app_label"])
