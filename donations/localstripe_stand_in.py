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
- what a monthly donor's manage page asks of Stripe: a subscription's `default_payment_method`
  `proration_behavior` (none: no proration is billed) and `metadata` (localstripe ignores it on
  update), `customer.subscription.updated` after a
  change, and a SetupIntent that, once confirmed, attaches its card to its customer and announces
  `setup_intent.succeeded`, a declined renewal announced with `invoice.payment_failed`, and a
  cancellation of a subscription already cancelled refused as "No such subscription" (404);
- refunds as staff ask for them from the admin (`POST /v1/refunds` with `payment_intent`, `amount`,
  `reason` and `metadata`): Stripe's reasons only, a charge already refunded or an amount above what
  is left refused with Stripe's messages, and `charge.refunded` (the charge with its running
  `amount_refunded`, without its `refunds` list, which Stripe leaves out unless expanded since
  2022-11-15) then `refund.created` announced, as Stripe does;
- the `Idempotency-Key` header on `POST /v1/refunds`: the same key with the same parameters is answered
  with the first answer (marked `Idempotent-Replayed: true`) and refunds nothing again, with other
  parameters it is refused 400 (`idempotency_error`), as Stripe keeps keys (here, while the server
  runs; a refused request, which did nothing, is not kept). Only there for now: the giving form's own
  keys are spared a second request by the site's cache; holding every POST to Stripe's rule is left
  for a change of its own;
- its Stripe.js stand-in served inside a function, as Stripe.js keeps to itself: as published it
  declares a global `class Element`, which hides the browser's own `Element` from every other
  script on the page (the ALTCHA widget then fails).

