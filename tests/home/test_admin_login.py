"""Admin sign-in under a password-guessing attack (django-axes)."""

import logging

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture
def editor():
    return get_user_model().objects.create_user("editor", "editor@example.org", "the-right-password-42", is_staff=True)


def sign_in(client, username, password, address="198.51.100.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_forty_wrong_passwords_lock_the_account_and_the_right_one_no_longer_works(client, editor, caplog):
    with caplog.at_level(logging.INFO, logger="axes"):
        statuses = [sign_in(client, "editor", f"guess-{n}").status_code for n in range(40)]
    assert 429 in statuses
    response = sign_in(client, "editor", "the-right-password-42")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Sign-in paused" in page
    assert "paused for 15 minutes" in page and 'href="/admin/login/"' in page  # how long, and the way back
    assert "_auth_user_id" not in client.session
    logged = [record.getMessage() for record in caplog.records]
    assert any("Locking out" in line and "editor" in line and "198.51.100.7" in line for line in logged)


def test_guesses_from_other_addresses_never_lock_the_editor_out_of_their_own(client, editor, settings):
    guessers = [f"203.0.113.{n + 1}" for n in range(settings.AXES_FAILURE_LIMIT)]
    for n, address in enumerate(guessers):
        assert sign_in(client, "editor", f"guess-{n}", address=address).status_code == 200  # the form again
    # The editor, from their own connection, signs in.
    assert sign_in(client, "editor", "the-right-password-42", address="192.0.2.1").status_code == 302
    client.logout()
    # A guesser's address that keeps guessing is stopped at its own limit, the right password included.
    for n in range(1, settings.AXES_FAILURE_LIMIT):
        sign_in(client, "editor", f"more-{n}", address=guessers[0])
    refused = sign_in(client, "editor", "the-right-password-42", address=guessers[0])
    assert refused.status_code == 429 and "Sign-in paused" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    # The other guessers' addresses, and the editor's, are not.
    assert sign_in(client, "editor", "guess-again", address=guessers[1]).status_code == 200
    assert sign_in(client, "editor", "the-right-password-42", address="192.0.2.1").status_code == 302


def test_a_guesser_behind_the_proxy_is_counted_by_the_address_the_proxy_appended(client, editor, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    for n in range(settings.AXES_FAILURE_LIMIT):
        # The same proxy (REMOTE_ADDR) for everyone; a made-up first entry changes nothing.
        client.post(
            LOGIN,
            {"username": "editor", "password": f"guess-{n}"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 203.0.113.9",
        )
    guesser = client.post(
        LOGIN,
        {"username": "editor", "password": "the-right-password-42"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert guesser.status_code == 429
    editor_response = client.post(
        LOGIN,
        {"username": "editor", "password": "the-right-password-42"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="192.0.2.1",
    )
    assert editor_response.status_code == 302


def test_one_address_guessing_many_accounts_is_locked_out(client, editor, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"someone-{n}", "guess", address="203.0.113.50")
    assert sign_in(client, "editor", "the-right-password-42", address="203.0.113.50").status_code == 429
    # The editor, elsewhere, still signs in.
    assert sign_in(client, "editor", "the-right-password-42", address="192.0.2.1").status_code == 302
