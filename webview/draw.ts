// Paints one frame of the trace body on the canvas. Shapes are batched into one Path2D per colour
// (and per lit/dimmed when a primitive is picked), so a frame costs a handful of fills however many
// runs are visible; per-lane work is bounded by pixels (lod.ts), not by spans.
import type { Link, ThreadState } from '../src/core/model/types';
import { threadName } from '../src/core/model/describe';
import { counterSteps } from '../src/core/timeline/counters';
import { HOLD_CONTENDED } from '../src/core/timeline/holds';
import { visibleLinks } from '../src/core/timeline/links';
import { RunBuffer, lodRuns } from '../src/core/timeline/lod';
import { lowerBound } from '../src/core/timeline/search';
import { STATES, STATE_COUNT, stateCode } from '../src/core/timeline/states';
import { type Viewport, nsToPx } from '../src/core/timeline/viewport';
import type { StuckThread } from '../src/core/trace/format';
import { type ViewData, marksIn } from './data';
import { type SummaryLayer, drawSummaryLanes } from './summary';
import type { Palette } from './theme';

export const MIN_RUN_PX = 1;
const MAX_LINKS = 400;
const LABEL_FONT = 11;
const HOLD_FONT = 9;

export interface FrameInput {
  ctx: CanvasRenderingContext2D;
  /** The whole canvas, cssPx. */
  width: number;
  height: number;
  /** The trace body: x in [0, v.width]; the cycle gutter is to its right. */
  v: Viewport;
  data: ViewData;
  pal: Palette;
  /** Picked or hovered primitive: it lights up, everything else dims. −1 none. */
  focusPrim: number;
  focusLane: number;
  /** The span the keyboard is on (webview/keyboard.ts), marked with a ring; undefined none. */
  focusSpan?: { lane: number; t0: number; t1: number };
  cursorX: number | null;
  /** A long run zoomed out: its lanes are drawn from this summary, not from `data`'s spans (summary.ts). */
  summary?: SummaryLayer;
}

export interface FrameStats {
  states: Set<ThreadState>;
  runs: number;
  mergedSpans: number;
  links: number;
  linksCut: boolean;
  /** Texts drawn: in spans, and what each stuck thread waits on in the deadlock gutter. */
  labels: string[];
  /** Arrows drawn in the deadlock/stall gutter. */
  waitArrows: number;
  /** Pool task bars drawn (sub-pixel neighbours merged into one). */
  tasks: number;
}

/** Caches measureText by font and string: labels repeat on every frame. */
export class TextWidths {
  private cache = new Map<string, number>();
  width(ctx: CanvasRenderingContext2D, text: string): number {
    const key = `${ctx.font}\u0000${text}`;
    let w = this.cache.get(key);
    if (w === undefined) {
      if (this.cache.size > 5000) this.cache.clear();
      w = ctx.measureText(text).width;
      this.cache.set(key, w);
    }
    return w;
  }
}

const runs = new RunBuffer();
const RUNNING = stateCode.running;
const SLEEPING = stateCode.sleeping;
const DONE = stateCode.done;
const CUTOFF = stateCode.cutoff;

/** Vertical extent of a state's bar inside its lane's state row: idle states are thinner. */
function barOf(code: number, y: number, h: number): [number, number] {
  if (code === DONE) return [y + h / 2 - 1, 2];
  if (code === SLEEPING) return [y + h * 0.3, h * 0.4];
  return [y + 3, h - 6];
}