It changes nothing in the site's own code paths.
"""

import asyncio
import re
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


def _subscription_updates_as_stripe_does():
    original = resources.Subscription._update

    def _update(self, default_payment_method=None, proration_behavior=None, **data):
        before = self._export()
        pending = {item.id for item in _pending_prorations(self)}
        if default_payment_method is not None:
            resources.PaymentMethod._api_retrieve(default_payment_method)  # 404 if it does not exist
        metadata = data.pop("metadata", None)
        original(self, **data)
        if isinstance(metadata, dict):
            # As Stripe: the keys given are set, a key set to "" is removed (localstripe ignores them).
            self.metadata = {**(self.metadata or {}), **metadata}
            self.metadata = {key: value for key, value in self.metadata.items() if value != ""}
        if proration_behavior == "none":
            for item in _pending_prorations(self):
                if item.id not in pending:
                    resources.store.pop("invoiceitem:" + item.id, None)
        if default_payment_method is not None:
            self.default_payment_method = default_payment_method
        after = self._export()
        changed = {key: value for key, value in before.items() if after.get(key) != value}
        event = resources.Event("customer.subscription.updated", self)
        event.data["previous_attributes"] = changed
        webhooks.schedule_webhook(event)

    resources.Subscription._update = _update
    resources.Subscription.default_payment_method = None


def _cancelled_subscriptions_as_stripe_does():
    """Stripe answers a cancellation of a cancelled subscription 404 "No such subscription" (it can
    still be read); localstripe cancels it again and announces customer.subscription.deleted again."""
    original = resources.Subscription._api_delete.__func__

    def _api_delete(cls, id):
        if resources.Subscription._api_retrieve(id).status == "canceled":
            raise UserError(404, f"No such subscription: '{id}'", {"code": "resource_missing", "param": "id"})
        return original(cls, id)

    resources.Subscription._api_delete = classmethod(_api_delete)


def _pending_prorations(subscription):
    return [
        item
        for key, item in list(resources.store.items())
        if key.startswith("invoiceitem:")
        and item.subscription == subscription.id
        and item.invoice is None
        and getattr(item, "proration", False)
    ]


def _setup_intents_as_stripe_does():
    original = resources.SetupIntent._attach_pm

    def _attach_pm(self, pm):
        original(self, pm)
        if self.status == "succeeded":
            if self.customer:
                pm.customer = self.customer  # Stripe attaches the card to the SetupIntent's customer
            webhooks.schedule_webhook(resources.Event("setup_intent.succeeded", self))

    resources.SetupIntent._attach_pm = _attach_pm


def _declined_invoice_payments_as_stripe_does():
    """localstripe drops a renewal charged now and declined; Stripe announces it
    (payment_intent.payment_failed, invoice.payment_failed), marks the subscription past due and
    answers the payment request 402."""
    original = resources.Invoice._api_pay_invoice.__func__

    def _api_pay_invoice(cls, id):
        invoice = original(cls, id)
        intent = resources.PaymentIntent._api_retrieve(invoice.payment_intent) if invoice.payment_intent else None
        subscription = resources.Subscription._api_retrieve(invoice.subscription) if invoice.subscription else None
        # A first payment that fails is localstripe's own business (the subscription stays incomplete).
        renewal = subscription is not None and subscription.status != "incomplete"
        if renewal and intent is not None and intent.status == "requires_payment_method" and invoice.status == "open":
            webhooks.schedule_webhook(resources.Event("payment_intent.payment_failed", intent))
            invoice._on_payment_failure_now()
            raise UserError(402, "Your card was declined.", {"code": "card_declined"})
        return invoice

    resources.Invoice._api_pay_invoice = classmethod(_api_pay_invoice)


PAY_INVOICE_PATH = re.compile(r"/v1/invoices/[^/]+/pay")


@web.middleware
async def _pay_invoices_with_the_stand_in(request, handler):
    # localstripe bound its route to the original function when it was imported.
    if request.method == "POST" and PAY_INVOICE_PATH.fullmatch(request.path):
        return await server.api_extra(resources.Invoice._api_pay_invoice, "/v1/invoices/{id}/pay")(request)
    return await handler(request)


REFUND_REASONS = ("duplicate", "fraudulent", "requested_by_customer")


def _refunds_as_stripe_does():
    original = resources.Refund.__init__

    def __init__(self, charge=None, payment_intent=None, amount=None, metadata=None, reason=None, **kwargs):
        if reason is not None and reason not in REFUND_REASONS:
            raise UserError(400, f"Invalid reason: must be one of {', '.join(REFUND_REASONS)}", {"param": "reason"})
        paid = None
        if isinstance(payment_intent, str):
            paid = resources.PaymentIntent._api_retrieve(payment_intent).latest_charge
        elif isinstance(charge, str) and charge.startswith("ch_"):
            paid = resources.Charge._api_retrieve(charge)
        if paid is not None and paid.status == "succeeded":
            left = paid.amount - paid.amount_refunded
            wanted = resources.try_convert_to_int(amount)
            if left <= 0:
                raise UserError(
                    400, f"Charge {paid.id} has already been refunded.", {"code": "charge_already_refunded"}
                )
            if isinstance(wanted, int) and wanted > left:
                raise UserError(
                    400,
                    f"Refund amount (${wanted / 100:,.2f}) is greater than unrefunded amount on charge "
                    f"(${left / 100:,.2f})",
                    {"param": "amount"},
                )
        original(self, charge=charge, payment_intent=payment_intent, amount=amount, metadata=metadata, **kwargs)
        self.reason = reason
        refunded = resources.Charge._api_retrieve(self.charge)
        webhooks.schedule_webhook(resources.Event("charge.refunded", refunded))
        webhooks.schedule_webhook(resources.Event("refund.created", self))

    resources.Refund.__init__ = __init__
    resources.Refund.reason = None


def _charges_without_their_refunds_list():
    """Since 2022-11-15 a Charge names its refunds only when asked (`expand[]=refunds`)."""
    original = resources.Charge._export

    def _export(self, expand=None):
        exported = original(self, expand=expand)
        if "refunds" not in (expand or []):
            exported.pop("refunds", None)
        return exported

    resources.Charge._export = _export


# Idempotency-Key: (path, body) and the answer first given, for as long as the server runs.
IDEMPOTENT_PATHS = {"/v1/refunds"}
_idempotent_answers = {}
_idempotency_locks = {}


@web.middleware
async def _idempotent_posts(request, handler):
    key = request.headers.get("Idempotency-Key")
    if request.method != "POST" or not key or request.path not in IDEMPOTENT_PATHS:
        return await handler(request)
    asked = (request.path, await request.read())
    # One request at a time per key: a second one with the key waits for the first one's answer.
    async with _idempotency_locks.setdefault(key, asyncio.Lock()):
        if key in _idempotent_answers:
            first_asked, status, body = _idempotent_answers[key]
            if first_asked != asked:
                refused = UserError(
                    400,
                    "Keys for idempotent requests can only be used with the same parameters they were first used "
                    f"with. Try using a key other than '{key}' if you meant to execute a different request.",
                )
                refused.body["error"]["type"] = "idempotency_error"
                raise refused
            return web.Response(
                body=body, status=status, content_type="application/json", headers={"Idempotent-Replayed": "true"}
            )
        response = await handler(request)
        # A refusal (a bad parameter, nothing left to refund) did nothing: only what was done is kept.
        _idempotent_answers[key] = (asked, response.status, response.body)
        return response


def extend():
    server.app.middlewares.append(_serve_isolated_stripe_js)
    server.app.middlewares.append(_pay_invoices_with_the_stand_in)
    server.app.middlewares.append(_idempotent_posts)
    _keep_extra_parameter(resources.PaymentIntent, "automatic_payment_methods")
    _keep_extra_parameter(resources.Subscription, "payment_settings")
    _keep_extra_parameter(resources.SetupIntent, "automatic_payment_methods")
    _subscription_updates_as_stripe_does()
    _setup_intents_as_stripe_does()
    _declined_invoice_payments_as_stripe_does()
    _cancelled_subscriptions_as_stripe_does()
    _refunds_as_stripe_does()
    _charges_without_their_refunds_list()
    _label_events_with_the_pinned_version()
    for method, url, view in (
        ("POST", "/v1/webhook_endpoints", server.api_create),
        ("GET", "/v1/webhook_endpoints/{id}", server.api_retrieve),
        ("POST", "/v1/webhook_endpoints/{id}", server.api_update),
        ("DELETE", "/v1/webhook_endpoints/{id}", server.api_delete),
        ("GET", "/v1/webhook_endpoints", server.api_list_all),
    ):
        server.app.router.add_route(method, url, view(WebhookEndpoint, url))
