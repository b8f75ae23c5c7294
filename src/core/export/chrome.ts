// Chrome Trace Event JSON (what Perfetto, chrome://tracing and speedscope open) from a model.
// What every viewer must read the same way (test/helpers/chrome-rules.ts checks each):
// - A state slice is a B/E pair, never an X: a viewer adds ts + dur in doubles (speedscope after
//   subtracting the thread's first ts), and 12318.662 + 294046.313 lands past the next slice's
//   306364.975. With B/E one span's end and the next one's start are the same number in the file,
//   so any arithmetic that treats them alike keeps them equal; at equal ts the E is written first.
//   Times are whole nanoseconds written as µs with three decimals.
// - Every flow end (s, f) follows, at the same ts on the same thread, an instant that anchors it:
//   Perfetto binds a flow to the topmost slice on the thread's track, a thread instant is a slice
//   of zero length there, and without an anchor a join's start (at the end of the thread's last
//   slice) finds none (flow_no_enclosing_slice) or an earlier instant left on the stack.
// - Each process of a multiprocessing run is its own Chrome process (its real pid, its name, exit
//   code and target as labels) with its threads under it; the run's title is metadata.
// The document streams: chromeTraceJson yields it in chunks, one thread's events at a time.
import { Describe } from '../model/describe';
import type { Model } from '../model/types';

export interface ChromeEvent {
  ph: string;
  name: string;
  pid: number;
  tid?: number;
  ts?: number;
  cat?: string;
  id?: number;
  bp?: string;
  s?: string;
  args?: Record<string, unknown>;
}

export interface ChromeTrace {
  traceEvents: ChromeEvent[];
  displayTimeUnit: 'ns';
  /** Perfetto keeps it as json_metadata.*, chrome://tracing shows it under Metadata. */
  metadata: Record<string, string>;
}

/** ns → µs, rounded to whole ns first: the same ns always gives the same number in the file. */
const us = (ns: number) => Math.round(ns) / 1000;

/** The pid each trace thread appears under, and each Chrome process's metadata. */
function processesOf(model: Model): { pidOf: (thread: number) => number; meta: ChromeEvent[] } {
  const { trace } = model;
  const procs = trace.processes ?? [];
  const pidById = new Map(procs.map((p) => [p.id, p.pid]));
  const threadPid = new Map(trace.threads.map((t) => [t.id, pidById.get(t.process ?? 0) ?? 1]));
  const meta: ChromeEvent[] = [];
  const list = procs.length ? procs : [{ id: 0, name: 'MainProcess', pid: 1, target: undefined, exitCode: undefined, reason: undefined }];
  for (const p of list) {
    // Labels, not the name: a long process name pushes the thread names out of the track headers.
    const exit = p.exitCode === undefined ? '' : `exit ${p.exitCode}${p.reason && p.exitCode !== 0 ? ` (${p.reason})` : ''}`;
    const labels = [p.id === 0 ? trace.meta.title : '', p.target ? `target ${p.target}()` : '', exit].filter(Boolean).join(', ');
    meta.push({ ph: 'M', name: 'process_name', pid: p.pid, args: { name: p.name } });
    if (labels) meta.push({ ph: 'M', name: 'process_labels', pid: p.pid, args: { labels } });
    meta.push({ ph: 'M', name: 'process_sort_index', pid: p.pid, args: { sort_index: p.id } });
  }
  return { pidOf: (thread) => threadPid.get(thread) ?? 1, meta };
}

/** One thread's events, ordered by time and, at equal times, by rank. */
interface Item {
  t: number;
  rank: number;
  seq: number;
  ev: ChromeEvent;
}
// At a time where one slice ends and the next begins: E, then B, then the anchored flow ends, then
// other instants. Where a slice ends and none begins (the thread's end), what happens then comes
// before the E, inside the ending slice.
const BEFORE_END = 0;
const END = 1;
const BEGIN = 2;
const FLOW = 3;
const INSTANT = 4;

/**
 * A part of a run exported on its own (runtime/host/chrome-stored.ts: a long run, a segment at a time): only what
 * happens in [from, to), slices and holds cut at its ends, flow and async ids after `ids`, the
 * metadata only in the first part, and no counters (a queue's size needs the run before the part).
 */
export interface ChromePart {
  from: number;
  to: number;
  /** Ids used by the parts before: flows, holds and tasks number from ids + 1. */
  ids: number;
  first: boolean;
}

