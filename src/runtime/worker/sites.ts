// Source location of the user's call for every operation (loom-style): the innermost stack frame
// inside the scenario bundle, mapped back through its source map to file:line:col. Interned per
// thread; a site ref is a heap block [line, col, fileStringRef] the runner decodes.
//
// A marked bundle (runner/site-marks.ts, docs/call-sites.md) names the call that is running in
// the worker's site register: the stack is captured once per call site and the ref kept by the
// call's id, so an operation's site costs one load and one array read.
import { SourceMap } from 'node:module';
import type { SharedHeap } from '../shm/heap';
import { SITE_REGISTER } from './protocol';

export class SiteCapture {
  private readonly byPosition = new Map<number, number>();
  private readonly byCall: number[] = [];
  private readonly fileRefs = new Map<string, number>();
  private readonly map: SourceMap | undefined;
  /** Set by the marked bundle: the id of the call now running, 0 when none is known. */
  readonly register: { s: number } = { s: 0 };

  constructor(
    private readonly heap: SharedHeap,
    private readonly bundlePath: string,
    sourceMapJson: string | undefined,
    readonly enabled: boolean,
  ) {
    this.map = sourceMapJson ? new SourceMap(JSON.parse(sourceMapJson)) : undefined;
    (globalThis as Record<symbol, unknown>)[Symbol.for(SITE_REGISTER)] = this.register;
  }

  /**
   * Site ref of the innermost scenario frame of the current stack, 0 if none or disabled. A field's
   * write (`write`) is kept apart from its read under the same mark: `a.b++` does both, and V8
   * places them at different columns.
   */
  capture(write = false): number {
    if (!this.enabled) return 0;
    const call = this.register.s;
    if (call === 0) return this.fromStack();
    const key = 2 * call + (write ? 1 : 0);
    const ref = this.byCall[key];
    return ref !== undefined ? ref : (this.byCall[key] = this.fromStack());
  }

  /** Maps a bundle position (1-based) to the original file and 1-based line/column. */
  original(line: number, col: number): { file: string; line: number; col: number } {
    const entry = this.map?.findEntry(line - 1, col - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number } | undefined;
    if (!entry || entry.originalSource === undefined || entry.originalLine === undefined) {
      return { file: this.bundlePath, line, col };
    }
    const file = entry.originalSource.startsWith('file://') ? new URL(entry.originalSource).pathname : entry.originalSource;
    return { file, line: entry.originalLine + 1, col: (entry.originalColumn ?? 0) + 1 };
  }

  private fromStack(): number {
    const frame = this.userFrame();
    if (!frame) return 0;
    const key = frame.line * 100_000 + frame.col;
    let ref = this.byPosition.get(key);
    if (ref === undefined) {
      ref = this.intern(frame.line, frame.col);
      this.byPosition.set(key, ref);
    }
    return ref;
  }

  private userFrame(): { line: number; col: number } | undefined {
    const prepare = Error.prepareStackTrace;
    const limit = Error.stackTraceLimit;
    Error.prepareStackTrace = (_e, frames) => frames;
    Error.stackTraceLimit = 16;
    const holder: { stack?: NodeJS.CallSite[] } = {};
    Error.captureStackTrace(holder);
    const frames = holder.stack ?? [];
    Error.prepareStackTrace = prepare;
    Error.stackTraceLimit = limit;
    for (const f of frames) {
      if (f.getFileName() === this.bundlePath) return { line: f.getLineNumber() ?? 0, col: f.getColumnNumber() ?? 0 };
    }
    return undefined;
  }

  private intern(line: number, col: number): number {
    const o = this.original(line, col);
    let fileRef = this.fileRefs.get(o.file);
    if (fileRef === undefined) {
      fileRef = this.heap.writeString(o.file);
      this.fileRefs.set(o.file, fileRef);
    }
    const ref = this.heap.alloc(12);
    this.heap.i32[ref >> 2] = o.line;
    this.heap.i32[(ref >> 2) + 1] = o.col;
    this.heap.i32[(ref >> 2) + 2] = fileRef;
    return ref;
  }
}