export function drawFrame(f: FrameInput, text: TextWidths): FrameStats {
  const { ctx, v, data, pal } = f;
  const stats: FrameStats = { states: new Set(), runs: 0, mergedSpans: 0, links: 0, linksCut: false, labels: [], waitArrows: 0, tasks: 0 };
  ctx.clearRect(0, 0, f.width, f.height);
  const dimming = f.focusPrim >= 0;
  const lit: Path2D[] = Array.from({ length: STATE_COUNT + 2 }, () => new Path2D());
  const dim: Path2D[] = Array.from({ length: STATE_COUNT + 2 }, () => new Path2D());
  const HOLD = STATE_COUNT;
  const labels: { x: number; y: number; w: number; text: string; ink: string; font: number }[] = [];

  for (const row of data.layout.laneRows) {
    if (!row) continue;
    const lane = data.lanes[row.lane];
    if (row.lane === f.focusLane) {
      ctx.fillStyle = pal.border;
      ctx.globalAlpha = 0.25;
      ctx.fillRect(0, row.y - 2, v.width, row.h + 4);
      ctx.globalAlpha = 1;
      // The tint alone is faint: a frame in the focus colour (3:1 on the background), in the gaps around the lane.
      ctx.strokeStyle = pal.focus;
      ctx.lineWidth = 1;
      ctx.strokeRect(0.5, row.y - 3.5, v.width - 1, row.h + 7);
    }
    if (f.summary) continue;
    // State bar.
    lodRuns(lane.spans, v, MIN_RUN_PX, runs);
    for (let k = 0; k < runs.n; k++) {
      const code = runs.code[k];
      const x0 = runs.x0[k];
      const w = Math.max(runs.x1[k] - x0, MIN_RUN_PX);
      const [by, bh] = barOf(code, row.stateY, row.stateH);
      const i = runs.index[k];
      const related = i >= 0 && lane.on[i] === f.focusPrim;
      (dimming && !related ? dim : lit)[code].rect(x0, by, w, bh);
      stats.states.add(STATES[code]);
      stats.runs++;
      if (runs.count[k] > 1) stats.mergedSpans += runs.count[k];
      if (i >= 0 && w > 28 && code !== RUNNING && code !== DONE) {
        const t = spanLabel(data, code, lane.on[i]);
        if (t) labels.push({ x: x0, y: row.stateY + row.stateH / 2, w, text: t, ink: pal.stateInk[code], font: LABEL_FONT });
      }
    }
    // Lock holds, one row per nesting level: held (uncontended) / held while others wait.
    for (let level = 0; level < lane.holds.length; level++) {
      const hr = lane.holds[level];
      const y = row.holdY + level * row.holdH + 1;
      const h = row.holdH - 2;
      lodRuns(hr.cols, v, MIN_RUN_PX, runs);
      for (let k = 0; k < runs.n; k++) {
        const code = runs.code[k];
        const x0 = runs.x0[k];
        const w = Math.max(runs.x1[k] - x0, MIN_RUN_PX);
        const i = runs.index[k];
        const related = i >= 0 && hr.prim[i] === f.focusPrim;
        (dimming && !related ? dim : lit)[HOLD + code].rect(x0, y, w, h);
        stats.runs++;
        if (i >= 0 && w > 24) {
          const name = data.prims.get(hr.prim[i])?.name ?? '';
          labels.push({ x: x0, y: y + h / 2, w, text: name, ink: code === HOLD_CONTENDED ? pal.holdContendedInk : pal.holdInk, font: HOLD_FONT });
        }
      }
    }
  }

  if (f.summary) stats.runs += drawSummaryLanes(ctx, f.summary, data, v, pal, barOf, MIN_RUN_PX, stats.states);
  // Fill per colour: the batching that keeps a frame cheap.
  const fillStyle = (c: number) => (c < HOLD ? pal.state[c] : c === HOLD ? pal.hold : pal.holdContended);
  const cutoffPattern = hatch(ctx, pal.state[CUTOFF]);
  for (let c = 0; c < lit.length; c++) {
    ctx.fillStyle = c === CUTOFF && cutoffPattern ? cutoffPattern : fillStyle(c);
    ctx.globalAlpha = 0.18;
    ctx.fill(dim[c]);
    ctx.globalAlpha = 1;
    ctx.fill(lit[c]);
    if (pal.outline) {
      ctx.strokeStyle = pal.outline;
      ctx.lineWidth = 1;
      ctx.stroke(lit[c]);
    }
  }

  stats.tasks = drawTasks(f, text, labels);
  drawDepth(f, text, labels);
  drawLabels(ctx, text, labels, pal, stats);
  drawMarkers(f);
  drawCounters(f);
  const shown = drawLinks(f);
  stats.links = shown.count;
  stats.linksCut = shown.cut;
  stats.waitArrows = drawCycle(f, text, stats.labels);
  drawFocusSpan(f);

  if (f.cursorX !== null && f.cursorX >= 0 && f.cursorX <= v.width) {
    ctx.strokeStyle = pal.muted;
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    ctx.moveTo(Math.round(f.cursorX) + 0.5, 0);
    ctx.lineTo(Math.round(f.cursorX) + 0.5, f.height);
    ctx.stroke();
    ctx.setLineDash([]);
  }
  return stats;
}

