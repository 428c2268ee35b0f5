"""The gift ledger: donations recorded from Stripe's webhooks (or by staff, for cheques), the
Stripe events already processed, monthly pledges, and the donation form's site settings."""

from decimal import ROUND_CEILING, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q, Sum
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import get_page_models

from .fields import CentsField, dollars_to_cents, format_cents

DEFAULT_PRESETS = "26.20, 50, 100, 262"


class Frequency(models.TextChoices):
    ONE_TIME = "one_time", "One-time"
    MONTHLY = "monthly", "Monthly"


class DonationQuerySet(models.QuerySet):
    def counted(self):
        """Gifts that count in totals: money that moved and was not given back."""
        return self.filter(status=Donation.Status.PAID)

    def for_page(self, page_id):
        """Gifts designated to a page, plus those that roll up to it (an event's runners' gifts)."""
        return self.filter(Q(page_id=page_id) | Q(rollup_page_id=page_id))

    def totals(self):
        # Donors are counted by email; a gift without one (cash, cheque) counts as its own donor.
        donor = Coalesce(NullIf("donor_email", models.Value("")), Cast("id", models.CharField()))
        return self.aggregate(
            raised_cents=Coalesce(Sum("amount_cents"), 0),
            donor_count=Count(donor, distinct=True),
            gift_count=Count("id"),
        )

    def raised(self):
        """The count and sum of the gifts, without counting donors (what a runner's milestones need)."""
        return self.aggregate(raised_cents=Coalesce(Sum("amount_cents"), 0), gift_count=Count("id"))

    def raised_by(self, field):
        """{page or event id: cents raised}, one query, for the ids the queryset was filtered to."""
        return dict(self.values(field).annotate(total=Coalesce(Sum("amount_cents"), 0)).values_list(field, "total"))


