// Names for threads, primitives and source sites as the reasons and summaries print them.
import type { PrimitiveInfo, ThreadInfo, Trace } from '../trace/format';

export class Describe {
  constructor(
    private readonly trace: Trace,
    private readonly threads: Map<number, ThreadInfo>,
    private readonly prims: Map<number, PrimitiveInfo>,
  ) {}

  thread(id: number): string {
    return this.threads.get(id)?.name ?? `thread #${id}`;
  }

  /** "Lock `lock`". */
  prim(id: number): string {
    const p = this.prims.get(id);
    return p ? `${p.kind} \`${p.name}\`` : `primitive #${id}`;
  }

  primInfo(id: number): PrimitiveInfo | undefined {
    return this.prims.get(id);
  }

  /** "lock.ts:14" for site "lock.ts:14:5"; '' when there is none. */
  site(at: number | undefined): string {
    if (at === undefined || at < 0) return '';
    const s = this.trace.sites[at];
    return s === undefined ? '' : shortSite(s);
  }

  string(id: number | undefined): string {
    return id === undefined ? '' : (this.trace.strings[id] ?? '');
  }
}

/** Drops the column of a `file:line:col` site: people look for lines. */
export function shortSite(site: string): string {
  const m = /^(.*:\d+):\d+$/.exec(site);
  return m ? m[1] : site;
}
