"""Test factories (factory_boy and wagtail-factories), one module per app, in the order of the layers:
`core` (images, the published-page base), `donations`, `events`, `stories`, `home` (the campaign site)."""