class Donation(models.Model):
    # Gifts are records of the ledger, not content: Wagtail's reference index (the pages' "Usage")
    # would add rows and queries to every gift recorded (half a webhook's time).
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        PAID = "paid", "Paid"
        REFUNDED = "refunded", "Refunded"

    class Source(models.TextChoices):
        STRIPE = "stripe", "Online (Stripe)"
        CHEQUE = "cheque", "Cheque (offline)"
        CASH = "cash", "Cash (offline)"
        OTHER = "other", "Other offline gift"

    class TributeKind(models.TextChoices):
        NONE = "", "No dedication"
        HONOUR = "honour", "In honour of"
        MEMORY = "memory", "In memory of"

    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="donations",
        verbose_name="designation",
        help_text="The event, runner or tribute page the gift is for. Empty: the general fund.",
    )
    rollup_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name="counts toward",
        help_text="The page whose total also counts this gift (an event, for its own and its runners' gifts). "
        "Set automatically.",
    )
    amount_cents = CentsField(
        "amount (US dollars)",
        validators=[MinValueValidator(1, message="A gift must be at least $0.01.")],
        help_text="The amount received, in dollars, e.g. 50 or 26.20 (stored in cents).",
    )
    currency = models.CharField(max_length=3, default="usd", help_text="ISO currency code, lower case.")
    fee_covered_cents = CentsField(
        "fee covered (US dollars)",
        default=0,
        help_text="The part of the amount the donor added to cover the processing fee, in dollars.",
    )
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.ONE_TIME, help_text="One-time or monthly."
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PAID, help_text="Refunded gifts leave the totals."
    )
    source = models.CharField(
        max_length=10,
        choices=Source.choices,
        default=Source.CHEQUE,
        help_text="Online through Stripe, or an offline gift recorded by staff.",
    )
    donor_name = models.CharField(max_length=120, blank=True, help_text="The donor's full name (never shown publicly).")
    donor_email = models.EmailField(blank=True, help_text="Where the receipt goes (never shown publicly).")
    display_name = models.CharField(
        "name shown with the gift",
        max_length=60,
        blank=True,
        help_text="The name public pages show with the gift, as the donor chose it. Empty: their first name.",
    )
    is_anonymous = models.BooleanField(
        default=False, help_text="Show as 'Anonymous' on public pages, without name or message."
    )
    message = models.CharField(max_length=280, blank=True, help_text="A short public message from the donor.")
    tribute_kind = models.CharField(
        max_length=10, choices=TributeKind.choices, blank=True, help_text="Given in honour or in memory of someone."
    )
    tribute_name = models.CharField(max_length=120, blank=True, help_text="Whom the gift honours or remembers.")
    stripe_payment_id = models.CharField(
        max_length=255,
        null=True,
        blank=True,
        unique=True,
        help_text="The Stripe object the money moved on: a PaymentIntent (pi_) or, monthly, an Invoice (in_).",
    )
    stripe_customer_id = models.CharField(max_length=255, blank=True, help_text="Stripe customer (cus_).")
    stripe_subscription_id = models.CharField(
        max_length=255, blank=True, help_text="Stripe subscription (sub_) of a monthly gift."
    )
    stripe_payment_intent_id = models.CharField(
        max_length=255,
        blank=True,
        db_index=True,
        editable=False,
        help_text="The PaymentIntent (pi_) that paid the gift; a refund names it. Empty while Stripe has not said.",
    )
    refunded_cents = CentsField(
        "refunded (US dollars)",
        default=0,
        editable=False,
        help_text="How much of the charge Stripe has refunded, in dollars (the amount counted is what is left).",
    )
    received_at = models.DateTimeField(default=timezone.now, help_text="When the money was received.")
    refunded_at = models.DateTimeField(null=True, blank=True, help_text="When the gift was refunded.")
    receipt_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DonationQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        permissions = [("refund_donation", "Can refund a gift through Stripe")]
        indexes = [
            models.Index(fields=["page", "status"], name="donation_page_status"),
            models.Index(fields=["rollup_page", "status"], name="donation_rollup_status"),
        ]

    def __str__(self):
        return f"{self.amount_display} from {self.donor_name or 'an anonymous donor'} on {self.received_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        self.rollup_page_id = rollup_page_id(self.page) if self.page_id else None
        super().save(*args, **kwargs)

    @property
    def amount_display(self):
        return format_cents(self.amount_cents)

    @property
    def gift_before_fee_display(self):
        """The gift the donor chose, without the processing fee they added to cover (the receipt shows both)."""
        return format_cents(self.amount_cents - self.fee_covered_cents)

    @property
    def fee_covered_display(self):
        return format_cents(self.fee_covered_cents)

    @property
    def is_offline(self):
        return self.source != self.Source.STRIPE

    @property
    def public_name(self):
        """What public pages show: the name the donor chose, else a first name, or 'Anonymous'; never an email."""
        if self.is_anonymous:
            return "Anonymous"
        if self.display_name.strip():
            return self.display_name.strip()
        return public_first_name(self.donor_name) or "Anonymous"

    def clean(self):
        super().clean()
        if self.page_id and not is_designatable(self.page):
            raise ValidationError(
                {"page": "Choose a page that takes gifts (an event, runner or tribute), or leave empty."}
            )
        if self.source == self.Source.STRIPE and not self.stripe_payment_id:
            raise ValidationError({"source": "A gift recorded by hand is offline: choose cheque, cash or other."})

    def designation_title(self):
        return self.page.title if self.page_id else "General fund"

    @property
    def charged_cents(self):
        """What the donor was charged: a refunded gift keeps it as its amount, a partly refunded one counts the rest."""
        return self.amount_cents if self.status == self.Status.REFUNDED else self.amount_cents + self.refunded_cents

    @property
    def refundable_cents(self):
        """What staff may still refund from the admin, as the ledger knows it (Stripe has the last word)."""
        if self.is_offline or self.status != self.Status.PAID or not self.stripe_payment_intent_id:
            return 0
        return self.amount_cents


