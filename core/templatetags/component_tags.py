"""`{% component %}`: a design-system include that wraps page-specific markup.

Django's `{% include ... with %}` passes values but no markup. A page header that holds an
event's facts, or a notice with a link in it, takes that markup between the tags as `slot`:

    {% component "includes/notice.html" kind="info" %}No stories yet. <a href="/">Home</a>{% endcomponent %}
"""

from django import template
from django.template.base import token_kwargs
from django.utils.safestring import mark_safe

register = template.Library()


class ComponentNode(template.Node):
    def __init__(self, template_name, values, nodelist):
        self.template_name = template_name
        self.values = values
        self.nodelist = nodelist

    def render(self, context):
        values = {name: value.resolve(context) for name, value in self.values.items()}
        # The body is rendered (and autoescaped) in the caller's context before the component sees it.
        values["slot"] = mark_safe(self.nodelist.render(context).strip())  # noqa: S308
        component = context.template.engine.get_template(self.template_name.resolve(context))
        with context.push(**values):
            return component.render(context)


@register.tag
def component(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a template name")
    values = token_kwargs(bits[2:], parser, support_legacy=False)
    if len(values) != len(bits) - 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes only name=value parameters after the template name")
    nodelist = parser.parse(("endcomponent",))
    parser.delete_first_token()
    return ComponentNode(parser.compile_filter(bits[1]), values, nodelist)
