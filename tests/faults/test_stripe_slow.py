"""Stripe slow or down: a donation start gives up within seconds, with the form's message."""

import socket
import threading
import time

import pytest

from tests.support.stripe import gift_form

START = "/donations/start/"
FORM_MESSAGE = "We could not reach our payment processor. Nothing was charged; please try again shortly."


@pytest.fixture
def stripe_hanging(settings):
    """A Stripe that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held, done = [], threading.Event()

    def accept():
        server.settimeout(0.2)
        while not done.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{server.getsockname()[1]}"
    yield held
    done.set()
    thread.join()
    for connection in held:
        connection.close()
    server.close()


def test_a_donation_start_gives_up_on_a_silent_stripe_within_seconds_after_one_retry_at_most(
    client,
    campaign,
    stripe_hanging,
):
    started = time.monotonic()
    response = client.post(START, gift_form(campaign["runner"]))
    elapsed = time.monotonic() - started

    assert response.status_code == 503
    assert response.json()["error"] == FORM_MESSAGE
    assert elapsed < 10, f"the worker was held {elapsed:.1f} s (3 s timeout, one retry)"
    assert len(stripe_hanging) <= 2, "at most one retry"