class RefundRequest(models.Model):
    """Staff asked Stripe, from the gift's page in the admin, to refund all or part of a gift.

    Saved before Stripe is called, its token makes the call's idempotency key: a double-click or a
    retried confirmation asks Stripe again with the same key, and Stripe refunds once. The ledger
    counts the refund from Stripe's charge.refunded event, as it does a refund made in Stripe's dashboard.
    """

    wagtail_reference_index_ignore = True

    class Reason(models.TextChoices):
        # Stripe's own reasons (its `reason` parameter), said as staff would.
        REQUESTED_BY_CUSTOMER = "requested_by_customer", "The donor asked for it"
        DUPLICATE = "duplicate", "A duplicate gift"
        FRAUDULENT = "fraudulent", "Fraudulent (a stolen card)"

    class Status(models.TextChoices):
        SENDING = "sending", "Not confirmed by Stripe"
        ACCEPTED = "accepted", "Accepted by Stripe"
        REFUSED = "refused", "Refused by Stripe"

    token = models.UUIDField(unique=True, editable=False, help_text="Names the request in its idempotency key.")
    donation = models.ForeignKey(
        Donation, on_delete=models.CASCADE, related_name="refund_requests", help_text="The gift to refund."
    )
    amount_cents = CentsField("amount (US dollars)", help_text="How much staff asked Stripe to give back.")
    reason = models.CharField(max_length=30, choices=Reason.choices, help_text="The reason Stripe is given.")
    note = models.CharField(max_length=500, blank=True, help_text="Staff's own note; kept here, never sent to Stripe.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The staff member who confirmed it.",
    )
    requested_at = models.DateTimeField(default=timezone.now, help_text="When it was confirmed.")
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.SENDING,
        help_text="What Stripe answered; the ledger counts the refund when Stripe's charge.refunded arrives.",
    )
    stripe_refund_id = models.CharField(max_length=255, blank=True, help_text="Stripe's refund (re_).")
    error = models.CharField(max_length=500, blank=True, help_text="What Stripe answered, if it refused.")

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self):
        return f"Refund of {format_cents(self.amount_cents)} asked on {self.requested_at:%Y-%m-%d}"

    @property
    def idempotency_key(self):
        # The token, not the row's id: a development database made afresh reuses ids, localstripe's memory does not.
        return f"necsociety-refund-request-{self.token}"

    @property
    def amount_display(self):
        return format_cents(self.amount_cents)


class Refund(models.Model):
    """Money Stripe gave back on a gift, as the ledger recorded it from a charge.refunded event (from the
    admin or from Stripe's dashboard): one row for each rise of the charge's refunded amount. The donor
    is told of each, once."""

    wagtail_reference_index_ignore = True

    donation = models.ForeignKey(
        Donation, on_delete=models.CASCADE, related_name="refunds", help_text="The gift the money came from."
    )
    amount_cents = CentsField("amount (US dollars)", help_text="What this refund gave back.")
    left_cents = CentsField("left (US dollars)", help_text="What the gift still counts after it.")
    recorded_at = models.DateTimeField(default=timezone.now, help_text="When the ledger recorded it.")
    notice_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["recorded_at"]

    def __str__(self):
        return f"{format_cents(self.amount_cents)} refunded on {self.recorded_at:%Y-%m-%d}"

    @property
    def amount_display(self):
        return format_cents(self.amount_cents)

    @property
    def left_display(self):
        return format_cents(self.left_cents)


def masked_email(address):
    """An address as staff may see it once it is gone: its first letter and its domain, a•••@example.org."""
    local, _, domain = (address or "").partition("@")
    return f"{local[:1]}•••@{domain}" if local and domain else ""


