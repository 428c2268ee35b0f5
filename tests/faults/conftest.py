"""Small sites borrowed from the other tests: the tribute tests' site, the donation tests' campaign."""

from tests.donations.conftest import campaign  # noqa: F401
from tests.stories.conftest import _fresh_cache, share_url, tribute_index, tribute_site  # noqa: F401