function spanLabel(data: ViewData, code: number, on: number): string {
  const joined = code === stateCode.joining && on >= 0 ? data.trace.threads.find((t) => t.id === on) : undefined;
  const name = joined ? threadName(data.trace, joined) : on >= 0 ? data.prims.get(on)?.name : undefined;
  switch (STATES[code]) {
    case 'blocked':
      return name ? `blocked on ${name}` : 'blocked';
    case 'waiting':
      return name ? `waits on ${name}` : 'waiting';
    case 'joining':
      return name ? `joins ${name}` : 'joining';
    case 'sleeping':
      return 'sleep';
    case 'cutoff':
      return 'cut off at exit';
    default:
      return '';
  }
}

let hatchCache: { color: string; pattern: CanvasPattern | null } | undefined;
/** Diagonal stripes for "cut off at exit": the thread did not end, it was stopped. */
function hatch(ctx: CanvasRenderingContext2D, color: string): CanvasPattern | null {
  if (hatchCache?.color === color) return hatchCache.pattern;
  const c = document.createElement('canvas');
  c.width = c.height = 8;
  const g = c.getContext('2d')!;
  g.strokeStyle = color;
  g.lineWidth = 2;
  g.beginPath();
  g.moveTo(0, 8);
  g.lineTo(8, 0);
  g.moveTo(-2, 2);
  g.lineTo(2, -2);
  g.moveTo(6, 10);
  g.lineTo(10, 6);
  g.stroke();
  hatchCache = { color, pattern: ctx.createPattern(c, 'repeat') };
  return hatchCache.pattern;
}

type Label = { x: number; y: number; w: number; text: string; ink: string; font: number };

/** Labels only where they fit (measured once per string), never over a neighbour. */
function drawLabels(ctx: CanvasRenderingContext2D, text: TextWidths, labels: Label[], pal: Palette, stats: FrameStats): void {
  ctx.textBaseline = 'middle';
  for (const l of labels) {
    ctx.font = `${l.font}px ${pal.font}`;
    const tw = text.width(ctx, l.text);
    if (tw + 8 > l.w) continue;
    ctx.fillStyle = l.ink;
    ctx.fillText(l.text, Math.max(l.x, 0) + 4, l.y + 0.5);
    if (stats.labels.length < 200) stats.labels.push(l.text);
  }
}

/**
 * Pool tasks as bars in the task row of the worker lane that ran them, labelled "task 3: work()"
 * where it fits; a task that raised is in the exception colour. Hovering one lights up its pool
 * (the arrows from the submitting map/applyAsync and to the get that received the result).
 */
