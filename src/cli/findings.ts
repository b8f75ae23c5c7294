// The "Potential deadlocks" and "Data races" sections `interleave run` and `check` print after the
// outcome: each finding's summary, then the lines that back it.
import { describeCycle, describeRace, type FindingText } from '../core/analysis/explain-findings';
import { Describe } from '../core/model/describe';
import type { Findings } from '../core/trace/format';
import type { TraceHeader } from '../core/trace/source';

export function findingsReport(header: TraceHeader, f: Findings, color: boolean): string {
  const d = new Describe(header, new Map(header.threads.map((t) => [t.id, t])), new Map(header.primitives.map((p) => [p.id, p])));
  const bold = (s: string) => (color ? `\x1b[1m${s}\x1b[22m` : s);
  const section = (title: string, texts: FindingText[], none: string) => {
    const lines = [bold(title)];
    if (!texts.length) lines.push(`  ${none}`);
    texts.forEach((x, i) => lines.push(`  ${i + 1}. ${x.summary}`, ...x.details.map((l) => `     ${l}`)));
    return lines.join('\n');
  };
  return [
    section(
      'Potential deadlocks',
      f.cycles.map((c) => describeCycle(c, d, header)),
      'none: no cycle in the order threads take locks',
    ),
    section(
      'Data races',
      f.races.map((r) => describeRace(r, d, header)),
      'none: every pair of conflicting accesses to a shared field is ordered',
    ),
  ].join('\n\n');
}
