// axe-core (the npm package) run inside a page or a webview frame: WCAG 2.1 A/AA and best practices.
// Injected through evaluate, which the page's CSP does not govern (the report allows only its own nonce).
import { readFileSync } from 'node:fs';
import type { Frame, Page } from 'playwright-core';

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; summary: string }[];
}

/** The violations axe finds in the target's document; [] when there are none. */
export async function axeViolations(target: Page | Frame): Promise<AxeViolation[]> {
  await target.evaluate((src) => {
    if (!(window as never as { axe?: unknown }).axe) (0, eval)(src);
  }, AXE);
  return target.evaluate(async () => {
    const axe = (
      window as never as {
        axe: {
          run(
            ctx: unknown,
            opts: unknown,
          ): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[]; failureSummary?: string }[] }[] }>;
        };
      }
    ).axe;
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String), summary: n.failureSummary ?? '' })),
    }));
  });
}

/** One line per violated rule with where it was found, for assertion messages. */
export function axeReport(vs: AxeViolation[]): string {
  return vs
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 4)
          .map((n) => `${n.target.join(' ')}: ${n.summary.split('\n').slice(1, 2).join('')}`)
          .join('; ')}`,
    )
    .join('\n');
}
