// Runs one scenario of examples/ through the real runner and gives the tests a vocabulary to read
// its trace by names (threads, primitives, log lines) instead of ids.
import { join, resolve } from 'node:path';
import { buildModel } from '../../src/core/model/build';
import type { DeterministicOptions } from '../../src/core/protocol/runner';
import type { Model, StateSpan } from '../../src/core/model/types';
import type { PrimitiveInfo, ThreadInfo, Trace, TraceEvent } from '../../src/core/trace/format';
import { runScenario } from '../../src/runtime/host/run';

export const EXAMPLES = resolve(__dirname, '..', '..', 'examples');

export async function runExample(name: string, deterministic?: DeterministicOptions): Promise<Run> {
  const trace = await runScenario({ file: join(EXAMPLES, `${name}.ts`), timeLimitS: 20, captureSites: true, sleepScale: 1, deterministic }).done;
  return new Run(trace);
}

export class Run {
  readonly model: Model;

  constructor(readonly trace: Trace) {
    this.model = buildModel(trace);
  }

  get outcome() {
    return this.trace.outcome;
  }

  /** Outcome, summary and every thread's error: what an assertion message should show. */
  describe(): string {
    const errors = this.trace.threads.filter((t) => t.error).map((t) => `${t.name}: ${t.error!.message}`);
    return [`${this.outcome.kind}: ${this.outcome.summary}`, this.outcome.explanation, ...errors].filter(Boolean).join('\n');
  }

  thread(name: string): ThreadInfo {
    const t = this.trace.threads.find((x) => x.name === name);
    if (!t) throw new Error(`no thread named '${name}' (have: ${this.trace.threads.map((x) => x.name).join(', ')})`);
    return t;
  }

  threadById(id: number): ThreadInfo {
    return this.trace.threads.find((x) => x.id === id)!;
  }

  prim(name: string): PrimitiveInfo {
    const p = this.trace.primitives.find((x) => x.name === name);
    if (!p) throw new Error(`no primitive named '${name}' (have: ${this.trace.primitives.map((x) => x.name).join(', ')})`);
    return p;
  }

  /** Events of one kind, in time order, optionally of one thread (by name) and one primitive (by name). */
  events(kind: string, filter: { thread?: string; prim?: string } = {}): TraceEvent[] {
    const th = filter.thread === undefined ? undefined : this.thread(filter.thread).id;
    const p = filter.prim === undefined ? undefined : this.prim(filter.prim).id;
    return this.trace.events.filter((e) => e.k === kind && (th === undefined || e.th === th) && (p === undefined || e.p === p)).sort((a, b) => a.t - b.t);
  }

  /** The log() lines of a thread (all threads if none named), in time order. */
  logs(thread?: string): string[] {
    return this.events('log', { thread }).map((e) => this.trace.strings[e.a!]);
  }

  /** log() lines with the name of the thread that wrote each, in time order. */
  logLines(): { thread: string; text: string; t: number }[] {
    return this.events('log').map((e) => ({ thread: this.threadById(e.th).name, text: this.trace.strings[e.a!], t: e.t }));
  }

  /** Time of a thread's first log line that contains `text`. */
  logTime(thread: string, text: string): number {
    const e = this.events('log', { thread }).find((x) => this.trace.strings[x.a!].includes(text));
    if (!e) throw new Error(`${thread} never logged '${text}' (it logged: ${this.logs(thread).join(' | ')})`);
    return e.t;
  }

  /** The state spans of a thread's lane. */
  spans(thread: string): StateSpan[] {
    const lane = this.trace.threads.indexOf(this.thread(thread));
    return this.model.spans[lane];
  }

  /** Spans of a thread in one state, optionally on one primitive (by name). */
  spansIn(thread: string, state: StateSpan['state'], prim?: string): StateSpan[] {
    const on = prim === undefined ? undefined : this.prim(prim).id;
    return this.spans(thread).filter((s) => s.state === state && (on === undefined || s.on === on));
  }

  /** Final values of a shared record. */
  shared(name: string): Record<string, number | boolean> {
    const v = this.outcome.shared?.[name];
    if (!v) throw new Error(`no shared record '${name}' in the outcome (have: ${Object.keys(this.outcome.shared ?? {}).join(', ')})`);
    return v;
  }
}
