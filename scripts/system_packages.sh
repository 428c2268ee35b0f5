#!/bin/sh
# The system libraries the site itself needs (not only its tests): WeasyPrint, which makes the
# year-end giving statements, needs Pango. As root, Debian's packages are installed when missing.
set -eu
if ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0'; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's Pango for WeasyPrint (giving statements)..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 >/dev/null
else
    echo "NOTE: Pango (libpango-1.0-0, libpangoft2-1.0-0) is missing: install it, or the giving statements cannot be made." >&2
fi
