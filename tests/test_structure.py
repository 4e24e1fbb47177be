"""The layering of DESIGN.md, checked on the code's own imports: shared modules never import a
feature, a feature never imports another feature's views, blueprints are named after modules."""

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[1] / "app"
#: the modules that put the app together: they sit above the features and may import them
COMPOSITION_ROOTS = {"__init__", "cli", "demo", "models", "navigation"}
FEATURES = sorted(path.name for path in APP.iterdir() if (path / "__init__.py").exists())


def imported_modules(path: Path) -> set[str]:
    """Every module the file imports, absolute, at any depth (imports inside functions too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def feature_of(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) >= 2 and parts[0] == "app" and parts[1] in FEATURES:
        return parts[1]
    return None


SHARED = sorted(
    path for path in APP.glob("*.py") if path.stem not in COMPOSITION_ROOTS and path.is_file()
)


@pytest.mark.parametrize("path", SHARED, ids=lambda path: path.name)
def test_shared_modules_never_import_a_feature(path):
    features = sorted({feature_of(m) for m in imported_modules(path)} - {None})
    assert features == [], f"{path.name} imports {features}: move the rule down, not sideways"


@pytest.mark.parametrize("feature", FEATURES)
def test_a_feature_never_imports_another_features_views(feature):
    offending = []
    for path in sorted((APP / feature).glob("*.py")):
        for module in imported_modules(path):
            other = feature_of(module)
            last = module.rsplit(".", 1)[-1]
            if other not in (None, feature) and (last == "views" or last.endswith("_views")):
                offending.append(f"{path.name}: {module}")
    assert offending == []


def test_blueprints_are_named_after_their_module(app):
    """`app/<feature>/views.py` is blueprint `<feature>`; `<concern>_views.py` is
    `<feature>_<concern>`."""
    for name, blueprint in app.blueprints.items():
        _app, feature, module = blueprint.import_name.split(".")
        expected = feature if module == "views" else f"{feature}_{module.removesuffix('_views')}"
        assert name == expected, blueprint.import_name
