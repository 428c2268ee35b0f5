"""What many tests share: the fixtures registered by tests/conftest.py (`pytest_plugins`) and the helpers
beside them, one module per part of the site's world (Stripe, email, small sites, the tribute and runner
forms, servers on loopback)."""
