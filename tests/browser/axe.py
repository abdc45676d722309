"""Accessibility checks in the browser with axe-core (installed from npm by the project's set-up)."""

import json
from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.x A and AA rules) on the page as it stands and return its violations."""
    # Evaluated through the browser's debugging protocol, which the page's Content Security Policy does not govern.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
            // Only violations are read: axe skips gathering the details of everything that passed.
            resultTypes: ["violations"],
        })"""
    )
    return result["violations"]


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    summary = [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"][:5]]}
        for v in violations
    ]
    assert not violations, json.dumps(summary, indent=2)
