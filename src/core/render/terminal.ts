// The run as text for the CLI: a swimlane per thread (one glyph per time cell), an axis, a legend,
// the outcome with its explanation, the contention table and the per-thread time split.
import { Describe } from '../model/describe';
import { CONTENTION_COLUMNS } from '../model/stats';
import type { ContentionRow, Model, TaskSpan, ThreadSplit, ThreadState } from '../model/types';
import type { TraceHeader } from '../trace/source';
import { LaneCells } from './lane-cells';
import { formatDuration, formatPercent, niceStep, pickUnit } from '../format/time';

export interface TerminalOptions {
  /** Total line width in characters (name column + bar). Default 100. */
  width?: number;
  /** ANSI colours (for a TTY). Default false. */
  color?: boolean;
}

export const GLYPH: Readonly<Record<ThreadState, string>> = {
  running: '█',
  blocked: '▒',
  waiting: '░',
  sleeping: '·',
  joining: '╌',
  done: ' ',
  exception: '✗',
  cutoff: '┄',
};

const LEGEND: [ThreadState, string][] = [
  ['running', 'running'],
  ['blocked', 'blocked'],
  ['waiting', 'waiting'],
  ['sleeping', 'sleeping'],
  ['joining', 'joining'],
  ['exception', 'exception'],
  ['cutoff', 'cut off'],
];

const ANSI: Readonly<Record<ThreadState, string>> = {
  running: '32',
  blocked: '31',
  waiting: '33',
  sleeping: '34',
  joining: '36',
  done: '0',
  exception: '1;31',
  cutoff: '90',
};

const NAME_MAX = 20;

/** What the terminal shows of a run: from a whole model, or from the streaming summary of a long run (render/summary.ts). */
export interface TerminalView {
  trace: TraceHeader;
  durationNs: number;
  /** Per lane (trace.threads order), its state per cell for a bar of `width` cells. */
  lanes(width: number): (ThreadState | null)[][];
  contention: ContentionRow[];
  splits: ThreadSplit[];
  tasks?: TaskSpan[];
}

export function renderTerminal(model: Model, options: TerminalOptions = {}): string {
  return renderTerminalView(modelView(model), options);
}

export function modelView(model: Model): TerminalView {
  return {
    trace: model.trace,
    durationNs: model.durationNs,
    lanes: (width) => model.trace.threads.map((_, lane) => laneCells(model, lane, width)),
    contention: model.contention,
    splits: model.splits,
    tasks: model.tasks,
  };
}