function drawTasks(f: FrameInput, text: TextWidths, labels: Label[]): number {
  const { ctx, v, data, pal } = f;
  const tasks = data.model.tasks ?? [];
  let drawn = 0;
  for (const row of data.layout.laneRows) {
    if (!row || row.taskH === 0) continue;
    const lane = data.lanes[row.lane];
    const y = row.taskY + 2;
    const h = row.taskH - 4;
    let lastX1 = -Infinity;
    for (let k = lowerBound(lane.taskEnd, v.t0); k < lane.taskIx.length && lane.taskStart[k] <= v.t1; k++) {
      const task = tasks[lane.taskIx[k]];
      const x0 = Math.max(nsToPx(v, task.start), -1);
      const x1 = Math.min(nsToPx(v, task.end), v.width + 1);
      if (x1 <= lastX1 + 0.5) continue; // within the pixel of the one before: it already covers it
      lastX1 = Math.max(x1, x0 + MIN_RUN_PX);
      // A hairline gap keeps back-to-back tasks apart.
      const w = Math.max(x1 - x0 - (x1 - x0 > 4 ? 1 : 0), MIN_RUN_PX);
      ctx.globalAlpha = f.focusPrim >= 0 && f.focusPrim !== task.pool ? 0.25 : 1;
      ctx.fillStyle = task.ok ? pal.task : pal.exception;
      ctx.fillRect(x0, y, w, h);
      drawn++;
      if (w > 16) {
        // The longest of "task 3: work()", "3: work()", "task 3", "3" that fits.
        ctx.font = `${HOLD_FONT}px ${pal.font}`;
        const long = `task ${task.task}: ${task.fn}()${task.ok ? '' : ' raised'}`;
        const label = [long, `${task.task}: ${task.fn}()`, `task ${task.task}`, `${task.task}`].find((s) => text.width(ctx, s) + 8 <= w);
        if (label) labels.push({ x: x0, y: y + h / 2, w, text: label, ink: task.ok ? pal.taskInk : pal.stateInk[stateCode.exception], font: HOLD_FONT });
      }
    }
  }
  ctx.globalAlpha = 1;
  return drawn;
}

/** RLock recursion depth: a stripe per extra level inside the hold bar, and "×2" where it fits. */
function drawDepth(f: FrameInput, text: TextWidths, labels: Label[]): void {
  const { ctx, v, data, pal } = f;
  ctx.fillStyle = pal.fg;
  for (const row of data.layout.laneRows) {
    if (!row) continue;
    const lane = data.lanes[row.lane];
    for (let k = lowerBound(lane.depthStart, v.t0 - lane.maxDepthLen); k < lane.depth.length && lane.depthStart[k] <= v.t1; k++) {
      const d = lane.depth[k];
      if (d.end < v.t0) continue;
      const x0 = Math.max(nsToPx(v, d.start), 0);
      const x1 = Math.min(nsToPx(v, d.end), v.width);
      if (x1 - x0 < 2) continue;
      const y = row.holdY + d.level * row.holdH + 1;
      ctx.globalAlpha = 0.45;
      for (let k = 1; k < d.depth; k++) ctx.fillRect(x0, y + row.holdH - 2 - 2 * k, x1 - x0, 1);
      ctx.globalAlpha = 1;
      const label = `×${d.depth}`;
      ctx.font = `${HOLD_FONT}px ${pal.font}`;
      if (text.width(ctx, label) + 6 < x1 - x0)
        labels.push({
          x: x1 - text.width(ctx, label) - 8,
          y: y + (row.holdH - 2) / 2,
          w: text.width(ctx, label) + 8,
          text: label,
          ink: pal.holdInk,
          font: HOLD_FONT,
        });
    }
  }
}

