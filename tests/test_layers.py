"""The layers of DESIGN.md beyond what import-linter sees: models named by string, and imports
hidden inside functions (the old way of keeping an import cycle from crashing)."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["core", "donations", "events", "stories", "home"]
MODEL_STRING = re.compile(r"^(core|donations|events|stories|home)\.[A-Z]\w*$")
# Imports inside a function that are not about cycles: app start-up, optional development tools,
# a script that boots Django itself, and development-only URLs.
FUNCTION_IMPORTS_ALLOWED = {
    "core/apps.py",
    "donations/apps.py",
    "stories/apps.py",
    "donations/management/commands/run_localstripe.py",
    "donations/benchmarks/webhook_load.py",
    "donations/benchmarks/card_testing.py",
    "necsociety/urls.py",
}


def app_sources():
    for app in [*LAYERS, "necsociety"]:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield app, path, ast.parse(path.read_text(), filename=str(path))


def layer(app):
    return LAYERS.index(app) if app in LAYERS else len(LAYERS)


def test_no_app_names_a_model_of_a_layer_above_it():
    upward = []
    for app, path, tree in app_sources():
        for node in ast.walk(tree):
            named = None
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and MODEL_STRING.match(node.value):
                named = node.value.split(".")[0]
            elif (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", getattr(node.func, "id", "")) in {"get_model", "resolve_model_string"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                named = str(node.args[0].value).split(".")[0]
            if named in LAYERS and layer(named) > layer(app):
                upward.append(f"{path.relative_to(ROOT)}:{node.lineno} names {named}")
    assert upward == []


def test_no_import_is_hidden_inside_a_function():
    hidden = []
    for _app, path, tree in app_sources():
        relative = str(path.relative_to(ROOT))
        if relative in FUNCTION_IMPORTS_ALLOWED:
            continue
        for function in ast.walk(tree):
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                for node in ast.walk(function):
                    if isinstance(node, ast.Import | ast.ImportFrom):
                        hidden.append(f"{relative}:{node.lineno}")
    assert hidden == []


def test_no_import_order_is_forced_to_hold_a_cycle():
    # `# isort: skip` kept an import last so that a circle of imports would not crash: the circle is gone.
    forced = [str(path.relative_to(ROOT)) for _app, path, _tree in app_sources() if "isort: skip" in path.read_text()]
    assert forced == []
