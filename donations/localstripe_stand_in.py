"""What `manage.py run_localstripe` adds to localstripe so that it stands in for the Stripe the site uses.

localstripe (a dev dependency) renders 2024-shaped objects but labels its events 2017-08-15, has no
webhook endpoints API, and refuses parameters newer than it. This module, imported only by the
run_localstripe command, teaches it those parts of Stripe's API, as Stripe documents them:

- `/v1/webhook_endpoints` (create with a signing secret, list, update, delete), each endpoint
  delivering signed events through localstripe's own webhook sender, so that
  `manage.py setup_stripe_webhook` runs against it exactly as against Stripe;
- events labelled with the API version their objects are shaped in (the version the site pins);
- `automatic_payment_methods` on PaymentIntents and `payment_settings` on Subscriptions,
  kept on the object so that a test can read back what the site asked for;
- its Stripe.js stand-in served inside a function, as Stripe.js keeps to itself: as published it
  declares a global `class Element`, which hides the browser's own `Element` from every other
  script on the page (the ALTCHA widget then fails).

It changes nothing in the site's own code paths.
"""

import secrets
from pathlib import Path

from aiohttp import web
from localstripe import resources, server, webhooks
from localstripe.errors import UserError

from .stripe_api import STRIPE_API_VERSION


class WebhookEndpoint(resources.StripeObject):
    object = "webhook_endpoint"
    _id_prefix = "we_"

    def __init__(self, url=None, enabled_events=None, api_version=None, description=None, metadata=None, **kwargs):
        if kwargs:
            raise UserError(400, "Unexpected " + ", ".join(kwargs.keys()))
        if not isinstance(url, str) or not url.startswith("http"):
            raise UserError(400, "Bad request: url")
        if not isinstance(enabled_events, list) or not enabled_events:
            raise UserError(400, "Bad request: enabled_events")
        super().__init__()
        self.url = url
        self.enabled_events = enabled_events
        self.api_version = api_version
        self.description = description
        self.metadata = metadata or {}
        self.status = "enabled"
        self.secret = "whsec_" + secrets.token_hex(16)
        self._secret_shown = False
        self._deliver()

    def _deliver(self):
        events = None if "*" in self.enabled_events else self.enabled_events
        if self.status == "enabled":
            webhooks.register_webhook(self.id, self.url, self.secret, events)
        else:
            webhooks._webhooks.pop(self.id, None)

    def _update(self, disabled=None, **data):
        super()._update(**data)
        if disabled is not None:
            self.status = "disabled" if str(disabled).lower() == "true" else "enabled"
        self._deliver()

    def _export(self, expand=None):
        exported = super()._export(expand=expand)
        if self._secret_shown:
            exported.pop("secret", None)  # as Stripe: the secret is shown once, when the endpoint is made
        self._secret_shown = True
        return exported

    @classmethod
    def _api_delete(cls, id):
        webhooks._webhooks.pop(id, None)
        return super()._api_delete(id)


def _keep_extra_parameter(cls, name):
    """Let `cls` accept the newer parameter `name` and keep it on the object, as Stripe returns it."""
    original = cls.__init__

    def __init__(self, *args, **kwargs):
        value = kwargs.pop(name, None)
        original(self, *args, **kwargs)
        setattr(self, name, _as_json(value))

    cls.__init__ = __init__


def _as_json(value):
    """Form-encoded booleans ("true") as Stripe returns them (true)."""
    if isinstance(value, dict):
        return {key: _as_json(item) for key, item in value.items()}
    return {"true": True, "false": False}.get(value, value) if isinstance(value, str) else value


def _label_events_with_the_pinned_version():
    original = resources.Event.__init__

    def __init__(self, type, data):
        original(self, type, data)
        self.api_version = STRIPE_API_VERSION

    resources.Event.__init__ = __init__


STRIPE_JS_PATH = "/js.stripe.com/v3/"


def _isolated_stripe_js():
    source = (Path(server.__file__).parent / "localstripe-v3.js").read_text()
    # `Stripe = ...` in the file assigns the global; everything else stays inside the function.
    return "(function () {\n" + source + "\n})();\n"


@web.middleware
async def _serve_isolated_stripe_js(request, handler):
    if request.path == STRIPE_JS_PATH:
        return web.Response(text=_isolated_stripe_js(), content_type="application/javascript")
    return await handler(request)


def extend():
    server.app.middlewares.append(_serve_isolated_stripe_js)
    _keep_extra_parameter(resources.PaymentIntent, "automatic_payment_methods")
    _keep_extra_parameter(resources.Subscription, "payment_settings")
    _label_events_with_the_pinned_version()
    for method, url, view in (
        ("POST", "/v1/webhook_endpoints", server.api_create),
        ("GET", "/v1/webhook_endpoints/{id}", server.api_retrieve),
        ("POST", "/v1/webhook_endpoints/{id}", server.api_update),
        ("DELETE", "/v1/webhook_endpoints/{id}", server.api_delete),
        ("GET", "/v1/webhook_endpoints", server.api_list_all),
    ):
        server.app.router.add_route(method, url, view(WebhookEndpoint, url))
