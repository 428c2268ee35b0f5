"""A place in a page type's edit form that the apps above fill through a Wagtail hook.

A lower app never imports an upper one, so it cannot list the upper app's panels itself: it puts
`PanelsFromHook("hook_name")` in its panels, and each app above registers, in its `wagtail_hooks.py`,
a function of the page model that returns the panels it adds there.
"""

from wagtail import hooks
from wagtail.admin.panels import MultiFieldPanel


class PanelsFromHook(MultiFieldPanel):
    def __init__(self, hook_name, *args, **kwargs):
        kwargs.pop("children", None)
        super().__init__(*args, children=(), **kwargs)
        self.hook_name = hook_name

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs.pop("children")
        kwargs["hook_name"] = self.hook_name
        return kwargs

    def on_model_bound(self):
        # The edit form is built on first use, after every app's hooks are registered.
        self.children = [panel for panels_for in hooks.get_hooks(self.hook_name) for panel in panels_for(self.model)]
        super().on_model_bound()
