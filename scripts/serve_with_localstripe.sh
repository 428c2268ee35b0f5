#!/bin/sh
# `make run`: localstripe on loopback beside Django's development server; Ctrl-C stops both.
set -eu
BIN=${BIN:-.venv/bin}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
LOCALSTRIPE_PORT=${LOCALSTRIPE_PORT:-8420}
export STRIPE_API_BASE="http://127.0.0.1:${LOCALSTRIPE_PORT}"
export STRIPE_WEBHOOK_SECRET="${STRIPE_WEBHOOK_SECRET:-whsec_localstripe_dev}"

"$BIN/python" manage.py run_localstripe --port "$LOCALSTRIPE_PORT" &
STRIPE_PID=$!
cleanup() {
    kill "$STRIPE_PID" 2>/dev/null || true
    wait "$STRIPE_PID" 2>/dev/null || true
}
trap cleanup EXIT INT TERM

# Wait for localstripe, then tell it where to deliver signed webhooks.
i=0
until "$BIN/python" -c "import urllib.request,sys; urllib.request.urlopen('$STRIPE_API_BASE/js.stripe.com/v3/', timeout=1)" 2>/dev/null; do
    i=$((i + 1)); [ "$i" -gt 50 ] && { echo "localstripe did not start" >&2; exit 1; }
    sleep 0.2
done
"$BIN/python" -c "
import urllib.parse, urllib.request
data = urllib.parse.urlencode({'url': 'http://$HOST:$PORT/donations/stripe/webhook/', 'secret': '$STRIPE_WEBHOOK_SECRET'}).encode()
urllib.request.urlopen('$STRIPE_API_BASE/_config/webhooks/necsociety', data=data, timeout=5)
"

cat <<MSG

  NEC Society demo site:   http://$HOST:$PORT/
  Wagtail admin:           http://$HOST:$PORT/admin/   (user: admin, password: changeme-demo)
  localstripe (fake Stripe): $STRIPE_API_BASE  (test card 4242 4242 4242 4242)
  Emails are printed here, in this terminal. Press Ctrl-C to stop.

MSG
"$BIN/python" manage.py runserver "$HOST:$PORT"