class DedicationCard(models.Model):
    """An e-card a donor asked the site to send, once their gift is paid, to tell someone of a dedication.

    Made when the donor starts the gift; the ledger links it to the gift Stripe confirms (the payment's
    metadata names it by `reference`, never by the address, which stays here), and the email worker
    sends it once. The address is kept only to send the card: it is erased once the card is sent (staff
    keep `recipient_hint`), and a card whose gift never came is deleted after a week.
    """

    # A record, not content: kept out of Wagtail's reference index (the pages' "Usage").
    wagtail_reference_index_ignore = True

    reference = models.CharField(
        max_length=40, unique=True, editable=False, help_text="Names the card in the payment's Stripe metadata."
    )
    donation = models.OneToOneField(
        Donation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="dedication_card",
        help_text="The gift the card tells of, once Stripe has confirmed it.",
    )
    stripe_subscription_id = models.CharField(
        max_length=255, blank=True, db_index=True, help_text="The monthly gift (sub_) whose first payment sends it."
    )
    recipient_name = models.CharField(max_length=120, help_text="Whom the donor asked us to tell.")
    recipient_email = models.EmailField(
        blank=True, help_text="Where the card goes; erased once it is sent (never shown, never sent to Stripe)."
    )
    recipient_hint = models.CharField(
        max_length=260, blank=True, help_text="The address masked, for staff: a•••@example.org."
    )
    message = models.CharField(max_length=500, blank=True, help_text="The donor's message to the recipient.")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True, help_text="When the card was emailed.")

    class Meta:
        verbose_name = "dedication e-card"

    def __str__(self):
        return f"E-card to {self.recipient_name}"


class EndReason(models.TextChoices):
    DONOR = "donor", "Cancelled by the donor"
    PAYMENT_FAILED = "payment_failed", "Payments failed"
    OTHER = "other", "Ended at Stripe"


class MonthlyPledgeQuerySet(models.QuerySet):
    def open(self):
        return self.filter(ended_at__isnull=True)

    def for_email(self, email):
        return self.filter(donor_email__iexact=email.strip())


class MonthlyPledge(models.Model):
    """A monthly gift (a Stripe subscription): each paid invoice becomes a Donation."""

    # A record, not content: kept out of Wagtail's reference index (the pages' "Usage").
    wagtail_reference_index_ignore = True

    stripe_subscription_id = models.CharField(max_length=255, unique=True, help_text="Stripe subscription (sub_).")
    stripe_customer_id = models.CharField(max_length=255, blank=True, help_text="Stripe customer (cus_).")
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Designation of every payment.",
    )
    amount_cents = models.PositiveIntegerField(help_text="Monthly amount in cents.")
    donor_name = models.CharField(
        max_length=120, blank=True, help_text="The donor's full name, copied to each payment (never shown publicly)."
    )
    donor_email = models.EmailField(blank=True, help_text="Where the receipts go (never shown publicly).")
    display_name = models.CharField(
        max_length=60, blank=True, help_text="The name shown with each payment on public pages, as the donor chose it."
    )
    is_anonymous = models.BooleanField(default=False, help_text="Each payment shows as 'Anonymous' on public pages.")
    message = models.CharField(
        max_length=280, blank=True, help_text="The donor's public message, copied to each payment."
    )
    tribute_kind = models.CharField(
        max_length=10, blank=True, help_text="Given in honour or in memory of someone (empty: no dedication)."
    )
    tribute_name = models.CharField(max_length=120, blank=True, help_text="Whom the monthly gift honours or remembers.")
    fee_covered_cents = models.PositiveIntegerField(
        default=0, help_text="The part of each payment the donor added to cover the processing fee, in cents."
    )
    started_at = models.DateTimeField(default=timezone.now, help_text="When the first monthly payment was made.")
    ended_at = models.DateTimeField(null=True, blank=True, help_text="When the donor or Stripe ended the pledge.")
    failing_since = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When a monthly payment was first declined (the donor was asked to update their card); "
        "empty once a payment goes through.",
    )
    last_failure = models.CharField(max_length=200, blank=True, help_text="Why Stripe declined the last payment.")
    next_charge_at = models.DateTimeField(
        null=True, blank=True, help_text="When Stripe next charges the card, as its last word on the subscription said."
    )
    card_description = models.CharField(
        max_length=60,
        blank=True,
        help_text="The card the donor last set on their manage page, e.g. 'Visa ending 4242'.",
    )
    cancel_requested_at = models.DateTimeField(
        null=True, blank=True, help_text="When the donor asked, on their manage page, to end the monthly gift."
    )
    end_reason = models.CharField(
        max_length=20,
        choices=EndReason.choices,
        blank=True,
        help_text="Who ended the monthly gift: the donor, or Stripe after the payments failed.",
    )

    objects = MonthlyPledgeQuerySet.as_manager()

    def __str__(self):
        return f"{format_cents(self.amount_cents)} a month ({self.stripe_subscription_id})"

    def designation_title(self):
        return self.page.title if self.page_id else "General fund"

    @property
    def amount_display(self):
        return format_cents(self.amount_cents)


