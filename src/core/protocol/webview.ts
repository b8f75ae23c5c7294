// Messages between the timeline webview and its host (the VS Code panel, the standalone report's
// loopback, a test page). One file shared by both sides, GitLens-style: each message is a typed
// descriptor with a direction and an `is()` guard that validates everything crossing the boundary,
// because a webview must never trust what it receives, nor a host what a page posts.
//
// host → webview (notifications):
//   trace/show   a complete trace as JSON text (parsed and validated by parseTrace in the view)
//   live/begin   a run starts: its meta
//   live/append  what the runner streamed since the last append (threads, primitives, sites,
//                strings, its events packed as one chunk payload: packed-events.ts — never one
//                object per event)
//   live/end     the run's outcome; the view then shows the full summary
//   trace/error  the host could not produce a trace (unreadable file, runner crash): show why
//   host/capabilities  what the host can do beyond showing (fork a finished deterministic trace)
//   step/pause   a step-mode run waits at a scheduling point: every thread's next operation
//   summary/show a long run as its header and a summary of the whole run (pyramid-slice.ts): the
//                view paints from it and asks for the windows it zooms into; sent again as a live
//                run grows
//   window/show  the answer to a window/request: a finer summary of the window, or its events (packed)
//   findings/show the shown run's findings again, with their confirmation by replay once known
//                (`confirming`: a search is under way), for the findings list
// webview → host (commands, fire-and-forget):
//   ready        the view is listening; the host answers with trace/show or live/*
//   reveal       open the editor at file:line:col (absolute file, 1-based line and column)
//   view/error   the view hit an error it showed to the person; the host may log it
//   live/resync  the view rejected a live message (it failed validation): the host sends the run
//                so far again from what it keeps (live/begin, one live/append of everything, and
//                live/end or step/pause), so nothing is lost silently
//   step/choose  the person's answer to the last step/pause (a thread, run to next block, run to end)
//   step/back    replay the step-mode run to the pause before the current one
//   step/fork    replay the finished deterministic trace up to a moment and pause there
//   window/request  the window now in view of a summarised run (answered by window/show)
//   finding/replay  run one confirming schedule of a finding (its seed and schedule) into the timeline
// There is no request/response pair: a step/choose is answered by the next step/pause or the run's end.
import type { StepCommand, StepPause, StepThread } from './runner';
import type { Findings, Outcome, PrimitiveInfo, ProcessInfo, ThreadInfo, TraceMeta } from '../trace/format';
import { validateFindings } from '../trace/parse';
import { type PackedSlice, unpackSlice } from './packed-summary';
import { unpackEvents } from './packed-events';
import { exitReasonName, outcomeKinds as outcomeKindList, primKindName } from '../trace/kinds';

export const WEBVIEW_PROTOCOL_VERSION = 1;

/** The envelope of every message, both directions. */
export interface IpcMessage<P = unknown> {
  /** Which protocol produced it (a stale webview after an extension update is told apart). */
  v: typeof WEBVIEW_PROTOCOL_VERSION;
  method: string;
  params: P;
}

type Validator<P> = (params: unknown) => params is P;

abstract class IpcDescriptor<P> {
  constructor(
    readonly method: string,
    private readonly valid: Validator<P>,
  ) {}
  /** True when `msg` is this message with well-formed params. */
  is(msg: unknown): msg is IpcMessage<P> {
    if (!isRecord(msg) || msg.v !== WEBVIEW_PROTOCOL_VERSION || msg.method !== this.method) return false;
    return this.valid(msg.params);
  }
  create(params: P): IpcMessage<P> {
    return { v: WEBVIEW_PROTOCOL_VERSION, method: this.method, params };
  }
}

/** Webview → host. */
export class IpcCommand<P> extends IpcDescriptor<P> {
  readonly direction = 'toHost' as const;
}
/** Host → webview. */
export class IpcNotification<P> extends IpcDescriptor<P> {
  readonly direction = 'toWebview' as const;
}

// ---- params ---------------------------------------------------------------------------------

