// Findings on the timeline: the "Potential deadlocks and data races" list in the summary (each a
// button; below it its confirmation by replay — a status, the final values a race's schedules
// ended with, and each confirming schedule as a Replay button in VS Code or its command in the
// report —, then its lines of text), and what selecting one draws over the lanes: a bracket on
// each lane of a lock-order cycle from where the thread took its first lock to where it asked for
// the next (held → asked), or the two racing accesses joined by a dashed "unordered" line, with
// every event ordered with the selected access by happens-before dimmed.
import { confirmationView, describeCycle, describeRace } from '../src/core/analysis/explain-findings';
import { orderedWindows, type OrderedWindow } from '../src/core/analysis/hb-window';
import { Describe } from '../src/core/model/describe';
import { nsToPx, type Viewport } from '../src/core/timeline/viewport';
import type { DataRace, Findings, LockCycle, Trace } from '../src/core/trace/format';
import { attachedColumns } from '../src/core/trace/packed';
import { splitTrace, type TraceHeader } from '../src/core/trace/source';
import type { ViewData } from './data';
import { h } from './dom';
import type { Palette } from './theme';

export interface FindingOverlay {
  brackets: { lane: number; t0: number; t1: number; label: string }[];
  race?: { a: { lane: number; t: number }; b: { lane: number; t: number }; ordered: Map<number, OrderedWindow> };
}

function eventTime(trace: Trace, i: number): number {
  return trace.events[i]?.t ?? attachedColumns(trace)?.t[i] ?? 0;
}

export function overlayOf(trace: Trace, f: LockCycle | DataRace): FindingOverlay {
  const lane = (thread: number) => trace.threads.findIndex((t) => t.id === thread);
  const name = (id: number) => trace.primitives.find((p) => p.id === id)?.name ?? `#${id}`;
  if (f.kind !== 'dataRace')
    return {
      brackets: f.edges.map((e) => ({
        lane: lane(e.thread),
        t0: eventTime(trace, e.heldEvent),
        t1: eventTime(trace, e.event),
        label: `holds ${name(e.from)} → asks ${name(e.to)}`,
      })),
    };
  const { header, events } = splitTrace(trace);
  return {
    brackets: [],
    race: {
      a: { lane: lane(f.first.thread), t: eventTime(trace, f.first.event) },
      b: { lane: lane(f.second.thread), t: eventTime(trace, f.second.event) },
      ordered: orderedWindows(header, events, f.second.event),
    },
  };
}

/** What the selected finding shows, for the page's accessible state (tests read it). */
export function findingSnapshot(o: FindingOverlay) {
  return {
    brackets: o.brackets.map((b) => ({ lane: b.lane, t0: b.t0, t1: b.t1, label: b.label })),
    race: o.race ? { a: o.race.a, b: o.race.b, ordered: Object.fromEntries(o.race.ordered) } : null,
  };
}

export interface FindingsListOptions {
  /** The host runs a confirming schedule into the timeline (VS Code); absent, the list shows its command. */
  replay?: (seed: number, schedule: number[]) => void;
  /** A search for confirming schedules is under way: unconfirmed findings say so. */
  confirming?: boolean;
}

/** The summary's findings box; `select(i)` with -1 clears. Undefined when there is nothing to list. */
export function findingsList(
  trace: Trace,
  findings: Findings | undefined,
  select: (f: LockCycle | DataRace | undefined) => void,
  o: FindingsListOptions = {},
): HTMLElement | undefined {
  if (!findings) return undefined;
  const all: (LockCycle | DataRace)[] = [...findings.cycles, ...findings.races];
  const box = h('div', 'il-findings');
  box.setAttribute('role', 'group');
  box.setAttribute('aria-labelledby', 'il-h-findings');
  box.append(Object.assign(h('h2', '', 'Potential deadlocks and data races'), { id: 'il-h-findings' }));
  if (!all.length) {
    box.append(h('p', 'il-finding-none', 'None: no cycle in the order threads take locks, and every conflicting pair of shared accesses is ordered.'));
    return box;
  }
  const { header } = splitTrace(trace);
  const d = new Describe(header, new Map(header.threads.map((t) => [t.id, t])), new Map(header.primitives.map((p) => [p.id, p])));
  const list = h('ol', 'il-finding-list');
  const buttons: HTMLButtonElement[] = [];
  let selected = -1;
  const choose = (i: number) => {
    selected = selected === i ? -1 : i;
    buttons.forEach((b, j) => b.setAttribute('aria-pressed', String(j === selected)));
    select(selected >= 0 ? all[selected] : undefined);
  };
  all.forEach((f, i) => {
    const text = f.kind === 'dataRace' ? describeRace(f, d, header, false) : describeCycle(f, d, header, false);
    const li = h('li', `il-finding il-finding-${f.kind}`);
    const b = h('button', 'il-finding-title', text.summary);
    b.type = 'button';
    b.setAttribute('aria-pressed', 'false');
    b.title = f.kind === 'dataRace' ? 'Show both accesses on the timeline' : 'Show each thread’s held → asked pair on the timeline';
    b.addEventListener('click', () => choose(i));
    b.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && selected >= 0) choose(selected);
    });
    buttons.push(b);
    const details = h('ul', 'il-finding-details');
    for (const line of text.details) details.append(h('li', '', line));
    li.append(b, ...(f.kind === 'guardedCycle' ? [] : confirmationBlock(f, header, o)), details);
    list.append(li);
  });
  box.append(list);
  return box;
}

