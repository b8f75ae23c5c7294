// The inline hint after a run: per source line where threads blocked, waited or joined, the total time,
// in the state names the panel uses, and the number of waits ("4.98 s blocked, 2 waits"); a wait that
// never returned says so ("blocked, never returned (deadlock)"). Pure, over the derived model.
// The hint reads after the code, unless the line is so long that it would start off-screen: then
// it reads above the line (hintPlacement).
import { formatDuration } from '../core/format/time';
import type { Model, ThreadState } from '../core/model/types';
import { parseSite } from '../core/timeline/site';

export interface LineHint {
  file: string;
  /** 1-based. */
  line: number;
  totalNs: number;
  waits: number;
  /** Waits at this line still under way when the run ended (a deadlock's, a stall's). */
  neverReturned: number;
  text: string;
}

type WaitState = Extract<ThreadState, 'blocked' | 'waiting' | 'joining'>;
const WAIT_STATES = new Set<ThreadState>(['blocked', 'waiting', 'joining']);

interface Acc {
  ns: number;
  waits: number;
  neverReturned: number;
  /** Time per state: the line is named by the state it spent most time in. */
  byState: Map<WaitState, number>;
}

const acc = (): Acc => ({ ns: 0, waits: 0, neverReturned: 0, byState: new Map() });

/**
 * The column an end-of-line hint may reach and still be read without scrolling right in an editor
 * of common width (VS Code tells an extension nothing of its editors' visible columns).
 */
export const HINT_MAX_COLUMN = 100;

/** Where `hint` reads for a line of code `lineText`: after the code, or above the line when the hint would end past HINT_MAX_COLUMN. */
export function hintPlacement(lineText: string, hint: string, tabSize = 4): 'after' | 'above' {
  let width = 0;
  for (const ch of lineText.trimEnd()) width = ch === '\t' ? width + tabSize - (width % tabSize) : width + 1;
  // The decoration's 2em margin is about two columns.
  return width + 2 + hint.length <= HINT_MAX_COLUMN ? 'after' : 'above';
}

export function blockedHints(model: Model): LineHint[] {
  const { trace } = model;
  const bySite = new Map<number, Acc>();
  for (const lane of model.spans) {
    // In a run that did not complete, the waits after the thread's last running span never returned.
    let returnedUpTo = lane.length - 1;
    while (trace.outcome.kind !== 'completed' && returnedUpTo >= 0 && (WAIT_STATES.has(lane[returnedUpTo].state) || lane[returnedUpTo].state === 'cutoff'))
      returnedUpTo--;
    let prev: { at: number; end: number } | undefined;
    lane.forEach((s, i) => {
      if (!WAIT_STATES.has(s.state) || s.at < 0) return;
      const a = bySite.get(s.at) ?? acc();
      const ns = s.end - s.start;
      a.ns += ns;
      a.byState.set(s.state as WaitState, (a.byState.get(s.state as WaitState) ?? 0) + ns);
      // One wait may be drawn as adjacent spans (a Condition wait, then re-acquiring its lock).
      if (!(prev && prev.at === s.at && prev.end === s.start)) {
        a.waits++;
        if (i > returnedUpTo) a.neverReturned++;
      }
      bySite.set(s.at, a);
      prev = { at: s.at, end: s.end };
    });
  }
  const byLine = new Map<string, { hint: LineHint; byState: Map<WaitState, number> }>();
  for (const [at, a] of bySite) {
    const loc = parseSite(trace.sites[at] ?? '', trace.meta.root);
    if (!loc) continue;
    const key = `${loc.file}\n${loc.line}`;
    const l = byLine.get(key) ?? { hint: { file: loc.file, line: loc.line, totalNs: 0, waits: 0, neverReturned: 0, text: '' }, byState: new Map() };
    l.hint.totalNs += a.ns;
    l.hint.waits += a.waits;
    l.hint.neverReturned += a.neverReturned;
    for (const [state, ns] of a.byState) l.byState.set(state, (l.byState.get(state) ?? 0) + ns);
    byLine.set(key, l);
  }
  const hints: LineHint[] = [];
  for (const { hint: h, byState } of byLine.values()) {
    if (h.totalNs <= 0 && h.waits === 0) continue;
    const state = [...byState].reduce((best, cur) => (cur[1] > best[1] ? cur : best))[0];
    const count = `${h.waits} wait${h.waits === 1 ? '' : 's'}`;
    h.text = h.neverReturned
      ? `${state}, never returned (${trace.outcome.kind})${h.waits > 1 ? `, ${count}` : ''}`
      : `${formatDuration(h.totalNs, undefined, 3)} ${state}, ${count}`;
    hints.push(h);
  }
  return hints.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}
