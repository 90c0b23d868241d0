"""Every module of the registry imports on its own, and none hides an import cycle
inside a function.

Each module is imported first in a fresh interpreter, right after django.setup()
(which loads the models, the admin and what they import): a cycle through a
module then fails as an ImportError instead of depending on which module a
request, a command or a test happened to load first.
"""

import ast
import os
import pkgutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import registry

ROOT = Path(registry.__file__).resolve().parent


def registry_modules():
    names = [
        module.name
        for module in pkgutil.walk_packages(registry.__path__, "registry.")
        if ".migrations" not in module.name
    ]
    return ["registry", *names]


MODULES = registry_modules()
SETUP = "import django, importlib, sys; django.setup(); "


def run_alone(code):
    """Run ``code`` in a new interpreter with the project's settings."""
    return subprocess.run(  # noqa: S603 (our own interpreter, our own module names)
        [sys.executable, "-c", code],
        cwd=ROOT.parent,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "ipbes_cop.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def loaded_by_setup():
    """The modules django.setup() imports on its own, in its fixed order."""
    result = run_alone(SETUP + "print(*sorted(m for m in sys.modules if m.startswith('registry')))")
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


@pytest.fixture(scope="module")
def import_errors(loaded_by_setup):
    """For every other module: imported first, after setup; the error output or ""."""
    # Importing a module setup already loaded again would test nothing new.
    rest = [name for name in MODULES if name not in loaded_by_setup]
    code = SETUP + "importlib.import_module({!r})"
    # Two at a time: one interpreter per module is slow, and the machine is shared.
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = pool.map(lambda name: run_alone(code.format(name)), rest)
        return {
            name: "" if result.returncode == 0 else result.stderr
            for name, result in zip(rest, results, strict=True)
        }


def test_the_registry_has_modules_to_import(loaded_by_setup):
    assert {"registry.permissions", "registry.models", "registry.views.public"} <= set(MODULES)
    assert not [name for name in MODULES if ".migrations" in name]
    assert "registry.models" in loaded_by_setup
    assert "registry.views.public" not in loaded_by_setup


@pytest.mark.parametrize("name", MODULES)
def test_each_module_imports_first_in_a_fresh_interpreter(loaded_by_setup, import_errors, name):
    assert name in loaded_by_setup or import_errors[name] == "", import_errors[name]


# --- No import hidden in a function -----------------------------------------------


def function_local_registry_imports():
    """(file, imported module, line) for each import of registry code inside a function."""
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith("migrations/"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom):
                    names = ["." * node.level + (node.module or "")]
                elif isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                else:
                    continue
                for name in names:
                    if name.startswith(".") or name == "registry" or name.startswith("registry."):
                        found.append((relative, name, node.lineno))
    return sorted(set(found))


def test_no_module_hides_an_import_of_registry_code_inside_a_function():
    hidden = [
        f"registry/{path}:{line} imports {name}"
        for path, name, line in function_local_registry_imports()
    ]
    assert hidden == []
