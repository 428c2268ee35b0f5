"""The headers of an answer reached through a private link (a family's tribute link, a runner's session)."""


def private_response(response, referrer_policy="same-origin"):
    # A private link is in the URL (a tribute's, a runner's session): keep it out of other sites' Referer
    # headers, caches and search engines. Not "no-referrer" for a page with a form: Chromium then posts it
    # with `Origin: null`, which Django's CSRF check refuses; "same-origin" sends the link only to this
    # site. "no-referrer" is for an answer with no form (a runner's sign-in link, whose address holds the token).
    response["Referrer-Policy"] = referrer_policy
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response
