"""A PostgreSQL database built by the previous release survives migrating to this code.

The previous release's tree, taken from git, migrates a database of its own on the test server,
loads the demo campaign and gifts, and is seeded with what production adds (tests/upgrade_snapshot.py
`seed`). The same script snapshots the database with the old code, this code migrates it, and the
script snapshots it again with this code: every page, revision, gift, total, setting, image file,
tribute, submission, permission and workflow must be as it was. Then this code's migrations must be
complete and its main pages must render from the upgraded database.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

# The release production was last migrated by: main when this test was written. Move it to each new
# release's commit once that release is deployed (and check that upgrade_snapshot.seed still runs on it).
PREVIOUS_RELEASE = "f5dc81c"

REPO = Path(__file__).resolve().parent.parent
SNAPSHOT_SCRIPT = Path(__file__).resolve().parent / "upgrade_snapshot.py"
STEP_TIMEOUT = 300

# Sections where the upgrade may add rows (new models bring new permissions); elsewhere a new row is a
# change of the data, reported as such.
MAY_GAIN_ROWS = {"user_permissions", "group_permissions"}
# Rows a migration of this code adds on purpose, by section and the name they carry (anything else new
# is still reported): issue 15's "Runner sign-up review" workflow and its task (stories/0009).
ADDED_BY_MIGRATIONS = {"workflows": {"Runner sign-up review", "Moderators read the runner's page"}}
# Values a migration of this code gives on purpose: `migrate` gives the default Site the address in
# SITE_URL (issue 11), here the development default http://127.0.0.1:8000.
SET_BY_MIGRATIONS = {"sites": {"hostname": "127.0.0.1", "port": 8000}}
STALE_CONTENT_TYPE_HINT = (
    "(A model moved to another app keeps its permissions, history and revisions only if the migration "
    "that moves its table also moves its django_content_type row to the new app label.)"
)
SECTIONS = [
    "pages",
    "sites",
    "view_restrictions",
    "redirects",
    "history",
    "gifts",
    "totals",
    "monthly_pledges",
    "stripe_events",
    "settings",
    "collections",
    "images",
    "renditions",
    "tribute_photos",
    "mile_dedications",
    "tribute_submissions",
    "tribute_change_requests",
    "withdrawn_tributes",
    "users",
    "user_permissions",
    "group_permissions",
    "workflows",
]

pytestmark = pytest.mark.upgrade


def previous_release_commit():
    try:
        found = subprocess.run(
            ["git", "rev-parse", "--verify", "--quiet", f"{PREVIOUS_RELEASE}^{{commit}}"],
            cwd=REPO,
            capture_output=True,
            text=True,
        )
    except FileNotFoundError:
        pytest.fail("The upgrade test needs git, to take the previous release's tree from the repository.")
    if found.returncode != 0:
        pytest.fail(
            f"The previous release {PREVIOUS_RELEASE} is not in this repository ({REPO}). "
            "The upgrade test needs a full clone (in CI: fetch-depth 0)."
        )
    return found.stdout.strip()


def run(args, cwd, env, what):
    """Run a step in a subprocess; a failure shows the step's own output."""
    try:
        done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=STEP_TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{what} took more than {STEP_TIMEOUT}s: {' '.join(map(str, args))} in {cwd}")
    if done.returncode != 0:
        pytest.fail(
            f"{what} failed (exit {done.returncode}): {' '.join(map(str, args))} in {cwd}\n"
            f"--- stdout ---\n{done.stdout[-4000:]}\n--- stderr ---\n{done.stderr[-8000:]}"
        )
    return done


@pytest.fixture(scope="module")
def upgrade_database():
    """A database of its own on the test PostgreSQL server, dropped at the end."""
    import psycopg
    from psycopg import sql

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.fail("The upgrade test needs DATABASE_URL for a PostgreSQL server: run it with `make test`.")
    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'necsociety'}_upgrade_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as server:
        server.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield urlunsplit(parts._replace(path=f"/{name}"))
    with psycopg.connect(url, autocommit=True) as server:
        server.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(scope="module")
def upgrade(upgrade_database, tmp_path_factory):
    """Build and seed the database with the previous release, snapshot it, migrate it with this code,
    snapshot it again. Returns both snapshots and the environment for more steps with this code."""
    commit = previous_release_commit()
    work = tmp_path_factory.mktemp("upgrade")
    old_tree, media = work / "previous-release", work / "media"
    old_tree.mkdir()
    media.mkdir()
    archive = work / "previous-release.tar"
    run(["git", "archive", "--format=tar", "-o", archive, commit], REPO, None, "git archive")
    run(["tar", "-x", "-f", archive, "-C", old_tree], REPO, None, "Extracting the previous release")

    # dev settings read MEDIA_ROOT from the environment (test settings pin it inside the tree), so
    # both trees share the same files; locmem email keeps the seed from printing messages.
    env = {key: value for key, value in os.environ.items() if key not in {"PYTHONPATH", "DJANGO_SETTINGS_MODULE"}} | {
        "DJANGO_SETTINGS_MODULE": "necsociety.settings.dev",
        "DATABASE_URL": upgrade_database,
        "MEDIA_ROOT": str(media),
        "DEBUG": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PYTHONDONTWRITEBYTECODE": "1",
    }

    def manage(tree, *args):
        return run([sys.executable, "manage.py", *args], tree, env, f"manage.py {args[0]} ({tree.name})")

    def script(tree, command):
        output = work / f"{command}-{tree.name}.json"
        run([sys.executable, SNAPSHOT_SCRIPT, command, output], tree, env, f"upgrade_snapshot {command} ({tree.name})")
        return json.loads(output.read_text())

    manage(old_tree, "migrate", "--noinput", "-v0")
    manage(old_tree, "load_demo_content")
    manage(old_tree, "load_demo_gifts")
    script(old_tree, "seed")
    before = script(old_tree, "snapshot")
    manage(REPO, "migrate", "--noinput", "-v0")
    after = script(REPO, "snapshot")
    return {"before": before, "after": after, "manage": lambda *args: manage(REPO, *args), "script": script}


