#!/bin/sh
# `make run`: localstripe on loopback, the email worker (restarted if it stops) and Django's development
# server; Ctrl-C stops all.
set -eu
BIN=${BIN:-.venv/bin}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
LOCALSTRIPE_PORT=${LOCALSTRIPE_PORT:-8420}
export STRIPE_API_BASE="http://127.0.0.1:${LOCALSTRIPE_PORT}"
export SITE_URL="${SITE_URL:-http://$HOST:$PORT}"

"$BIN/python" manage.py run_localstripe --port "$LOCALSTRIPE_PORT" &
STRIPE_PID=$!
WORKER_PID=""
cleanup() {
    kill $STRIPE_PID $WORKER_PID 2>/dev/null || true
    wait $STRIPE_PID $WORKER_PID 2>/dev/null || true
}
trap cleanup EXIT INT TERM

# Wait for localstripe, then set up the webhook endpoint as a deploy does (manage.py setup_stripe_webhook):
# the signing secret it prints is the one the site checks.
i=0
until "$BIN/python" -c "import urllib.request,sys; urllib.request.urlopen('$STRIPE_API_BASE/js.stripe.com/v3/', timeout=1)" 2>/dev/null; do
    i=$((i + 1)); [ "$i" -gt 300 ] && { echo "localstripe did not start" >&2; exit 1; }
    sleep 0.2
done
STRIPE_WEBHOOK_SECRET=$("$BIN/python" manage.py setup_stripe_webhook | sed -n 's/^STRIPE_WEBHOOK_SECRET=//p')
[ -n "$STRIPE_WEBHOOK_SECRET" ] || { echo "setup_stripe_webhook printed no signing secret" >&2; exit 1; }
export STRIPE_WEBHOOK_SECRET

# Receipts and every other email are jobs in the database, sent by this worker (manage.py email_worker),
# started again whenever it stops, as systemd's Restart=always does in production (docs/deploy/).
keep_running() {
    child=""
    trap 'kill $child 2>/dev/null; wait $child 2>/dev/null; exit 0' TERM INT
    while :; do
        "$@" &
        child=$!
        wait $child || true
        echo "The email worker stopped: starting it again in 2 s." >&2
        sleep 2
    done
}
keep_running "$BIN/python" manage.py email_worker --interval 1 --no-reload &
WORKER_PID=$!

cat <<MSG

  NEC Society demo site:   http://$HOST:$PORT/
  Wagtail admin:           http://$HOST:$PORT/admin/   (user: admin, password: changeme-demo)
  localstripe (fake Stripe): $STRIPE_API_BASE  (test card 4242 4242 4242 4242)
  Emails are sent by the email worker and printed here, in this terminal. Press Ctrl-C to stop.

MSG
"$BIN/python" manage.py runserver "$HOST:$PORT"