export interface ShowTraceParams {
  /** The trace file's text, exactly as `--trace` wrote it. */
  json: string;
  /** Where it came from, for error messages ("out.json"). */
  source?: string;
}
export interface LiveBeginParams {
  meta: TraceMeta;
}
export interface LiveAppendParams {
  threads: ThreadInfo[];
  primitives: PrimitiveInfo[];
  /** Processes that started or ended (multiprocessing): the lane groups' names, pids and exit codes. */
  processes?: ProcessInfo[];
  /** New site strings; `base` is the index of the first one (they are appended in order). */
  sites: { base: number; items: string[] };
  strings: { base: number; items: string[] };
  /** The events, packed (packEvents; the view reads them with unpackEvents). */
  events?: Uint8Array;
}
export interface LiveEndParams {
  outcome: Outcome;
}
export interface TraceErrorParams {
  message: string;
  detail?: string;
}
export interface RevealParams {
  /** Absolute path. */
  file: string;
  line: number;
  col: number;
}
export interface ViewErrorParams {
  message: string;
}
export interface LiveResyncParams {
  /** What was rejected ("live/append did not pass validation"), for the host's log. */
  reason: string;
}
export interface HostCapabilitiesParams {
  /** The host can replay a finished deterministic trace to a moment and let the person step from there. */
  fork: boolean;
  /** The host can run a finding's confirming schedule (finding/replay); absent: it cannot. */
  replay?: boolean;
}
export interface FindingsShowParams {
  /** The run's findings (checked like a trace's `findings`, against the shown trace's sites). */
  findings: Findings;
  /** A search for the schedules that confirm them is under way. */
  confirming: boolean;
}
export interface FindingReplayParams {
  seed: number;
  /** Thread ids, and -n for a delay at decision n (DeterministicOptions.schedule). */
  schedule: number[];
}
export interface StepPauseParams {
  pause: StepPause;
}
export interface StepChooseParams {
  command: StepCommand;
}
export interface StepForkParams {
  /** Trace time (ns since start) to pause at. */
  atNs: number;
}

export interface SummaryShowParams {
  /** The run's trace without its events (`events: []`), as JSON text: checked by parseTrace like trace/show. */
  json: string;
  /** The whole run, a bucket per 1–2 px of the view's width (packed: packSlice). */
  slice: PackedSlice;
  /** Still running: the outcome is a placeholder and more will come. */
  live: boolean;
}
export interface WindowRequestParams {
  /** Increases with each request; the answer carries it, so a late answer to an old window is dropped. */
  id: number;
  t0: number;
  t1: number;
  /** cssPx the window is drawn across. */
  width: number;
}
export interface WindowShowParams {
  id: number;
  /** A summary of the window at its level (packed: packSlice)… */
  slice?: PackedSlice;
  /** …or, zoomed in far enough, its events (pyramid-detail.ts, packed: packEvents), telling everything over [validFrom, validTo]. */
  detail?: { events: Uint8Array; validFrom: number; validTo: number };
}

// ---- validators -------------------------------------------------------------------------------

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
const isStr = (x: unknown): x is string => typeof x === 'string';
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isInt = (x: unknown): x is number => Number.isInteger(x);
const isBool = (x: unknown): x is boolean => typeof x === 'boolean';
const optional = (x: unknown, f: (y: unknown) => boolean) => x === undefined || f(x);
const isArrayOf = <T>(x: unknown, f: (y: unknown) => y is T): x is T[] => Array.isArray(x) && x.every(f);
const isIntArray = (x: unknown): x is number[] => isArrayOf(x, isInt);
const isStrArray = (x: unknown): x is string[] => isArrayOf(x, isStr);

/** Typed arrays are recognised by tag, not instanceof: a structured clone may come from another realm. */
function isTyped(x: unknown, tag: string): boolean {
  return Object.prototype.toString.call(x) === `[object ${tag}]`;
}

/** Events packed by packEvents that decode (the view then reads the same batch: unpackEvents remembers it). */
function isPackedEvents(x: unknown): x is Uint8Array {
  return isTyped(x, 'Uint8Array') && unpackEvents(x as Uint8Array) !== undefined;
}

export function isTraceMeta(x: unknown): x is TraceMeta {
  return (
    isRecord(x) &&
    x.tool === 'interleave' &&
    isStr(x.file) &&
    isStr(x.root) &&
    isStr(x.scenario) &&
    isStr(x.title) &&
    (x.mode === 'realtime' || x.mode === 'deterministic') &&
    isStr(x.startedAt) &&
    x.clock === 'ns-since-start'
  );
}

const exitReasons: ReadonlySet<string> = new Set(exitReasonName);
export function isThreadInfo(x: unknown): x is ThreadInfo {
  return (
    isRecord(x) &&
    isInt(x.id) &&
    isStr(x.name) &&
    isBool(x.daemon) &&
    isInt(x.parent) &&
    optional(x.start, isNum) &&
    optional(x.end, isNum) &&
    optional(x.exit, (e) => exitReasons.has(e as string)) &&
    optional(x.error, (e) => isRecord(e) && isStr(e.message)) &&
    optional(x.process, isInt)
  );
}