def describe(fields):
    text = ", ".join(f"{name}={value!r}" for name, value in list(fields.items())[:6])
    return text if len(text) < 300 else text[:300] + "..."


def short(value):
    text = repr(value)
    return text if len(text) < 200 else text[:200] + "..."


def differences(section, before, after):
    """What the upgrade lost or changed in one section, one readable line each.

    Fields the upgrade added are not reported: a new column is not lost data.
    """
    lines = []
    for key, old in before.items():
        new = after.get(key)
        label = old.get("title") or old.get("baby_name") or old.get("name") or ""
        where = f"{section} {key}" + (f" ({label})" if label else "")
        if new is None:
            lines.append(f"{where}: gone after the upgrade; it was {describe(old)}")
            continue
        on_purpose = SET_BY_MIGRATIONS.get(section, {}) if old.get("is_default_site") else {}
        for field, value in old.items():
            if field in on_purpose and new.get(field) == on_purpose[field]:
                continue
            if field not in new:
                lines.append(f"{where}: field {field} gone; it was {short(value)}")
            elif new[field] != value:
                lines.append(f"{where}: {field} was {short(value)}, is now {short(new[field])}")
    if section not in MAY_GAIN_ROWS:
        for key in after.keys() - before.keys():
            if after[key].get("name") in ADDED_BY_MIGRATIONS.get(section, ()):
                continue
            lines.append(f"{section} {key}: appeared with the upgrade: {describe(after[key])}")
    return lines


def test_the_previous_release_database_holds_every_kind_of_record(upgrade):
    """The harness itself: the seeded database has something in every section, and the records
    whose survival is the point of the test."""
    before = upgrade["before"]
    assert sorted(key for key in before if not key.startswith("_")) == sorted(SECTIONS)
    assert not [section for section in SECTIONS if not before[section]], "empty sections"
    submission_statuses = {row["status"] for row in before["tribute_submissions"].values()}
    assert submission_statuses == {"published", "changes_requested", "pending", "withdrawn"}
    assert {row["status"] for row in before["gifts"].values()} == {"paid", "refunded"}
    assert {"stripe", "cheque", "cash", "other"} <= {row["source"] for row in before["gifts"].values()}
    assert all(row["file_exists"] for row in [*before["images"].values(), *before["renditions"].values()])
    assert "Moderators: OrganisationSettings.change_organisationsettings" in before["group_permissions"]
    assert "moderator may OrganisationSettings.change_organisationsettings" in before["user_permissions"]
    assert "moderator may MileDedication.change_milededication" in before["user_permissions"]
    assert any(page["has_unpublished_changes"] for page in before["pages"].values())


@pytest.mark.parametrize("section", SECTIONS)
def test_records_survive_the_upgrade(upgrade, section):
    lines = differences(section, upgrade["before"][section], upgrade["after"].get(section, {}))
    if lines:
        if len(lines) > 40:
            lines = [*lines[:40], f"... and {len(lines) - 40} more"]
        if section in MAY_GAIN_ROWS or any("stale content type" in line for line in lines):
            lines.append(STALE_CONTENT_TYPE_HINT)
        if section in {"settings", "images", "renditions"}:
            # Where the settings tables and the media files were, for reading the failure.
            lines.append(f"(before: {upgrade['before']['_about']}; after: {upgrade['after']['_about']})")
        pytest.fail(f"The upgrade changed {section}:\n" + "\n".join(lines), pytrace=False)


def test_migrations_are_complete_after_the_upgrade(upgrade):
    upgrade["manage"]("migrate", "--check")
    upgrade["manage"]("makemigrations", "--check", "--dry-run")


def test_pages_render_from_the_upgraded_database(upgrade):
    results = upgrade["script"](REPO, "render")
    problems = []
    for label, result in results.items():
        expected = 410 if label.startswith("withdrawn tribute") else 200
        if result["status"] != expected:
            problems.append(f"{label} {result['path']}: status {result['status']}, expected {expected}")
        if expected == 200 and not result["title_shown"]:
            problems.append(f"{label} {result['path']}: the page's title is not in the HTML")
    assert len(results) >= 6
    assert not problems, "\n".join(problems)