/** log() as a diamond, an exception or error as a triangle, on top of the state bar. */
function drawMarkers(f: FrameInput): void {
  const { ctx, v, data, pal } = f;
  for (const row of data.layout.laneRows) {
    if (!row) continue;
    const lane = data.lanes[row.lane];
    const [a, b] = marksIn(lane, v.t0, v.t1);
    let lastX = -10;
    for (let k = a; k < b; k++) {
      const x = nsToPx(v, lane.markT[k]);
      if (x - lastX < 3) continue; // one marker per 3 px is all the eye can tell apart
      lastX = x;
      const ins = data.model.instants[lane.markIx[k]];
      const y = row.stateY + 1;
      ctx.globalAlpha = f.focusPrim >= 0 && ins.prim !== f.focusPrim ? 0.3 : 1;
      ctx.beginPath();
      if (ins.kind === 'log') {
        ctx.fillStyle = pal.log;
        ctx.moveTo(x, y - 1);
        ctx.lineTo(x + 4, y + 3);
        ctx.lineTo(x, y + 7);
        ctx.lineTo(x - 4, y + 3);
      } else {
        ctx.fillStyle = pal.exception;
        ctx.moveTo(x - 5, y - 1);
        ctx.lineTo(x + 5, y - 1);
        ctx.lineTo(x, y + 8);
      }
      ctx.closePath();
      ctx.fill();
      ctx.strokeStyle = pal.bg;
      ctx.lineWidth = 1;
      ctx.stroke();
    }
  }
  ctx.globalAlpha = 1;
}

/** Semaphore permits and queue sizes as step charts, min/max where samples share a pixel. */
function drawCounters(f: FrameInput): void {
  const { ctx, v, data, pal } = f;
  for (const row of data.layout.rows) {
    if (row.kind !== 'counter') continue;
    const c = data.counters[row.counter];
    const steps = counterSteps(c.t, c.v, v);
    const yOf = (x: number) => row.y + row.h - 2 - ((x - c.lo) / (c.hi - c.lo || 1)) * (row.h - 8);
    ctx.strokeStyle = pal.border;
    ctx.beginPath();
    ctx.moveTo(0, row.y + row.h - 1.5);
    ctx.lineTo(v.width, row.y + row.h - 1.5);
    ctx.stroke();
    if (!steps.length) continue;
    const focused = f.focusPrim === c.prim;
    const color = pal.log;
    const area = new Path2D();
    area.moveTo(steps[0].x, yOf(c.lo));
    for (let k = 0; k < steps.length; k++) {
      const next = k + 1 < steps.length ? steps[k + 1].x : v.width;
      area.lineTo(steps[k].x, yOf(steps[k].v));
      area.lineTo(next, yOf(steps[k].v));
    }
    area.lineTo(v.width, yOf(c.lo));
    area.closePath();
    ctx.globalAlpha = f.focusPrim >= 0 && f.focusPrim !== c.prim ? 0.1 : 0.25;
    ctx.fillStyle = color;
    ctx.fill(area);
    ctx.globalAlpha = f.focusPrim >= 0 && f.focusPrim !== c.prim ? 0.3 : 1;
    ctx.strokeStyle = color;
    ctx.lineWidth = focused ? 2.5 : 1.5;
    ctx.beginPath();
    for (let k = 0; k < steps.length; k++) {
      const s = steps[k];
      const next = k + 1 < steps.length ? steps[k + 1].x : v.width;
      if (k === 0) ctx.moveTo(s.x, yOf(s.v));
      else ctx.lineTo(s.x, yOf(s.v));
      if (s.min !== s.max) {
        ctx.moveTo(s.x, yOf(s.min));
        ctx.lineTo(s.x, yOf(s.max));
        ctx.moveTo(s.x, yOf(s.v));
      }
      ctx.lineTo(next, yOf(s.v));
    }
    ctx.stroke();
    ctx.globalAlpha = 1;
    ctx.lineWidth = 1;
  }
}

function laneMid(data: ViewData, thread: number): number | undefined {
  const lane = data.laneOf.get(thread);
  const row = lane === undefined ? undefined : data.layout.laneRows[lane];
  return row ? row.stateY + row.stateH / 2 : undefined;
}