/** Every event of the export in file order: metadata, each thread's lane, holds, pool tasks, counters. */
export function* chromeTraceEvents(model: Model, part?: ChromePart): Generator<ChromeEvent> {
  const { trace } = model;
  const from = part?.from ?? -Infinity;
  const to = part?.to ?? Infinity;
  const ids = part?.ids ?? 0;
  const inPart = (t: number) => t >= from && t < to;
  const d = new Describe(trace, new Map(trace.threads.map((t) => [t.id, t])), new Map(trace.primitives.map((p) => [p.id, p])));
  const site = (at: number) => (at >= 0 ? trace.sites[at] : undefined);
  const { pidOf, meta } = processesOf(model);
  if (part?.first !== false) {
    yield* meta;
    for (let lane = 0; lane < trace.threads.length; lane++) {
      const th = trace.threads[lane];
      yield { ph: 'M', name: 'thread_name', pid: pidOf(th.id), tid: th.id, args: { name: th.name } };
      yield { ph: 'M', name: 'thread_sort_index', pid: pidOf(th.id), tid: th.id, args: { sort_index: lane } };
    }
  }

  // Which flow ends and instants each thread has (indices only: their events are made lane by lane,
  // so what is held at once is one lane's events, not the run's).
  const byThread = new Map<number, number[]>();
  const note = (thread: number, code: number) => {
    const list = byThread.get(thread);
    if (list) list.push(code);
    else byThread.set(thread, [code]);
  };
  // code: link i's start 3i, its end 3i + 1, instant j 3j + 2.
  model.links.forEach((l, i) => {
    // A part keeps the arrows that start and end inside it.
    if (!inPart(Math.min(l.fromT, l.toT)) || !inPart(l.toT)) return;
    note(l.fromThread, 3 * i);
    note(l.toThread, 3 * i + 1);
  });
  model.instants.forEach((x, j) => inPart(x.t) && note(x.thread, 3 * j + 2));
  /** A flow end and the instant that anchors it, or an instant of the model. */
  const eventsOf = (code: number): { t: number; flow: boolean; ev: ChromeEvent[] } => {
    if (code % 3 === 2) {
      const x = model.instants[(code - 2) / 3];
      const args: Record<string, unknown> = { text: x.text };
      if (x.at >= 0) args.site = site(x.at);
      const name = x.kind === 'log' || x.kind === 'exception' ? x.text : x.kind;
      return { t: x.t, flow: false, ev: [{ ph: 'i', s: 't', cat: x.kind, name, pid: pidOf(x.thread), tid: x.thread, ts: us(x.t), args }] };
    }
    const i = Math.floor(code / 3);
    const l = model.links[i];
    const start = code % 3 === 0;
    // An arrow never points back in time: where the woken thread's clock reads earlier than the
    // waker's recorded time (threads agree to ~10 µs; a tracer may record a put after the item was
    // taken), it starts when the wake took effect, which lies inside the waker's operation.
    const fromT = Math.min(l.fromT, l.toT);
    const [thread, t, other] = start ? [l.fromThread, fromT, l.toThread] : [l.toThread, l.toT, l.fromThread];
    const pid = pidOf(thread);
    const link = `${l.kind}${l.prim >= 0 ? ` (${d.prim(l.prim)})` : ''}`;
    const anchor: ChromeEvent = start
      ? { ph: 'i', s: 't', cat: 'wake', name: `${l.kind} → ${d.thread(other)}`, pid, tid: thread, ts: us(t), args: { to: d.thread(other), link } }
      : { ph: 'i', s: 't', cat: 'wake', name: `${l.kind} ← ${d.thread(other)}`, pid, tid: thread, ts: us(t), args: { from: d.thread(other), link } };
    const flow: ChromeEvent = start
      ? { ph: 's', cat: 'wake', name: l.kind, id: ids + i + 1, pid, tid: thread, ts: us(t) }
      : { ph: 'f', bp: 'e', cat: 'wake', name: l.kind, id: ids + i + 1, pid, tid: thread, ts: us(t) };
    return { t, flow: true, ev: [anchor, flow] };
  };

  for (let lane = 0; lane < trace.threads.length; lane++) {
    const tid = trace.threads[lane].id;
    const pid = pidOf(tid);
    const items: Item[] = [];
    let seq = 0;
    const begins = new Set<number>();
    const ends = new Set<number>();
    for (const s of model.spans[lane] ?? []) {
      if (s.end < from || s.start >= to || (s.end === from && s.end > s.start)) continue;
      const start = us(Math.max(s.start, from));
      const end = us(Math.min(s.end, to));
      if (end > start) {
        const args: Record<string, unknown> = {};
        if (s.reason) args.reason = s.reason;
        if (s.at >= 0) args.site = site(s.at);
        const on = s.on < 0 ? '' : s.state === 'joining' ? ` ${d.thread(s.on)}` : ` ${d.prim(s.on)}`;
        const name = `${s.state}${on}`;
        // speedscope matches an E to its B by name and args: both carry them.
        const a = Object.keys(args).length ? { args } : {};
        items.push({ t: start, rank: BEGIN, seq: seq++, ev: { ph: 'B', cat: 'state', name, pid, tid, ts: start, ...a } });
        items.push({ t: end, rank: END, seq: seq++, ev: { ph: 'E', cat: 'state', name, pid, tid, ts: end, ...a } });
        begins.add(start);
        ends.add(end);
      } else if (s.state === 'exception' || s.state === 'cutoff' || s.state === 'done') {
        // The lane's end marker (a zero-length span): an instant where the thread ended.
        items.push({ t: start, rank: INSTANT, seq: seq++, ev: { ph: 'i', s: 't', cat: 'exit', name: s.reason || s.state, pid, tid, ts: start } });
      }
    }
    const at = (t: number, rank: number) => (!begins.has(t) && ends.has(t) ? BEFORE_END : rank);
    for (const code of byThread.get(tid) ?? []) {
      const x = eventsOf(code);
      const t = us(x.t);
      const rank = at(t, x.flow ? FLOW : INSTANT);
      for (const ev of x.ev) items.push({ t, rank, seq: seq++, ev });
    }
    items.sort((a, b) => a.t - b.t || a.rank - b.rank || a.seq - b.seq);
    for (const it of items) yield it.ev;
  }

  // Holds need not nest (acquire A, acquire B, release A), so they are async slices, one id each.
  const h = model.holdTable;
  for (let i = 0; i < h.n; i++) {
    if (h.end[i] <= from || h.start[i] >= to) continue;
    const thread = h.thread[i];
    const name = `holds ${d.prim(h.prim[i])}`;
    const pid = pidOf(thread);
    const args = { thread: d.thread(thread), maxDepth: h.maxDepth[i], contended: h.contended[i] === 1, site: site(h.at[i]) };
    yield { ph: 'b', cat: 'hold', name, id: ids + i + 1, pid, tid: thread, ts: us(Math.max(h.start[i], from)), args };
    yield { ph: 'e', cat: 'hold', name, id: ids + i + 1, pid, tid: thread, ts: us(Math.min(h.end[i], to)) };
  }

  // Pool tasks: async slices under the worker process, one track per function.
  const tasks = model.tasks ?? [];
  for (let i = 0; i < tasks.length; i++) {
    const task = tasks[i];
    if (task.end <= from || task.start >= to) continue;
    const name = `task ${task.fn}()`;
    const pid = pidOf(task.thread);
    const args: Record<string, unknown> = { task: task.task, pool: d.prim(task.pool), ok: task.ok };
    if (task.by >= 0) args.submittedBy = d.thread(task.by);
    if (task.at >= 0) args.site = site(task.at);
    yield { ph: 'b', cat: 'task', name, id: ids + i + 1, pid, tid: task.thread, ts: us(Math.max(task.start, from)), args };
    yield { ph: 'e', cat: 'task', name, id: ids + i + 1, pid, tid: task.thread, ts: us(Math.min(task.end, to)) };
  }
  if (part) return;

  // Counters: "Queue `q`" with args { size } (Perfetto names the track "Queue `q` size").
  for (const c of model.counters) {
    const cut = c.label.lastIndexOf(' ');
    const name = c.label.slice(0, cut);
    const key = c.label.slice(cut + 1);
    const creator = trace.primitives.find((p) => p.id === c.prim)?.creator ?? 1;
    const pid = pidOf(creator);
    for (let j = 0; j < c.t.length; j++) yield { ph: 'C', name, pid, ts: us(c.t[j]), args: { [key]: c.v[j] } };
  }
}

