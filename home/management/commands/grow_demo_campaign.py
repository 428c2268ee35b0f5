"""`manage.py grow_demo_campaign`: the command now lives with the rest of the demo, in home/demo/grow.py."""

from home.demo.grow import Command  # noqa: F401
