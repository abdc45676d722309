"""The dependency rule of the apps (pyproject.toml, ``[tool.importlinter]``) holds, and an import against it fails."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("core", "grants", "decisions", "forces", "records", "register", "notifications", "home", "demo")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - the project's own tool on the project's own files
        [str(LINT_IMPORTS), "--config", str(project / "pyproject.toml"), "--no-cache"],
        cwd=project,
        env={"PYTHONPATH": str(project), "PATH": str(LINT_IMPORTS.parent)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory) -> Path:
    """The apps and the contract, copied where an import against the rule can be added without touching the tree."""
    copy = tmp_path_factory.mktemp("architecture")
    for app in APPS:
        shutil.copytree(ROOT / app, copy / app, ignore=shutil.ignore_patterns("__pycache__", "migrations"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    return copy


def test_the_apps_keep_the_dependency_rule(project_copy):
    result = lint_imports(project_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "imports"),
    [
        ("core/probe_backward.py", "decisions.models"),  # core imports no domain app
        ("grants/probe_backward.py", "decisions.drafting"),  # grants never imports decisions
        ("records/probe_sideways.py", "forces.models"),  # the three apps on top of decisions stay apart
        ("register/probe_upward.py", "home.selectors"),  # the home page reads the apps below it, never the reverse
    ],
)
def test_an_import_against_the_rule_fails(project_copy, module, imports):
    probe = project_copy / module
    probe.write_text(f"import {imports}  # against the rule\n")
    try:
        result = lint_imports(project_copy)
    finally:
        probe.unlink()
    assert result.returncode == 1
    assert "BROKEN" in result.stdout
    importer = module.removesuffix(".py").replace("/", ".")
    assert f"{importer} -> {imports}" in result.stdout