function arrowHead(ctx: CanvasRenderingContext2D, x: number, y: number, angle: number, size: number): void {
  ctx.moveTo(x, y);
  ctx.lineTo(x - size * Math.cos(angle - 0.45), y - size * Math.sin(angle - 0.45));
  ctx.moveTo(x, y);
  ctx.lineTo(x - size * Math.cos(angle + 0.45), y - size * Math.sin(angle + 0.45));
}

/** Wake-up arrows: from the operation that let a thread go to where it went on. */
function drawLinks(f: FrameInput): { count: number; cut: boolean } {
  const { ctx, v, data, pal } = f;
  const { links, more } = visibleLinks(data.links, v.t0, v.t1, MAX_LINKS);
  const all = data.model.links;
  const draw = (l: Link, lit: boolean) => {
    const y1 = laneMid(data, l.fromThread);
    const y2 = laneMid(data, l.toThread);
    if (y1 === undefined || y2 === undefined || l.fromThread === l.toThread) return;
    const x1 = nsToPx(v, l.fromT);
    const x2 = nsToPx(v, l.toT);
    ctx.globalAlpha = lit ? 1 : f.focusPrim >= 0 ? 0.12 : l.kind === 'spawn' || l.kind === 'join' ? 0.35 : 0.7;
    ctx.strokeStyle = lit ? pal.focus : pal.link;
    ctx.lineWidth = lit ? 2 : 1;
    ctx.beginPath();
    const bend = Math.min(40, Math.abs(y2 - y1) / 2);
    ctx.moveTo(x1, y1);
    ctx.bezierCurveTo(x1 + bend, y1, x2 - bend, y2, x2, y2);
    arrowHead(ctx, x2, y2, Math.atan2(0, 1), 6);
    ctx.stroke();
  };
  // Skip when too many cross the window: the person zooms in to see them (the status line says so).
  if (!more) for (const li of links) if (all[li].prim !== f.focusPrim || f.focusPrim < 0) draw(all[li], false);
  let count = more ? 0 : links.length;
  if (f.focusPrim >= 0)
    for (const li of links) {
      if (all[li].prim !== f.focusPrim) continue;
      draw(all[li], true);
      if (more) count++;
    }
  ctx.globalAlpha = 1;
  ctx.lineWidth = 1;
  return { count, cut: more };
}

/**
 * The deadlock (or stall) drawn in the gutter right of the body: an arrow from each stuck thread to
 * the thread holding what it waits for. A deadlock's arrows close into a loop; a thread waiting for
 * a lock it holds itself gets a loop of its own.
 */
function drawCycle(f: FrameInput, text: TextWidths, drawn: string[]): number {
  const { ctx, v, data, pal } = f;
  const out = data.trace.outcome;
  const stuck = out.stuck ?? [];
  if (!stuck.length) return 0;
  const deadlock = out.kind === 'deadlock';
  const color = deadlock ? pal.state[stateCode.blocked] : pal.state[stateCode.waiting];
  const gx = v.width + 10;
  const gw = f.width - gx - 6;
  if (gw < 24) return 0;
  let arrows = 0;
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = 2;
  const inCycle = new Set(out.cycle ?? []);
  ctx.textBaseline = 'middle';
  stuck.forEach((s, k) => {
    const y1 = laneMid(data, s.thread);
    if (y1 === undefined) return;
    ctx.beginPath();
    ctx.arc(gx + 4, y1, 4, 0, Math.PI * 2);
    ctx.fill();
    const on = stuckOn(data, s);
    if (on) {
      ctx.font = `10px ${pal.font}`;
      const x = gx + (s.heldBy.includes(s.thread) ? 10 + gw * 0.5 : 48);
      const label = fitText(ctx, text, on, f.width - x - 2);
      ctx.fillText(label, x, y1 - 8);
      drawn.push(label);
    }
    for (const holder of s.heldBy) {
      const y2 = laneMid(data, holder);
      if (y2 === undefined) continue;
      ctx.beginPath();
      if (holder === s.thread) {
        // Waits for itself: a small loop that comes back to its own lane.
        const cx = gx + 4 + gw * 0.35;
        ctx.arc(cx, y1, Math.min(gw * 0.35, 11), Math.PI * 0.9, Math.PI * 2.75);
        arrowHead(ctx, gx + 8, y1 + 3, Math.PI * 0.9, 7);
      } else {
        // Downward arrows take the outer track and upward ones the inner: a 2-cycle reads as a loop.
        const dir = y2 > y1 ? 1 : -1;
        const reach = Math.min(gw - 8, dir > 0 ? 44 : 22) + (inCycle.has(s.thread) ? 0 : 4 * (k % 3));
        ctx.moveTo(gx + 6, y1);
        ctx.bezierCurveTo(gx + reach, y1, gx + reach, y2, gx + 8, y2 - dir * 2);
        arrowHead(ctx, gx + 8, y2 - dir * 2, Math.atan2(-dir * 0.3, -1), 7);
      }
      ctx.stroke();
      arrows++;
    }
  });
  ctx.lineWidth = 1;
  return arrows;
}

