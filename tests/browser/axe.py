"""Run axe-core (bundled with axe-playwright-python, no network) on a Playwright page."""

from axe_playwright_python.sync_playwright import Axe

BLOCKING_IMPACTS = {"serious", "critical"}


def serious_violations(page):
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} - "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def all_violations(page):
    """Every violation, whatever its impact: the form steps allow no moderate one either."""
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} - "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        for violation in Axe().run(page).response["violations"]
    ]