export function renderTerminalView(model: TerminalView, options: TerminalOptions = {}): string {
  const color = options.color ?? false;
  const paint = (code: string, text: string) => (color && code !== '0' ? `\x1b[${code}m${text}\x1b[0m` : text);
  const { trace } = model;
  const d = describe(trace);
  const nameWidth = nameColumn(trace, d);
  const barWidth = terminalBarWidth(trace, options);
  const lines: string[] = [];

  lines.push(paint('1', `${trace.meta.title} — ${trace.outcome.kind}, ${formatDuration(model.durationNs)}`));
  lines.push(' '.repeat(nameWidth + 3) + axis(model.durationNs, barWidth));
  const lanes = model.lanes(barWidth);
  trace.threads.forEach((th, lane) => {
    const cells = lanes[lane];
    let bar = '';
    for (let i = 0; i < cells.length;) {
      let j = i;
      while (j < cells.length && cells[j] === cells[i]) j++;
      const state = cells[i];
      const run = (state ? GLYPH[state] : ' ').repeat(j - i);
      bar += state ? paint(ANSI[state], run) : run;
      i = j;
    }
    lines.push(`${fit(d.thread(th.id), nameWidth)} │ ${bar.replace(/\s+$/, '')}`);
  });
  lines.push(' '.repeat(nameWidth + 3) + LEGEND.map(([s, label]) => `${paint(ANSI[s], GLYPH[s])} ${label}`).join('  '));
  lines.push('');

  const outcomeColor = trace.outcome.kind === 'completed' ? '1;32' : '1;31';
  lines.push(`${paint(outcomeColor, `Outcome: ${trace.outcome.kind}`)} — ${trace.outcome.summary}`);
  for (const line of trace.outcome.explanation.split('\n')) if (line.trim()) lines.push(`  ${line}`);
  // What a lost update changes, and what a replayed schedule must reproduce.
  const shared = Object.entries(trace.outcome.shared ?? {}).flatMap(([rec, fields]) => Object.entries(fields).map(([f, v]) => `${rec}.${f} = ${v}`));
  if (shared.length) lines.push(`Shared values at the end: ${shared.join(', ')}`);
  lines.push('');

  if (model.contention.length) {
    lines.push(paint('1', 'Contention'));
    const rows = model.contention.map((r) => {
      const p = d.primInfo(r.prim);
      return [
        p?.name ?? `#${r.prim}`,
        p?.kind ?? '?',
        String(r.acquisitions),
        `${r.contended} (${formatPercent(r.contended, Math.max(r.acquisitions, r.contended))})`,
        String(r.neverGranted),
        formatDuration(r.totalWaitNs),
        formatDuration(r.maxWaitNs),
      ];
    });
    lines.push(...table([['primitive', 'kind', ...CONTENTION_COLUMNS], ...rows], 'llrrrrr'));
  } else lines.push('Contention: no lock, RLock, Condition or Semaphore was acquired.');
  lines.push('');

  lines.push(paint('1', 'Time per thread'));
  const splitRows = model.splits.map((s) => [
    d.thread(s.thread),
    formatDuration(s.runningNs),
    formatDuration(s.blockedNs),
    formatDuration(s.waitingNs),
    formatDuration(s.sleepingNs),
    formatDuration(s.joiningNs),
  ]);
  lines.push(...table([['thread', 'running', 'blocked', 'waiting', 'sleeping', 'joining'], ...splitRows], 'lrrrrr'));
  if (model.tasks?.length) {
    // Which worker ran which task, and when: the timeline's task rows as a table.
    lines.push('', paint('1', 'Pool tasks'));
    const taskRows = model.tasks.map((t) => [
      d.primInfo(t.pool)?.name ?? `#${t.pool}`,
      String(t.task),
      `${t.fn}()`,
      d.thread(t.thread),
      formatDuration(t.start),
      formatDuration(t.end - t.start),
      t.ok ? 'returned' : 'raised',
    ]);
    lines.push(...table([['pool', 'task', 'function', 'worker', 'start', 'took', 'result'], ...taskRows], 'lrllrrl'));
  }
  return lines.join('\n') + '\n';
}

function nameColumn(trace: TraceHeader, d: Describe): number {
  return Math.min(NAME_MAX, Math.max(6, ...trace.threads.map((t) => d.thread(t.id).length)));
}

/** Cells in each lane's bar at these options (what a streaming summary is made for). */
export function terminalBarWidth(trace: TraceHeader, options: TerminalOptions = {}): number {
  return Math.max(10, (options.width ?? 100) - nameColumn(trace, describe(trace)) - 3);
}

function describe(trace: TraceHeader): Describe {
  return new Describe(trace, new Map(trace.threads.map((t) => [t.id, t])), new Map(trace.primitives.map((p) => [p.id, p])));
}

function fit(name: string, width: number): string {
  return name.length > width ? `${name.slice(0, width - 1)}…` : name.padEnd(width);
}

function laneCells(model: Model, lane: number, width: number): (ThreadState | null)[] {
  const cells = new LaneCells(model.durationNs, width);
  for (const s of model.spans[lane]) cells.add(s.state, s.start, s.end);
  return cells.cells();
}

/** Time labels at 1-2-5 steps in one unit, spaced so that they never touch. */
function axis(durationNs: number, width: number): string {
  const unit = pickUnit(durationNs);
  const chars = new Array<string>(width).fill(' ');
  const labelRoom = 10;
  const step = niceStep((Math.max(durationNs, 1) * labelRoom) / width);
  let free = 0;
  for (let t = 0; t <= durationNs; t += step) {
    const label = formatDuration(t, unit, 3);
    // A label starts at its time's cell; near the right edge it ends there instead.
    const col = Math.min(Math.floor((t / Math.max(durationNs, 1)) * width), width - label.length);
    if (col < free) continue;
    for (let i = 0; i < label.length; i++) chars[col + i] = label[i];
    free = col + label.length + 2;
  }
  return chars.join('').replace(/\s+$/, '');
}

function table(rows: string[][], align: string): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map(
    (r) =>
      '  ' +
      r
        .map((cell, c) => (align[c] === 'r' ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
        .join('  ')
        .trimEnd(),
  );
}