/** What a stuck thread waits on, written under its dot in the cycle gutter: the primitive, or the thread it joins. */
function stuckOn(data: ViewData, s: StuckThread): string | undefined {
  const joined = s.op === 'join' ? data.trace.threads.find((t) => t.id === s.on) : undefined;
  return joined ? threadName(data.trace, joined) : data.prims.get(s.on)?.name;
}

/**
 * Width (cssPx) of the gutter right of the body where the deadlock loop is drawn (0 when nothing is stuck): the
 * arrows take about 48 px, then the longest "waits on" label at 10 px type (about 6 px a letter), but never more
 * than 30 % of the canvas `width`, so that a narrow panel keeps its room for the trace (labels are cut instead).
 */
export function cycleGutterPx(data: ViewData, width: number): number {
  const stuck = data.trace.outcome.stuck ?? [];
  if (!stuck.length) return 0;
  const longest = Math.max(0, ...stuck.map((s) => stuckOn(data, s)?.length ?? 0));
  return Math.max(96, Math.min(62 + longest * 6, 180, width * 0.3));
}

/** `s`, cut with an ellipsis to fit `maxW` cssPx ('' if not even one letter fits). */
function fitText(ctx: CanvasRenderingContext2D, text: TextWidths, s: string, maxW: number): string {
  if (text.width(ctx, s) <= maxW) return s;
  for (let n = s.length - 1; n > 0; n--) {
    const cut = `${s.slice(0, n)}…`;
    if (text.width(ctx, cut) <= maxW) return cut;
  }
  return '';
}

/** The keyboard's span: a ring in the focus colour around its state bar, at least 8 px wide so a short span shows too. */
function drawFocusSpan(f: FrameInput): void {
  const fs = f.focusSpan;
  const row = fs && f.data.layout.laneRows[fs.lane];
  if (!fs || !row) return;
  const x0 = Math.max(nsToPx(f.v, fs.t0), -4);
  const x1 = Math.min(nsToPx(f.v, fs.t1), f.v.width + 4);
  if (x1 < -4 || x0 > f.v.width + 4) return;
  const mid = (x0 + x1) / 2;
  const w = Math.max(x1 - x0, 8);
  const { ctx, pal } = f;
  ctx.strokeStyle = pal.focus;
  ctx.lineWidth = 2;
  ctx.strokeRect(Math.round(mid - w / 2) - 1, row.stateY + 0.5, Math.round(w) + 2, row.stateH - 1);
  // A notch above the ring, in the gap between lanes: the eye finds it at any zoom.
  ctx.fillStyle = pal.focus;
  ctx.beginPath();
  ctx.moveTo(mid - 5, row.stateY - 6);
  ctx.lineTo(mid + 5, row.stateY - 6);
  ctx.lineTo(mid, row.stateY);
  ctx.closePath();
  ctx.fill();
}
