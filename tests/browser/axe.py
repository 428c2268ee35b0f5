"""Run axe-core (bundled with axe-playwright-python, no network) on a Playwright page."""

from axe_playwright_python.sync_playwright import Axe

BLOCKING_IMPACTS = {"serious", "critical"}


def describe(violation):
    """One line per violation: rule, impact, what to fix and the first few elements at fault."""
    targets = ", ".join(str(node["target"]) for node in violation["nodes"][:5])
    return f"{violation['id']} ({violation['impact']}): {violation['help']} - {targets}"


def serious_violations(page):
    violations = Axe().run(page).response["violations"]
    return [describe(violation) for violation in violations if violation["impact"] in BLOCKING_IMPACTS]


def all_violations(page):
    """Every violation, whatever its impact: the form steps allow no moderate one either."""
    return [describe(violation) for violation in Axe().run(page).response["violations"]]
