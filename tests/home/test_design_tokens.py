"""The colour tokens in static/css/site.css meet WCAG 2.2 AA for every pair of colours the site uses.

Ratios use WCAG's relative luminance formula. Normal text needs 4.5:1; large text, the parts of a
control a reader needs to see (input borders, the progress bar) and focus indicators need 3:1.
"""

import re
from pathlib import Path

import pytest

SITE_CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "site.css"

TEXT, NON_TEXT = 4.5, 3.0

# (foreground, background, minimum, where the site uses it)
PAIRS = [
    ("text", "background", TEXT, "body text on the page"),
    ("text", "surface", TEXT, "text in panels: giving, notices, calls to action, tags, the home hero"),
    ("muted", "background", TEXT, "leads, card meta lines, captions, help text, breadcrumb separators"),
    ("muted", "surface", TEXT, "the home hero's lead, help text in the donation form's panel"),
    ("brand", "background", TEXT, "links; secondary buttons' text"),
    ("brand", "surface", TEXT, "links inside panels and notices"),
    ("brand-dark", "background", TEXT, "links on hover"),
    ("brand-dark", "surface", TEXT, "secondary buttons on hover, links on hover inside panels"),
    ("inverse", "brand", TEXT, "the site header and navigation; primary buttons"),
    ("inverse", "brand-dark", TEXT, "primary buttons on hover"),
    ("inverse", "text", TEXT, "the footer and the skip link"),
    ("accent", "background", TEXT, "mile numbers, bracelet mile labels"),
    ("accent", "surface", NON_TEXT, "the success notice's edge on the surface"),
    ("error", "background", TEXT, "form error messages"),
    ("error", "surface", TEXT, "donation form errors inside the giving panel"),
    ("warning", "surface", NON_TEXT, "the warning notice's edge"),
    ("muted", "background", NON_TEXT, "input and select borders"),
    ("brand", "surface", NON_TEXT, "amount preset borders in the giving panel"),
    ("accent", "background", NON_TEXT, "the progress bar's fill against its white track"),
    ("focus", "brand", NON_TEXT, "focus outline in the purple header"),
    ("focus", "text", NON_TEXT, "focus outline in the dark footer"),
    ("focus-ring", "background", NON_TEXT, "the dark ring inside the focus outline, on white"),
    ("focus-ring", "surface", NON_TEXT, "the dark ring inside the focus outline, in panels"),
    ("focus", "focus-ring", NON_TEXT, "the outline and its ring tell apart from each other"),
]


def custom_properties(css):
    """The `--colour-*` custom properties of :root, with `var(--x)` references followed."""
    root = re.search(r":root\s*{(.*?)}", css, re.S).group(1)
    raw = dict(re.findall(r"--colour-([\w-]+)\s*:\s*([^;]+);", root))

    def resolve(value, seen=()):
        value = re.sub(r"/\*.*?\*/", "", value).strip()
        reference = re.fullmatch(r"var\(--colour-([\w-]+)\)", value)
        if reference:
            name = reference.group(1)
            assert name not in seen, f"circular --colour-{name}"
            return resolve(raw[name], (*seen, name))
        return value

    return {name: resolve(value) for name, value in raw.items()}


def relative_luminance(hex_colour):
    digits = hex_colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    assert len(digits) == 6, f"colour tokens are #rgb or #rrggbb: {hex_colour}"

    def channel(value):
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(digits[i : i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first, second):
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


COLOURS = custom_properties(SITE_CSS.read_text())


def test_the_ratio_formula_gives_wcag_reference_values():
    assert contrast_ratio("#000", "#fff") == pytest.approx(21)
    assert contrast_ratio("#fff", "#fff") == pytest.approx(1)
    # #767676 on white is the well-known lightest grey that passes 4.5:1.
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize(
    ("foreground", "background", "minimum", "use"), PAIRS, ids=[f"{f}-on-{b}" for f, b, *_ in PAIRS]
)
def test_colour_pair_used_on_the_site_meets_wcag_aa(foreground, background, minimum, use):
    ratio = contrast_ratio(COLOURS[foreground], COLOURS[background])
    assert ratio >= minimum, f"--colour-{foreground} on --colour-{background} ({use}): {ratio:.2f}:1 < {minimum}:1"


def test_every_colour_token_is_checked_in_some_pair():
    # A new colour token must say where it is used, and pass, before the site can use it.
    checked = {name for foreground, background, *_ in PAIRS for name in (foreground, background)}
    assert set(COLOURS) - checked == {"border"}  # decorative rules and card edges only, never the sole cue


def print_table():
    """The table under "Colour pairs" in docs/design-system.md.

    `python -c 'from tests.home.test_design_tokens import print_table; print_table()'`"""
    for foreground, background, minimum, use in PAIRS:
        ratio = contrast_ratio(COLOURS[foreground], COLOURS[background])
        print(f"| `{foreground}` on `{background}` | {ratio:.1f}:1 | {minimum}:1 | {use} |")