// From the trace vocabulary (kinds.ts), never a copy: a kind added there is accepted here (Pipe and
// Pool were missing from a hand list, and a worker-pool run lost its live appends).
const primKinds: ReadonlySet<string> = new Set(primKindName.filter(Boolean));
export function isPrimitiveInfo(x: unknown): x is PrimitiveInfo {
  return isRecord(x) && isInt(x.id) && primKinds.has(x.kind as string) && isStr(x.name) && isInt(x.site) && isInt(x.creator);
}

export function isProcessInfo(x: unknown): x is ProcessInfo {
  return (
    isRecord(x) &&
    isInt(x.id) &&
    x.id >= 0 &&
    isStr(x.name) &&
    isInt(x.pid) &&
    isInt(x.parent) &&
    isBool(x.daemon) &&
    optional(x.target, isStr) &&
    optional(x.mainThread, isInt) &&
    optional(x.pool, isInt) &&
    optional(x.start, isNum) &&
    optional(x.end, isNum) &&
    optional(x.exitCode, isInt) &&
    optional(x.reason, isStr)
  );
}

const outcomeKinds: ReadonlySet<string> = new Set(outcomeKindList);
function isStuck(x: unknown): boolean {
  return isRecord(x) && isInt(x.thread) && isStr(x.op) && isInt(x.on) && isIntArray(x.heldBy) && isIntArray(x.holds) && isNum(x.since);
}
export function isOutcome(x: unknown): x is Outcome {
  return (
    isRecord(x) &&
    outcomeKinds.has(x.kind as string) &&
    isStr(x.summary) &&
    isStr(x.explanation) &&
    isNum(x.durationNs) &&
    optional(x.cycle, isIntArray) &&
    optional(x.stuck, (s) => Array.isArray(s) && s.every(isStuck))
  );
}

const isNumArray = (x: unknown): x is number[] => isArrayOf(x, isNum);

function isPackedSlice(x: unknown): x is PackedSlice {
  if (!isRecord(x) || !isNum(x.bucketNs) || !(x.bucketNs > 0) || !isInt(x.first) || x.first < 0 || !isInt(x.n) || x.n < 0) return false;
  if (!isIntArray(x.threads) || !isNumArray(x.laneStart) || !isNumArray(x.laneEnd) || !isIntArray(x.maxHolds)) return false;
  const lanes = x.threads.length;
  if (x.laneStart.length !== lanes || x.laneEnd.length !== lanes || x.maxHolds.length !== lanes) return false;
  // Unpacked here once (the view then reads the same slice: unpackSlice remembers it).
  return isInt(x.events) && isNum(x.endNs) && isTyped(x.buckets, 'Uint8Array') && unpackSlice(x as unknown as PackedSlice) !== undefined;
}

function isDetail(x: unknown): x is WindowShowParams['detail'] {
  return isRecord(x) && isPackedEvents(x.events) && isNum(x.validFrom) && (isNum(x.validTo) || x.validTo === Infinity);
}

function isAppendedStrings(x: unknown): x is { base: number; items: string[] } {
  return isRecord(x) && isInt(x.base) && x.base >= 0 && isStrArray(x.items);
}

const threadStatuses = new Set(['runnable', 'blocked', 'waiting', 'starting']);
function isStepThread(x: unknown): x is StepThread {
  return (
    isRecord(x) &&
    isInt(x.thread) &&
    isStr(x.name) &&
    threadStatuses.has(x.status as string) &&
    isStr(x.next) &&
    optional(x.site, isStr) &&
    optional(x.file, isStr) &&
    optional(x.line, isInt) &&
    optional(x.col, isInt)
  );
}
export function isStepPause(x: unknown): x is StepPause {
  return (
    isRecord(x) &&
    isInt(x.step) &&
    x.step >= 0 &&
    isNum(x.timeNs) &&
    isInt(x.decider) &&
    isIntArray(x.candidates) &&
    isIntArray(x.schedule) &&
    isArrayOf(x.threads, isStepThread)
  );
}
function isStepCommand(x: unknown): x is StepCommand {
  if (!isRecord(x)) return false;
  if (x.kind === 'thread') return isInt(x.thread) && x.thread >= 1;
  return x.kind === 'untilBlock' || x.kind === 'toEnd';
}

// ---- the messages -------------------------------------------------------------------------------

