"""axe-core in a Playwright page (issue 12, point 6: WCAG 2.1 AA; ADR 0042).

``audit(page)`` runs the vendored axe-core (``tests/browser/vendor/axe-core-<version>/``, read
from the local file: no network) on the page as it stands, limited to the WCAG 2.0 and 2.1 A
and AA rules, and returns its violations. ``serious(violations)`` keeps those of impact
*critical* or *serious*, which fail the screen journeys; ``describe`` words them for an
assertion message: rule id, impact, the element's selector and axe's help text.

The script is evaluated through the DevTools protocol (``page.evaluate`` with the file's text),
which the page's Content-Security-Policy does not govern, so the site's policy stays on during
the audit and a CSP violation still shows as one. ``page.add_script_tag`` would add an inline
``<script>`` element, which the policy (rightly) blocks.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

AXE_VERSION = "4.14.1"
AXE_FILE = Path(__file__).parent / "vendor" / f"axe-core-{AXE_VERSION}" / "axe.min.js"
#: The SHA-256 of ``axe.min.js`` as the npm package ``axe-core@4.14.1`` ships it (also in the
#: vendor folder's README.md): a changed file is refused, not run.
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
#: The success criteria of WCAG 2.1 level AA: 2.0 A and AA, and 2.1's additions at A and AA.
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
FAILING_IMPACTS = ("critical", "serious")

_RUN = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
  });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({
      target: n.target.map(t => Array.isArray(t) ? t.join(' ') : t).join(' >>> '),
      impact: n.impact, summary: n.failureSummary || '',
    })),
  }));
}"""


@cache
def axe_source() -> str:
    data = AXE_FILE.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != AXE_SHA256:
        raise RuntimeError(f"{AXE_FILE} has SHA-256 {digest}, not the recorded {AXE_SHA256}")
    return data.decode("utf-8")


def audit(page, tags=WCAG_TAGS) -> list[dict]:
    """The page's violations of the rules with these axe tags (by default WCAG 2.1 A and AA),
    as axe-core reports them: one dict per rule, with its ``nodes``. axe is loaded into the
    page once per document."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    return page.evaluate(_RUN, list(tags))


def serious(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in FAILING_IMPACTS]


def describe(violations: list[dict]) -> list[str]:
    """One line per failing element: ``rule-id (impact) at <selector>: help. What to fix``."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            detail = re.sub(r"\s+", " ", node["summary"]).strip()
            lines.append(
                f"{violation['id']} ({node['impact'] or violation['impact']}) at "
                f"{node['target']}: {violation['help']}. {detail}"
            )
    return lines