/** The run's description: what Perfetto keeps as json_metadata.* and chrome://tracing shows as Metadata. */
export function metadataOf(trace: Pick<Model['trace'], 'meta' | 'outcome'>): Record<string, string> {
  const { meta, outcome } = trace;
  return {
    tool: `interleave ${meta.toolVersion}`,
    title: meta.title,
    scenario: meta.scenario,
    mode: meta.mode,
    startedAt: meta.startedAt,
    outcome: outcome.summary,
  };
}

/**
 * The document as text in chunks of about `chunkChars` characters: a long run's export is written
 * as it is made, never held as one string. Concatenated, the chunks are one JSON document.
 */
export function chromeTraceJson(model: Model, chunkChars = 1 << 16): Generator<string> {
  return chromeJson(chromeTraceEvents(model), metadataOf(model.trace), chunkChars);
}

/** The document around `events`, in chunks of about `chunkChars` characters. */
export function* chromeJson(events: Iterable<ChromeEvent>, metadata: Record<string, string>, chunkChars = 1 << 16): Generator<string> {
  let buf = '{"traceEvents":[\n';
  let first = true;
  for (const ev of events) {
    buf += (first ? '' : ',\n') + JSON.stringify(ev);
    first = false;
    if (buf.length >= chunkChars) {
      yield buf;
      buf = '';
    }
  }
  yield `${buf}\n],\n"displayTimeUnit":"ns",\n"metadata":${JSON.stringify(metadata)}}\n`;
}

/** The whole document as one object (tests, small traces). */
export function toChromeTrace(model: Model): ChromeTrace {
  return { traceEvents: [...chromeTraceEvents(model)], displayTimeUnit: 'ns', metadata: metadataOf(model.trace) };
}
