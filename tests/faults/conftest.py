"""The small site of the tribute tests, reused here: home, tributes, a past and an upcoming event."""

from tests.stories.conftest import _fresh_cache, share_url, tribute_index, tribute_site  # noqa: F401
