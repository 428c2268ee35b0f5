"""The donation form's proof of work (ALTCHA, self-hosted): the browser spends about a second of
computing, invisibly, before a gift may reach Stripe. A card-testing bot must spend it on every
attempt, and each solution is good for one attempt only.

The server makes a signed challenge (`GET /donations/challenge/`), the vendored widget
(static/vendor/altcha/) solves it in a web worker, and `verify` checks the solution before Stripe
is called. No third party is involved.
"""

import datetime
import hashlib
import secrets

import altcha
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

ALGORITHM = "PBKDF2/SHA-256"
ITERATIONS = 500  # PBKDF2 rounds per try; the number of tries is DONATION_CHALLENGE_DIFFICULTY on average
VALID_FOR = datetime.timedelta(minutes=20)


def _secret(purpose):
    return hashlib.sha256(f"donation-challenge:{purpose}:{settings.SECRET_KEY}".encode()).hexdigest()


def new_challenge():
    """A signed challenge: the browser must find a counter between difficulty/2 and 3*difficulty/2."""
    difficulty = max(1, settings.DONATION_CHALLENGE_DIFFICULTY)
    challenge = altcha.create_challenge(
        ALGORITHM,
        ITERATIONS,
        counter=difficulty // 2 + secrets.randbelow(difficulty),
        expires_at=timezone.now() + VALID_FOR,
        hmac_secret=_secret("challenge"),
        hmac_key_secret=_secret("key"),
    )
    return challenge.to_dict()


def verify(payload):
    """Whether `payload` (the form's `altcha` field) solves a challenge of ours not used before."""
    if not payload or len(payload) > 4000:
        return False
    result = altcha.verify_solution(payload, _secret("challenge"), hmac_key_secret=_secret("key"))
    if not result.verified:
        return False
    # One attempt per solution: the first use claims it in the shared cache, every worker sees it.
    nonce = altcha.Payload.from_base64(payload).challenge.parameters.nonce
    return cache.add(f"donation-challenge-used:{nonce}", 1, int(VALID_FOR.total_seconds()) + 60)