export const ShowTrace = new IpcNotification<ShowTraceParams>(
  'trace/show',
  (p): p is ShowTraceParams => isRecord(p) && isStr(p.json) && optional(p.source, isStr),
);
export const LiveBegin = new IpcNotification<LiveBeginParams>('live/begin', (p): p is LiveBeginParams => isRecord(p) && isTraceMeta(p.meta));
export const LiveAppend = new IpcNotification<LiveAppendParams>(
  'live/append',
  (p): p is LiveAppendParams =>
    isRecord(p) &&
    isArrayOf(p.threads, isThreadInfo) &&
    isArrayOf(p.primitives, isPrimitiveInfo) &&
    optional(p.processes, (x) => isArrayOf(x, isProcessInfo)) &&
    isAppendedStrings(p.sites) &&
    isAppendedStrings(p.strings) &&
    optional(p.events, isPackedEvents),
);
export const LiveEnd = new IpcNotification<LiveEndParams>('live/end', (p): p is LiveEndParams => isRecord(p) && isOutcome(p.outcome));
export const TraceError = new IpcNotification<TraceErrorParams>(
  'trace/error',
  (p): p is TraceErrorParams => isRecord(p) && isStr(p.message) && optional(p.detail, isStr),
);

export const HostCapabilities = new IpcNotification<HostCapabilitiesParams>(
  'host/capabilities',
  (p): p is HostCapabilitiesParams => isRecord(p) && isBool(p.fork) && optional(p.replay, isBool),
);
/** The sites' count is the shown trace's, which only the view knows: it checks them again (validateFindings). */
function isFindings(x: unknown): x is Findings {
  try {
    validateFindings(x, Number.MAX_SAFE_INTEGER);
    return true;
  } catch {
    return false;
  }
}
export const FindingsShow = new IpcNotification<FindingsShowParams>(
  'findings/show',
  (p): p is FindingsShowParams => isRecord(p) && isFindings(p.findings) && isBool(p.confirming),
);
export const StepPaused = new IpcNotification<StepPauseParams>('step/pause', (p): p is StepPauseParams => isRecord(p) && isStepPause(p.pause));

export const SummaryShow = new IpcNotification<SummaryShowParams>(
  'summary/show',
  (p): p is SummaryShowParams => isRecord(p) && isStr(p.json) && isPackedSlice(p.slice) && isBool(p.live),
);
export const WindowShow = new IpcNotification<WindowShowParams>(
  'window/show',
  (p): p is WindowShowParams =>
    isRecord(p) && isInt(p.id) && optional(p.slice, isPackedSlice) && optional(p.detail, isDetail) && (p.slice !== undefined) !== (p.detail !== undefined),
);

export const Ready = new IpcCommand<Record<string, never>>('ready', (p): p is Record<string, never> => isRecord(p));
export const Reveal = new IpcCommand<RevealParams>(
  'reveal',
  (p): p is RevealParams => isRecord(p) && isStr(p.file) && p.file.length > 0 && isInt(p.line) && p.line >= 1 && isInt(p.col) && p.col >= 1,
);
export const ViewError = new IpcCommand<ViewErrorParams>('view/error', (p): p is ViewErrorParams => isRecord(p) && isStr(p.message));
export const LiveResync = new IpcCommand<LiveResyncParams>('live/resync', (p): p is LiveResyncParams => isRecord(p) && isStr(p.reason));

export const StepChoose = new IpcCommand<StepChooseParams>('step/choose', (p): p is StepChooseParams => isRecord(p) && isStepCommand(p.command));
export const StepBack = new IpcCommand<Record<string, never>>('step/back', (p): p is Record<string, never> => isRecord(p));
export const StepFork = new IpcCommand<StepForkParams>('step/fork', (p): p is StepForkParams => isRecord(p) && isNum(p.atNs) && p.atNs >= 0);
export const FindingReplay = new IpcCommand<FindingReplayParams>(
  'finding/replay',
  (p): p is FindingReplayParams => isRecord(p) && isInt(p.seed) && isIntArray(p.schedule) && p.schedule.length > 0 && !p.schedule.includes(0),
);
export const WindowRequest = new IpcCommand<WindowRequestParams>(
  'window/request',
  (p): p is WindowRequestParams => isRecord(p) && isInt(p.id) && isNum(p.t0) && isNum(p.t1) && p.t1 > p.t0 && isNum(p.width) && p.width > 0,
);

/** Every host → webview message, for exhaustive dispatch. */
export const toWebview = [ShowTrace, LiveBegin, LiveAppend, LiveEnd, TraceError, HostCapabilities, StepPaused, SummaryShow, WindowShow, FindingsShow] as const;
/** Every webview → host message. */
export const toHost = [Ready, Reveal, ViewError, LiveResync, StepChoose, StepBack, StepFork, WindowRequest, FindingReplay] as const;
