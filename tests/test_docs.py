"""The README is the front door and `docs/` holds the rest: the README stays short and starts with the two
commands, every relative link in it and in `docs/` leads to a file (and heading) that exists, and every page
of `docs/` can be reached from the README. Links to other sites are not followed (no network)."""

import re
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
README_MAX_LINES = 200

FENCE = re.compile(r"^\s{0,3}(```|~~~)")
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
CODE_SPAN = re.compile(r"(`+)(.+?)\1")
INLINE_LINK = re.compile(r"\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
MAKE_COMMAND = re.compile(r"\bmake [a-z][\w-]*")


def prose_lines(text):
    """The lines of a Markdown text outside fenced code blocks, as (line number, line)."""
    in_fence = False
    for number, line in enumerate(text.splitlines(), start=1):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence:
            yield number, line


def github_slug(heading):
    """The anchor GitHub gives a heading: its text lowercased, punctuation other than hyphens and
    underscores dropped, each space a hyphen."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link in a heading: its text
    text = re.sub(r"<[^>]+>", "", text).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path):
    """Every heading anchor of a Markdown file; a repeated heading gets -1, -2... as on GitHub."""
    found, seen = set(), {}
    for _, line in prose_lines(path.read_text()):
        match = HEADING.match(line)
        if not match:
            continue
        slug = github_slug(match.group(2))
        if slug in seen:
            seen[slug] += 1
            found.add(f"{slug}-{seen[slug]}")
        else:
            seen[slug] = 0
            found.add(slug)
    return found


def links(path):
    """The link targets of a Markdown file outside code, as (line number, target)."""
    for number, line in prose_lines(path.read_text()):
        definition = REFERENCE_DEFINITION.match(line)
        if definition:
            yield number, definition.group(1)
            continue
        for match in INLINE_LINK.finditer(CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)):
            yield number, match.group(1)


def resolve(path, target):
    """The file a relative link leads to and its fragment (None for a link to another site)."""
    if SCHEME.match(target):
        return None
    file_part, _, fragment = target.partition("#")
    destination = (path.parent / unquote(file_part)).resolve() if file_part else path.resolve()
    return destination, unquote(fragment)


def broken_links(path):
    """Every relative link of a Markdown file that leads to no file, or to no heading of it."""
    problems = []
    for number, target in links(path):
        resolved = resolve(path, target)
        if resolved is None:
            continue
        destination, fragment = resolved
        where = f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name}:{number}"
        if not destination.exists():
            problems.append(f"{where}: {target} leads to no file")
        elif fragment and (destination.suffix != ".md" or fragment not in anchors(destination)):
            problems.append(f"{where}: {target} leads to no heading #{fragment} of {destination.name}")
    return problems


def markdown_pages():
    return [README, *sorted(DOCS.rglob("*.md"))]


def test_readme_is_at_most_200_lines():
    lines = README.read_text().splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines; move the detail to docs/"


def test_readme_starts_with_make_run_then_make_test():
    text = README.read_text()
    lines = text.splitlines()
    first_fence = next(index for index, line in enumerate(lines) if FENCE.match(line))
    # Nothing but the title stands before the commands.
    before = [line for line in lines[:first_fence] if line.strip()]
    assert len(before) == 1 and before[0].startswith("# "), f"the commands come first, after the title: {before}"
    closing = next(index for index in range(first_fence + 1, len(lines)) if FENCE.match(lines[index]))
    commands = [line.split("#")[0].strip() for line in lines[first_fence + 1 : closing]]
    assert [command for command in commands if command] == ["make run", "make test"]
    # The first commands the README names anywhere are these two, before any section of its own.
    mentioned = MAKE_COMMAND.findall(text)
    assert mentioned[:2] == ["make run", "make test"]
    first_section = text.index("\n## ")
    assert text.index("make run") < text.index("make test") < first_section


def test_every_relative_link_in_the_readme_and_docs_resolves():
    assert DOCS.is_dir() and list(DOCS.glob("*.md")), "docs/ holds the pages the README links to"
    problems = [problem for page in markdown_pages() for problem in broken_links(page)]
    assert problems == [], "\n".join(problems)


def test_every_docs_page_is_linked_from_the_readme():
    linked = set()
    for _, target in links(README):
        resolved = resolve(README, target)
        if resolved:
            linked.add(resolved[0])
    unlinked = [str(path.relative_to(ROOT)) for path in sorted(DOCS.rglob("*")) if path.is_file()]
    unlinked = [name for name in unlinked if (ROOT / name).resolve() not in linked]
    assert unlinked == [], f"not linked from README.md: {unlinked}"


def test_every_docs_page_starts_with_its_title_a_one_line_summary_and_a_link_back_to_the_readme():
    for page in sorted(DOCS.glob("*.md")):
        title, summary, *_ = page.read_text().split("\n\n")
        assert title.startswith("# ") and "\n" not in title, f"{page.name} starts with its title"
        assert "\n" not in summary, f"{page.name}'s summary is one line"
        assert "(../README.md)" in summary, f"{page.name}'s summary links back to the README"


def test_github_slugs():
    assert github_slug("A family's photos") == "a-familys-photos"
    assert github_slug("Benchmark: `make bench`") == "benchmark-make-bench"
    assert github_slug("Accessibility, page weight and sharing (checked in Chromium)") == (
        "accessibility-page-weight-and-sharing-checked-in-chromium"
    )
    assert github_slug("Sign-in links and snake_case") == "sign-in-links-and-snake_case"


def test_a_broken_link_is_reported(tmp_path):
    (tmp_path / "docs").mkdir()
    page = tmp_path / "docs" / "page.md"
    (tmp_path / "docs" / "other.md").write_text("# Other\n\n## Sign-in links\n\n## Sign-in links\n")
    page.write_text(
        "# Page\n\n## Own heading\n\n"
        "[ok](other.md#sign-in-links) [ok](other.md#sign-in-links-1) [ok](#own-heading) [ok](https://example.org/x)\n"
        "[gone](missing.md) [no heading](other.md#sign-out) [own](#nowhere) `[code](not-a-link.md)`\n"
        "```\n[fenced](not-a-link-either.md)\n```\n"
    )
    assert broken_links(page) == [
        "page.md:6: missing.md leads to no file",
        "page.md:6: other.md#sign-out leads to no heading #sign-out of other.md",
        "page.md:6: #nowhere leads to no heading #nowhere of page.md",
    ]