/** The status line ("Confirmed by replay: counter.count = 5 in 12 of 40 schedules, 10 in 28") and the confirming schedules. */
function confirmationBlock(f: LockCycle | DataRace, header: TraceHeader, o: FindingsListOptions): HTMLElement[] {
  const v = confirmationView(f, header);
  const status = h('p', 'il-finding-status');
  const badge = h('span', 'il-badge', v.status === 'unchecked' && o.confirming ? 'Confirming by replay…' : v.label);
  badge.dataset.kind = v.status === 'unchecked' && o.confirming ? 'confirming' : v.status;
  // The colon is for screen readers and copied text: the badge ends the phrase visually.
  status.append(
    badge,
    h('span', 'il-sr', ':'),
    ` ${v.status === 'unchecked' && o.confirming ? 'deterministic schedules are being searched for one that shows it' : v.text}`,
  );
  if (!v.replays.length) return [status];
  const replays = h('ul', 'il-finding-replays');
  for (const r of v.replays) {
    const li = h('li');
    if (o.replay) {
      const b = h('button', 'il-btn il-finding-replay', `Replay: ${r.gives}`);
      b.type = 'button';
      b.title = `Run the schedule that gives ${r.gives} into the timeline (${r.command})`;
      b.addEventListener('click', () => o.replay!(r.seed, r.schedule));
      li.append(b);
    } else li.append(`Replay ${r.gives}: `, h('code', 'il-finding-command', r.command));
    replays.append(li);
  }
  return [status, replays];
}

/** Draws the selected finding over the lanes (after the frame, in the same cssPx space). */
export function drawFindingOverlay(ctx: CanvasRenderingContext2D, v: Viewport, data: ViewData, o: FindingOverlay, pal: Palette): void {
  const rows = data.layout.laneRows;
  ctx.save();
  if (o.race) {
    // Dim what happens before or after the second access; keep the unordered window bright.
    ctx.fillStyle = pal.bg;
    ctx.globalAlpha = 0.6;
    data.trace.threads.forEach((t, lane) => {
      const row = rows[lane];
      const w = o.race!.ordered.get(t.id);
      if (!row || !w) return;
      const x0 = Math.max(0, nsToPx(v, w.before));
      const x1 = Math.min(v.width, nsToPx(v, w.after));
      if (w.before > -Infinity && x0 > 0) ctx.fillRect(0, row.y, x0, row.h);
      if (w.after < Infinity && x1 < v.width) ctx.fillRect(x1, row.y, v.width - x1, row.h);
    });
    ctx.globalAlpha = 1;
    const pa = point(v, rows, o.race.a);
    const pb = point(v, rows, o.race.b);
    if (pa && pb) {
      ctx.strokeStyle = pal.focus;
      ctx.lineWidth = 2;
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      ctx.moveTo(pa.x, pa.y);
      ctx.lineTo(pb.x, pb.y);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = pal.focus;
      for (const p of [pa, pb]) {
        ctx.beginPath();
        ctx.arc(p.x, p.y, 5, 0, Math.PI * 2);
        ctx.fill();
      }
      ctx.font = `11px ${pal.font}`;
      ctx.fillStyle = pal.fg;
      ctx.fillText('unordered', (pa.x + pb.x) / 2 + 6, (pa.y + pb.y) / 2 - 4);
    }
  }
  ctx.strokeStyle = pal.focus;
  ctx.fillStyle = pal.fg;
  ctx.lineWidth = 2;
  ctx.font = `11px ${pal.font}`;
  for (const b of o.brackets) {
    const row = rows[b.lane];
    if (!row) continue;
    const x0 = nsToPx(v, b.t0);
    const x1 = Math.max(nsToPx(v, b.t1), x0 + 2);
    const y = row.stateY - 3;
    ctx.beginPath();
    ctx.moveTo(x0, y + 6);
    ctx.lineTo(x0, y);
    ctx.lineTo(x1, y);
    ctx.lineTo(x1, y + 6);
    ctx.stroke();
    ctx.fillText(b.label, Math.max(0, x0), y - 3);
  }
  ctx.restore();
}

function point(v: Viewport, rows: ViewData['layout']['laneRows'], p: { lane: number; t: number }): { x: number; y: number } | undefined {
  const row = rows[p.lane];
  return row ? { x: nsToPx(v, p.t), y: row.stateY + row.stateH / 2 } : undefined;
}
