// Names for threads, primitives and source sites as the reasons and summaries print them.
import type { PrimitiveInfo, ThreadInfo } from '../trace/format';
import type { TraceHeader } from '../trace/source';

export class Describe {
  // Labels are asked for once per span or instant: build each one once.
  private readonly primLabels = new Map<number, string>();
  private readonly siteLabels: (string | undefined)[] = [];

  constructor(
    private readonly trace: TraceHeader,
    private readonly threads: Map<number, ThreadInfo>,
    private readonly prims: Map<number, PrimitiveInfo>,
  ) {}

  thread(id: number): string {
    const t = this.threads.get(id);
    return t ? threadName(this.trace, t) : `thread #${id}`;
  }

  /** "Lock `lock`". */
  prim(id: number): string {
    let label = this.primLabels.get(id);
    if (label === undefined) {
      label = primitiveLabel(this.prims.get(id), id);
      this.primLabels.set(id, label);
    }
    return label;
  }

  primInfo(id: number): PrimitiveInfo | undefined {
    return this.prims.get(id);
  }

  /** "lock.ts:14" for site "lock.ts:14:5"; '' when there is none. */
  site(at: number | undefined): string {
    if (at === undefined || at < 0) return '';
    let label = this.siteLabels[at];
    if (label === undefined) {
      const s = this.trace.sites[at];
      label = this.siteLabels[at] = s === undefined ? '' : shortSite(s);
    }
    return label;
  }

  string(id: number | undefined): string {
    return id === undefined ? '' : (this.trace.strings[id] ?? '');
  }
}

/** "Lock `lock`": how a primitive is named; its number only when the trace does not describe it. */
export function primitiveLabel(p: PrimitiveInfo | undefined, id: number): string {
  return p ? `${p.kind} \`${p.name}\`` : `primitive #${id}`;
}

const processNames = new WeakMap<TraceHeader, Map<number, string>>();

/**
 * A thread of a child process is named with its process ("producer/MainThread"): every child has a MainThread.
 * A process the trace does not describe (yet: a live run learns names late) is "process 2", as its lane group's header says.
 */
export function threadName(trace: TraceHeader, t: ThreadInfo): string {
  if (!t.process) return t.name;
  let names = processNames.get(trace);
  if (!names) processNames.set(trace, (names = new Map((trace.processes ?? []).map((p) => [p.id, p.name]))));
  return `${names.get(t.process) ?? `process ${t.process}`}/${t.name}`;
}

/** The header over a process's lanes: "producer · pid 4242 · exit 0". */
export function processHeader(trace: TraceHeader, id: number): string {
  const p = trace.processes?.find((x) => x.id === id);
  if (!p) return id ? `process ${id}` : 'MainProcess';
  const exit = p.exitCode === undefined ? '' : ` · exit ${p.exitCode}${p.reason && p.exitCode !== 0 ? ` (${p.reason})` : ''}`;
  return `${p.name} · pid ${p.pid}${exit}`;
}

/** Drops the column of a `file:line:col` site: people look for lines. */
export function shortSite(site: string): string {
  const m = /^(.*:\d+):\d+$/.exec(site);
  return m ? m[1] : site;
}
