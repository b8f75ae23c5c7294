// Chrome Trace Event JSON (the format Perfetto and chrome://tracing open) from a model.
// Times are microseconds; we round to whole nanoseconds first so that consecutive state slices
// on a thread meet exactly and never overlap after the conversion.
import { Describe } from '../model/describe';
import type { Model } from '../model/types';

export interface ChromeEvent {
  ph: string;
  name: string;
  pid: number;
  tid?: number;
  ts?: number;
  dur?: number;
  cat?: string;
  id?: number;
  bp?: string;
  s?: string;
  args?: Record<string, unknown>;
}

export interface ChromeTrace {
  traceEvents: ChromeEvent[];
  displayTimeUnit: 'ns';
  otherData: Record<string, string>;
}

const PID = 1;
const us = (ns: number) => Math.round(ns) / 1000;

export function toChromeTrace(model: Model): ChromeTrace {
  const { trace } = model;
  const d = new Describe(
    trace,
    new Map(trace.threads.map((t) => [t.id, t])),
    new Map(trace.primitives.map((p) => [p.id, p])),
  );
  const out: ChromeEvent[] = [];
  const site = (at: number) => (at >= 0 ? trace.sites[at] : undefined);

  out.push({ ph: 'M', name: 'process_name', pid: PID, args: { name: `interleave: ${trace.meta.title}` } });
  trace.threads.forEach((th, lane) => {
    out.push({ ph: 'M', name: 'thread_name', pid: PID, tid: th.id, args: { name: th.name } });
    out.push({ ph: 'M', name: 'thread_sort_index', pid: PID, tid: th.id, args: { sort_index: lane } });
  });

  for (const lane of model.spans)
    for (const s of lane) {
      const ts = Math.round(s.start);
      const dur = Math.round(s.end) - ts;
      if (dur <= 0) continue; // the end-of-lane markers are instants below
      const args: Record<string, unknown> = {};
      if (s.reason) args.reason = s.reason;
      if (s.at >= 0) args.site = site(s.at);
      const on = s.on < 0 ? '' : s.state === 'joining' ? ` ${d.thread(s.on)}` : ` ${d.prim(s.on)}`;
      out.push({ ph: 'X', cat: 'state', name: `${s.state}${on}`, pid: PID, tid: s.thread, ts: ts / 1000, dur: dur / 1000, args });
    }

  // Holds need not nest (acquire A, acquire B, release A), so they are async slices, one id each.
  model.holds.forEach((h, i) => {
    const name = `holds ${d.prim(h.prim)}`;
    const args = { thread: d.thread(h.thread), maxDepth: h.maxDepth, contended: h.contended, site: site(h.at) };
    out.push({ ph: 'b', cat: 'hold', name, id: i + 1, pid: PID, tid: h.thread, ts: us(h.start), args });
    out.push({ ph: 'e', cat: 'hold', name, id: i + 1, pid: PID, tid: h.thread, ts: us(h.end) });
  });

  // Wake-ups as flows: the start binds to the slice running at the waker, the finish to the
  // slice that begins when the woken thread proceeds (bp "e": the enclosing slice).
  model.links.forEach((l, i) => {
    const name = l.kind;
    out.push({ ph: 's', cat: 'wake', name, id: i + 1, pid: PID, tid: l.fromThread, ts: us(l.fromT) });
    out.push({ ph: 'f', bp: 'e', cat: 'wake', name, id: i + 1, pid: PID, tid: l.toThread, ts: us(l.toT) });
  });

  for (const c of model.counters) {
    const key = c.label.slice(c.label.lastIndexOf(' ') + 1); // "Queue `q` size" → size
    for (let j = 0; j < c.t.length; j++) out.push({ ph: 'C', name: c.label, pid: PID, ts: us(c.t[j]), args: { [key]: c.v[j] } });
  }

  for (const x of model.instants) {
    const args: Record<string, unknown> = { text: x.text };
    if (x.at >= 0) args.site = site(x.at);
    out.push({ ph: 'i', s: 't', cat: x.kind, name: x.kind === 'log' || x.kind === 'exception' ? x.text : x.kind, pid: PID, tid: x.thread, ts: us(x.t), args });
  }
  for (const lane of model.spans)
    for (const s of lane)
      if (s.state === 'exception' || s.state === 'cutoff')
        out.push({ ph: 'i', s: 't', cat: 'exit', name: s.reason, pid: PID, tid: s.thread, ts: us(s.start) });

  return {
    traceEvents: out,
    displayTimeUnit: 'ns',
    otherData: {
      tool: `interleave ${trace.meta.toolVersion}`,
      scenario: trace.meta.title,
      outcome: trace.outcome.summary,
    },
  };
}
