"""The tokens of private links (a family's tribute, a monthly donor's gift, a runner's sign-in).

A token is `django.core.signing` data, salted per kind of link, in URL-safe base64: Wagtail serves only
[A-Za-z0-9_-] in page paths, and the signed value has colons. It names a record and that record's own
key, so a new key (or a record gone) ends every link made before.
"""

import base64

from django.core import signing


def make_token(data, salt, compress=False):
    signed = signing.dumps(data, salt=salt, compress=compress)
    return base64.urlsafe_b64encode(signed.encode()).decode().rstrip("=")


def read_token(token, salt, max_age):
    """The data a token carries (a dict), or None for a forged, altered or expired one."""
    try:
        signed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        data = signing.loads(signed, salt=salt, max_age=max_age)
    except (ValueError, signing.BadSignature):  # SignatureExpired is a BadSignature too
        return None
    return data if isinstance(data, dict) else None