class GivingStatement(models.Model):
    """A year-end giving statement sent to one donor (by email address): never sent twice for a year."""

    # A record, not content: kept out of Wagtail's reference index (the pages' "Usage").
    wagtail_reference_index_ignore = True

    donor_email = models.EmailField(help_text="The donor the statement went to (never shown publicly).")
    year = models.PositiveIntegerField(help_text="The calendar year the statement covers.")
    gift_count = models.PositiveIntegerField(help_text="How many gifts the statement listed.")
    total_cents = CentsField("total (US dollars)", help_text="The total of the gifts listed, in dollars.")
    sent_at = models.DateTimeField(default=timezone.now, help_text="When the statement was queued to be emailed.")

    class Meta:
        ordering = ["-year", "donor_email"]
        constraints = [models.UniqueConstraint(fields=["donor_email", "year"], name="one_giving_statement_a_year")]

    def __str__(self):
        return f"{self.year} statement for {self.donor_email}"


class StripeEvent(models.Model):
    """Every Stripe event processed, once: the unique id is what makes replays harmless."""

    # A record, not content: kept out of Wagtail's reference index (the pages' "Usage").
    wagtail_reference_index_ignore = True

    event_id = models.CharField(max_length=255, unique=True, help_text="Stripe's id for the event (evt_).")
    type = models.CharField(max_length=100, help_text="What Stripe reported, e.g. payment_intent.succeeded.")
    object_id = models.CharField(
        max_length=255, blank=True, db_index=True, help_text="The Stripe object the event is about (pi_, in_, sub_)."
    )
    donation = models.ForeignKey(
        Donation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text="The gift the event recorded or changed, if any.",
    )
    outcome = models.CharField(max_length=200, blank=True, help_text="What the site did with the event.")
    api_version = models.CharField(
        max_length=40, blank=True, help_text="The Stripe API version the event was written in (the endpoint's)."
    )
    needs_attention = models.BooleanField(
        default=False,
        help_text="The ledger could not apply the event (e.g. an API version it does not read): staff must look.",
    )
    payload = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text="The event as Stripe sent it, kept while it needs attention, so that it can be tried again.",
    )
    error = models.TextField(blank=True, editable=False, help_text="Why the ledger could not apply it.")
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["received_at"]

    def __str__(self):
        return f"{self.type} {self.event_id}"


@register_setting(icon="pick")
class DonationSettings(BaseGenericSetting):
    preset_amounts = models.CharField(
        max_length=200,
        default=DEFAULT_PRESETS,
        help_text="The amount buttons on the donation form, in dollars, separated by commas, e.g. 26.20, 50, 100.",
    )
    minimum_cents = CentsField(
        "minimum gift (US dollars)",
        default=500,
        validators=[MinValueValidator(50, message="Stripe takes no payment under $0.50.")],
        help_text="Smallest gift accepted, in dollars, e.g. 5.",
    )
    maximum_cents = CentsField(
        "maximum online gift (US dollars)",
        default=2_500_000,
        help_text="Largest online gift accepted, in dollars, e.g. 25,000.",
    )
    fee_percent = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=Decimal("2.20"),
        validators=[MinValueValidator(0), MaxValueValidator(10)],
        help_text="Stripe's percentage fee used for 'cover the fee' (2.2 is the nonprofit rate).",
    )
    fee_fixed_cents = CentsField(
        "fixed fee (US dollars)", default=30, help_text="Stripe's fixed fee per payment, in dollars, e.g. 0.30."
    )
    currency = models.CharField(max_length=3, default="usd", help_text="The currency of online gifts.")
    notify_families = models.BooleanField(
        default=False,
        help_text="Email the organisation's contact address when a gift is made in a baby's honour, to pass on.",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("preset_amounts"), FieldPanel("minimum_cents"), FieldPanel("maximum_cents")], "Amounts"
        ),
        MultiFieldPanel([FieldPanel("fee_percent"), FieldPanel("fee_fixed_cents"), FieldPanel("currency")], "Fees"),
        FieldPanel("notify_families"),
    ]

    class Meta:
        verbose_name = "donation form"

    def clean(self):
        super().clean()
        if self.maximum_cents <= self.minimum_cents:
            raise ValidationError({"maximum_cents": "The maximum must be more than the minimum."})
        try:
            self.presets_cents()
        except ValueError:
            raise ValidationError(
                {"preset_amounts": "Use dollar amounts separated by commas, e.g. 26.20, 50"}
            ) from None

    def presets_cents(self):
        return [dollars_to_cents(part) for part in self.preset_amounts.split(",") if part.strip()]

    def fee_for(self, amount_cents):
        """The fee to add so that the organisation receives amount_cents after Stripe's cut."""
        rate = self.fee_percent / Decimal(100)
        gross = ((Decimal(amount_cents) + self.fee_fixed_cents) / (1 - rate)).to_integral_value(ROUND_CEILING)
        return int(gross) - amount_cents


