"""Card-testing drill (run by hand; prints figures, asserts nothing): 200 scripted attempts on the
donation form, the way card-testing bots send them, and how many reached Stripe.

Runs the site in this process (Django's test client, every middleware and view, the production
difficulty of the proof of work) against localstripe and a throwaway PostgreSQL:

    BIN=.venv/bin sh scripts/run_with_postgres.sh .venv/bin/python donations/benchmarks/card_testing.py

Two bots of 100 attempts each, each from 20 addresses of its own (behind the site's proxy, CLIENT_IP_HEADER):
- a plain bot posts the form without solving the proof of work (or with a solution already used);
- a solving bot pays the proof of work on every attempt (in Python, as fast as a browser), with
  25 stolen cards tried 4 times each and 10 throwaway email addresses.
"Reached Stripe" counts the PaymentIntents localstripe holds afterwards: the attempts that cost a fee.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
PLAIN_BOT = [f"203.0.113.{n}" for n in range(1, 21)]
SOLVING_BOT = [f"198.51.100.{n}" for n in range(1, 21)]
PRODUCTION_DIFFICULTY = 1000  # DONATION_CHALLENGE_DIFFICULTY in necsociety/settings/base.py


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_localstripe():
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "run_localstripe", "--port", str(port)],
        cwd=PROJECT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            urllib.request.urlopen(url + "/js.stripe.com/v3/", timeout=1)  # noqa: S310
            return process, url
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("localstripe did not start")


def stripe_get(url, path):
    request = urllib.request.Request(url + path, headers={"Authorization": "Bearer sk_test_localstripe"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.load(response)


def card_token(url, number):
    data = urllib.parse.urlencode(
        {"card[number]": number, "card[exp_month]": "12", "card[exp_year]": "2031", "card[cvc]": "123", "key": "pk_x"}
    ).encode()
    with urllib.request.urlopen(url + "/v1/tokens", data, timeout=10) as response:  # noqa: S310
        return json.load(response)["id"]


def payment_intents(url):
    return len(stripe_get(url, "/v1/payment_intents?limit=1000")["data"])


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "necsociety.settings.test")
    sys.path.insert(0, str(PROJECT))
    localstripe, stripe_url = start_localstripe()
    try:
        run(stripe_url)
    finally:
        localstripe.terminate()
        localstripe.wait(timeout=10)


def run(stripe_url):
    import altcha
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from donations.challenge import new_challenge

    settings.STRIPE_API_BASE = stripe_url
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.DONATION_CHALLENGE_DIFFICULTY = PRODUCTION_DIFFICULTY  # not the tests' cheap one
    call_command("migrate", verbosity=0)
    cache.clear()
    client = Client()

    def attempt(n, email, card, altcha_payload, addresses):
        return client.post(
            "/donations/start/",
            {
                "amount": str(5 + n % 7),
                "frequency": "one_time",
                "currency": "usd",
                "donor_name": "Card Tester",
                "donor_email": email,
                "submission_id": uuid.uuid4().hex,
                "payment_token": card_token(stripe_url, card),
                "altcha": altcha_payload,
            },
            HTTP_X_FORWARDED_FOR=addresses[n % len(addresses)],
        ).status_code

    def report(name, statuses, before, extra=""):
        reached = payment_intents(stripe_url) - before
        counts = {status: statuses.count(status) for status in sorted(set(statuses))}
        print(f"{name}: {len(statuses)} attempts, {reached} reached Stripe; answers {counts}{extra}")
        return reached

    used = None
    before, statuses = payment_intents(stripe_url), []
    for n in range(100):
        card = f"4{n:015d}"
        payload = "" if n % 2 else used or ""
        statuses.append(attempt(n, f"bot{n}@example.net", card, payload, PLAIN_BOT))
        if used is None:
            # One honest solution, then replayed on every other attempt.
            challenge = altcha.Challenge.from_dict(new_challenge())
            used = altcha.Payload(challenge, altcha.solve_challenge(challenge)).to_base64()
            attempt(1000, "first@example.net", "4242424242424242", used, ["192.0.2.1"])
            before += 1
    plain = report("plain bot (no or replayed proof of work)", statuses, before)

    before, statuses, solving = payment_intents(stripe_url), [], 0.0
    for n in range(100):
        started = time.process_time()
        challenge = altcha.Challenge.from_dict(new_challenge())
        payload = altcha.Payload(challenge, altcha.solve_challenge(challenge)).to_base64()
        solving += time.process_time() - started
        statuses.append(attempt(n, f"tester{n % 10}@example.net", f"5{n % 25:015d}", payload, SOLVING_BOT))
    solved = report("solving bot", statuses, before, f"; {solving:.0f} s of CPU spent on proofs of work")
    print(f"total: 200 attempts, {plain + solved} reached Stripe")


if __name__ == "__main__":
    main()
