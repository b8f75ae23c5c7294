// The inline hint after a run: per source line where threads blocked or waited, the total time and
// the number of waits ("⏳ 4.98 s blocked, 2 waits"). Pure, over the derived model.
import { formatDuration } from '../core/format/time';
import type { Model } from '../core/model/types';
import { parseSite } from '../core/timeline/site';

export interface LineHint {
  file: string;
  /** 1-based. */
  line: number;
  totalNs: number;
  waits: number;
  text: string;
}

const WAIT_STATES = new Set(['blocked', 'waiting', 'joining']);

export function blockedHints(model: Model): LineHint[] {
  const { trace } = model;
  const bySite = new Map<number, { ns: number; waits: number }>();
  for (const lane of model.spans) {
    let prev: { at: number; end: number } | undefined;
    for (const s of lane) {
      if (!WAIT_STATES.has(s.state) || s.at < 0) continue;
      const acc = bySite.get(s.at) ?? { ns: 0, waits: 0 };
      acc.ns += s.end - s.start;
      // One wait may be drawn as adjacent spans (a Condition wait, then re-acquiring its lock).
      if (!(prev && prev.at === s.at && prev.end === s.start)) acc.waits++;
      bySite.set(s.at, acc);
      prev = { at: s.at, end: s.end };
    }
  }
  const byLine = new Map<string, LineHint>();
  for (const [at, { ns, waits }] of bySite) {
    const loc = parseSite(trace.sites[at] ?? '', trace.meta.root);
    if (!loc) continue;
    const key = `${loc.file}\n${loc.line}`;
    const h = byLine.get(key) ?? { file: loc.file, line: loc.line, totalNs: 0, waits: 0, text: '' };
    h.totalNs += ns;
    h.waits += waits;
    byLine.set(key, h);
  }
  const hints = [...byLine.values()].filter((h) => h.totalNs > 0 || h.waits > 0);
  for (const h of hints) h.text = `⏳ ${formatDuration(h.totalNs, undefined, 3)} blocked, ${h.waits} wait${h.waits === 1 ? '' : 's'}`;
  return hints.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}