def percent_of_goal(raised_cents, goal_cents):
    """Whole percent of the goal raised, at most 100, rounded half up as donation-form.js does."""
    return min(100, (200 * raised_cents + goal_cents) // (2 * goal_cents))


def public_first_name(full_name):
    """The default name shown with a gift: the first word of the donor's name."""
    words = (full_name or "").split()
    return words[0] if words else ""


class DesignationMixin:
    """A page type that takes gifts designated to it inherits this: event, runner and tribute pages.

    The ledger knows a designation only as a Wagtail page and asks it these questions; the defaults
    suit a page with no goal whose gifts count for itself alone.
    """

    # The page type's `goal_cents` field, if it has one, overrides this.
    goal_cents = None
    # An event lists the pages under it that take gifts (its runners), most raised first: the first
    # few in its giving box, all of them at `leaderboard_url()`.
    has_leaderboard = False
    # Whether a gift to a page of this type may be told to someone besides staff (its family, through
    # `gift_notice_recipients()`): a gift to a page whose type never tells anyone queues no notice.
    tells_of_gifts = False

    def gift_rollup_page_id(self):
        """The page whose total also counts gifts to this page (an event for its runners), or None."""
        return None

    def shows_amount_raised(self):
        return True

    def honoured_name(self):
        """Whom gifts to this page honour (a baby's name), pre-filled in the form's dedication; or ''."""
        return ""

    def dedication_kind(self):
        """ "memory" or "honour" when gifts to this page are dedicated to someone (see honoured_name), or ''."""
        return ""

    def dedication_phrase(self):
        """How a gift to this page is dedicated, e.g. "in memory of Ava"; or '' (see honoured_name)."""
        return ""

    def gift_visibility_note(self):
        """One line on the donation form saying who besides the public sees a gift to this page, or ''."""
        return ""

    def gift_notice_recipients(self):
        """Who else is emailed (besides staff) when a gift to this page is recorded: never the amount."""
        return []

    def giving_heading(self):
        return "Support the team"

    def leaderboard_name(self):
        return self.title

    def leaderboard_url(self):
        """Where the whole leaderboard of a page that has one is listed, page by page; or None."""
        return None

    def offered_as_designation(self):
        """Whether a monthly donor may pick this page from the list on their manage page."""
        return True


def is_designatable(page):
    """Whether gifts can be designated to this page: its type inherits `DesignationMixin`."""
    return page is not None and page.specific_class is not None and issubclass(page.specific_class, DesignationMixin)


def rollup_page_id(page):
    """The page a gift to `page` also counts toward, asked of the page's own type."""
    if not is_designatable(page):
        return None
    return page.specific_deferred.gift_rollup_page_id()


def designatable_page_models():
    return [model for model in get_page_models() if issubclass(model, DesignationMixin)]
