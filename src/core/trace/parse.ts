// Reads a trace file: JSON.parse, then a hand-written structural check (the webview bundles this,
// so no schema library). Every error names the JSON path and what is wrong with it.
import { TRACE_VERSION, type Findings, type Trace } from './format';
import {
  EventKind,
  acquireModes,
  confirmationStatuses,
  errorKinds,
  eventKindCode,
  eventKindName,
  exitReasonName,
  findingKinds,
  outcomeKinds,
  primKindName,
} from './kinds';
import { type EventColumns, PackedError, unpackEvents, withEventColumns } from './packed';

export class TraceParseError extends Error {
  constructor(
    message: string,
    /** JSON path of the offending value ("events[1204].k"); '' for the document itself. */
    readonly path: string,
  ) {
    super(path ? `${path}: ${message}` : message);
    this.name = 'TraceParseError';
  }
}

export function parseTrace(text: string): Trace {
  if (!text.trim()) throw new TraceParseError('the trace is empty', '');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw jsonError(text, (err as Error).message);
  }
  return validateTrace(value);
}

function jsonError(text: string, message: string): TraceParseError {
  const pos = /position (\d+)/.exec(message);
  const at = pos ? Number(pos[1]) : -1;
  const truncated = /end of JSON input|Unterminated string/i.test(message) || at >= text.trimEnd().length - 1;
  if (truncated) return new TraceParseError(`the trace looks truncated: its JSON stops after ${text.length} characters (${message})`, '');
  let where = '';
  if (at >= 0) {
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    where = ` at line ${line}, column ${at - before.lastIndexOf('\n')}`;
  }
  return new TraceParseError(`the trace is not valid JSON${where}: ${message}`, '');
}

type Obj = Record<string, unknown>;

const OUTCOME_KINDS = new Set<string>(outcomeKinds);
const ERROR_KINDS = new Set<string>(errorKinds);
const EXITS = new Set(exitReasonName);
const PRIM_KINDS = new Set(primKindName.filter(Boolean));
/** Kinds whose `a` is an index into `strings`. */
const STRING_ARG = new Set<number>([EventKind.log, EventKind.threadException]);

function describe(v: unknown): string {
  if (v === undefined) return 'nothing (the field is missing)';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `'${v.length > 40 ? `${v.slice(0, 40)}…` : v}'`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

function fail(path: string, what: string, got: unknown): never {
  throw new TraceParseError(`expected ${what}, got ${describe(got)}`, path);
}

function object(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'an object', v);
  return v as Obj;
}
function array(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) fail(path, 'an array', v);
  return v;
}
function str(o: Obj, key: string, path: string, optional = false): void {
  const v = o[key];
  if (v === undefined && optional) return;
  if (typeof v !== 'string') fail(`${path}.${key}`, 'a string', v);
}
function num(o: Obj, key: string, path: string, optional = false, min = -Infinity): void {
  const v = o[key];
  if (v === undefined && optional) return;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min) fail(`${path}.${key}`, min > -Infinity ? `a number ≥ ${min}` : 'a finite number', v);
}
function int(o: Obj, key: string, path: string, optional = false, min = -Infinity): void {
  const v = o[key];
  if (v === undefined && optional) return;
  if (!Number.isInteger(v) || (v as number) < min) fail(`${path}.${key}`, min > -Infinity ? `an integer ≥ ${min}` : 'an integer', v);
}
function bool(o: Obj, key: string, path: string): void {
  if (typeof o[key] !== 'boolean') fail(`${path}.${key}`, 'true or false', o[key]);
}
function oneOf(o: Obj, key: string, path: string, allowed: Set<string>, optional = false): void {
  const v = o[key];
  if (v === undefined && optional) return;
  if (typeof v !== 'string' || !allowed.has(v)) fail(`${path}.${key}`, `one of ${[...allowed].join(', ')}`, v);
}
function strings(v: unknown, path: string): void {
  array(v, path).forEach((s, i) => typeof s !== 'string' && fail(`${path}[${i}]`, 'a string', s));
}
function numbers(v: unknown, path: string): void {
  array(v, path).forEach((s, i) => (typeof s !== 'number' || !Number.isFinite(s)) && fail(`${path}[${i}]`, 'a number', s));
}

/** Checks an already-parsed value (a file, or a trace posted to the webview) and returns it typed. */
export function validateTrace(value: unknown): Trace {
  const root = object(value, 'trace');
  if (root.version !== TRACE_VERSION) {
    if (typeof root.version === 'number' && root.version > TRACE_VERSION)
      throw new TraceParseError(`format version ${root.version} is newer than this reader's (${TRACE_VERSION}); update Interleave`, 'version');
    fail('version', `${TRACE_VERSION}`, root.version);
  }
  meta(object(root.meta, 'meta'));
  strings(root.sites, 'sites');
  strings(root.strings, 'strings');
  const nSites = (root.sites as unknown[]).length;
  const nStrings = (root.strings as unknown[]).length;

  const threadIds = new Set<number>();
  array(root.threads, 'threads').forEach((v, i) => {
    const path = `threads[${i}]`;
    const th = object(v, path);
    int(th, 'id', path, false, 1);
    if (threadIds.has(th.id as number)) throw new TraceParseError(`duplicate thread id ${th.id}`, `${path}.id`);
    threadIds.add(th.id as number);
    str(th, 'name', path);
    bool(th, 'daemon', path);
    int(th, 'parent', path, false, 0);
    num(th, 'ident', path);
    str(th, 'target', path, true);
    num(th, 'timerInterval', path, true, 0);
    num(th, 'start', path, true, 0);
    num(th, 'end', path, true, 0);
    oneOf(th, 'exit', path, EXITS, true);
    if (th.error !== undefined) {
      const err = object(th.error, `${path}.error`);
      str(err, 'message', `${path}.error`);
      str(err, 'stack', `${path}.error`, true);
    }
    int(th, 'process', path, true, 0);
    num(th, 'recorderWaitNs', path, true, 0);
  });

  const primIds = new Set<number>();
  array(root.primitives, 'primitives').forEach((v, i) => {
    const path = `primitives[${i}]`;
    const p = object(v, path);
    int(p, 'id', path, false, 1);
    if (primIds.has(p.id as number)) throw new TraceParseError(`duplicate primitive id ${p.id}`, `${path}.id`);
    primIds.add(p.id as number);
    oneOf(p, 'kind', path, PRIM_KINDS);
    str(p, 'name', path);
    index(p, 'site', path, nSites, 'sites');
    int(p, 'creator', path, false, 0);
    if (p.init !== undefined) {
      for (const [key, x] of Object.entries(object(p.init, `${path}.init`))) {
        const ok = typeof x === 'number' || typeof x === 'string' || typeof x === 'boolean' || (Array.isArray(x) && x.every((s) => typeof s === 'string'));
        if (!ok) fail(`${path}.init.${key}`, 'a number, string, boolean or array of strings', x);
      }
    }
  });

  const list = array(root.events, 'events');
  let trace = value as Trace;
  if (root.eventColumns !== undefined) {
    // The standalone report's packed form (packed.ts): checked as columns, then turned into events.
    if (list.length) throw new TraceParseError('a trace carries its events in events or in eventColumns, not both', 'events');
    const cols = columns(root.eventColumns);
    eventColumns(cols, threadIds, nSites, nStrings);
    const { eventColumns: _packed, events: _none, ...rest } = root;
    trace = withEventColumns(rest as unknown as Omit<Trace, 'events'>, cols);
  } else events(list, threadIds, nSites, nStrings);
  outcome(object(root.outcome, 'outcome'), nSites);
  if (root.findings !== undefined) findings(object(root.findings, 'findings'), nSites);
  return trace;
}

function columns(v: unknown): EventColumns {
  try {
    return unpackEvents(v, 'eventColumns');
  } catch (err) {
    if (err instanceof PackedError) throw new TraceParseError(err.message, err.path);
    throw err;
  }
}

/** An index into sites/strings; -1 means none. */
function index(o: Obj, key: string, path: string, size: number, what: string, optional = false): void {
  const v = o[key];
  if (v === undefined && optional) return;
  if (!Number.isInteger(v) || (v as number) < -1 || (v as number) >= size) fail(`${path}.${key}`, `an index into ${what} (0..${size - 1}, or -1 for none)`, v);
}

function meta(m: Obj): void {
  if (m.tool !== 'interleave') {
    throw new TraceParseError(
      `not an Interleave trace: meta.tool is ${describe(m.tool)}, not 'interleave' (traces come from 'interleave run --trace' or the extension's export)`,
      'meta.tool',
    );
  }
  for (const key of ['toolVersion', 'file', 'root', 'scenario', 'title', 'startedAt', 'platform']) str(m, key, 'meta');
  oneOf(m, 'mode', 'meta', new Set(['realtime', 'deterministic']));
  if (m.clock !== 'ns-since-start') fail('meta.clock', "'ns-since-start'", m.clock);
  num(m, 'timeLimitS', 'meta', false, 0);
  num(m, 'sleepScale', 'meta', false, 0);
  num(m, 'seed', 'meta', true);
  if (m.schedule !== undefined) numbers(m.schedule, 'meta.schedule');
}

const FIELDS = ['p', 'a', 'q', 'l'] as const;

function events(list: unknown[], threads: Set<number>, nSites: number, nStrings: number): void {
  for (let i = 0; i < list.length; i++) {
    const e = list[i];
    // The fast path checks without building paths; the slow path says what is wrong.
    if (typeof e !== 'object' || e === null || Array.isArray(e)) fail(`events[${i}]`, 'an object', e);
    const o = e as Obj;
    const path = () => `events[${i}]`;
    if (typeof o.t !== 'number' || !(o.t >= 0) || o.t === Infinity) num(o, 't', path(), false, 0);
    if (!threads.has(o.th as number)) {
      int(o, 'th', path(), false, 1);
      throw new TraceParseError(`no thread with id ${o.th} in threads`, `${path()}.th`);
    }
    const code = eventKindCode.get(o.k as string);
    if (code === undefined) {
      if (typeof o.k !== 'string') fail(`${path()}.k`, 'an event kind name', o.k);
      throw new TraceParseError(`unknown kind '${o.k}'`, `${path()}.k`);
    }
    for (const f of FIELDS) {
      const v = o[f];
      if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v))) fail(`${path()}.${f}`, 'a finite number', v);
    }
    if (o.at !== undefined && !(Number.isInteger(o.at) && (o.at as number) >= -1 && (o.at as number) < nSites)) index(o, 'at', path(), nSites, 'sites');
    if (STRING_ARG.has(code)) index(o, 'a', path(), nStrings, 'strings');
  }
}

const KNOWN_KIND = new Uint8Array(256);
eventKindName.forEach((name, code) => name && (KNOWN_KIND[code] = 1));
const STRING_ARG_CODE = new Uint8Array(256);
for (const code of STRING_ARG) STRING_ARG_CODE[code] = 1;

/** The same checks as events(), column by column, without an object per event. */
function eventColumns(c: EventColumns, threads: Set<number>, nSites: number, nStrings: number): void {
  const { t, k } = c;
  const { th, a, at } = c.fields;
  let lastTh = Number.NaN;
  for (let i = 0; i < c.n; i++) {
    if (!(t[i] >= 0) || t[i] === Infinity) fail(`events[${i}].t`, 'a number ≥ 0', t[i]);
    if (th[i] !== lastTh) {
      if (!threads.has(th[i])) {
        if (!Number.isInteger(th[i]) || th[i] < 1) fail(`events[${i}].th`, 'an integer ≥ 1', th[i]);
        throw new TraceParseError(`no thread with id ${th[i]} in threads`, `events[${i}].th`);
      }
      lastTh = th[i];
    }
    if (!KNOWN_KIND[k[i]]) throw new TraceParseError(`unknown kind code ${k[i]}`, `events[${i}].k`);
    const site = at[i];
    if (site === site && !(Number.isInteger(site) && site >= -1 && site < nSites))
      fail(`events[${i}].at`, `an index into sites (0..${nSites - 1}, or -1 for none)`, site);
    if (STRING_ARG_CODE[k[i]] && !(Number.isInteger(a[i]) && a[i] >= -1 && a[i] < nStrings))
      fail(`events[${i}].a`, `an index into strings (0..${nStrings - 1}, or -1 for none)`, a[i]);
  }
  // NaN is an absent field; an infinity cannot be written as JSON, so it is not accepted here either.
  for (const f of FIELDS) {
    const v = c.fields[f];
    for (let i = 0; i < c.n; i++) if (v[i] === Infinity || v[i] === -Infinity) fail(`events[${i}].${f}`, 'a finite number', v[i]);
  }
}

function outcome(o: Obj, nSites: number): void {
  oneOf(o, 'kind', 'outcome', OUTCOME_KINDS);
  str(o, 'summary', 'outcome');
  str(o, 'explanation', 'outcome');
  num(o, 'durationNs', 'outcome', false, 0);
  if (o.stuck !== undefined)
    array(o.stuck, 'outcome.stuck').forEach((v, i) => {
      const path = `outcome.stuck[${i}]`;
      const s = object(v, path);
      int(s, 'thread', path, false, 1);
      str(s, 'op', path);
      int(s, 'on', path);
      numbers(s.heldBy, `${path}.heldBy`);
      numbers(s.holds, `${path}.holds`);
      index(s, 'at', path, nSites, 'sites', true);
      num(s, 'since', path, false, 0);
    });
  if (o.cycle !== undefined) numbers(o.cycle, 'outcome.cycle');
  if (o.shared !== undefined)
    for (const [name, rec] of Object.entries(object(o.shared, 'outcome.shared')))
      for (const [field, x] of Object.entries(object(rec, `outcome.shared.${name}`)))
        if (typeof x !== 'number' && typeof x !== 'boolean') fail(`outcome.shared.${name}.${field}`, 'a number or boolean', x);
  if (o.exceptions !== undefined)
    array(o.exceptions, 'outcome.exceptions').forEach((v, i) => {
      const x = object(v, `outcome.exceptions[${i}]`);
      int(x, 'thread', `outcome.exceptions[${i}]`, false, 1);
      str(x, 'message', `outcome.exceptions[${i}]`);
    });
  num(o, 'exitCode', 'outcome', true);
  if (o.error !== undefined) {
    const err = object(o.error, 'outcome.error');
    oneOf(err, 'kind', 'outcome.error', ERROR_KINDS);
    str(err, 'message', 'outcome.error');
    str(err, 'file', 'outcome.error', true);
    int(err, 'line', 'outcome.error', true, 1);
    int(err, 'col', 'outcome.error', true, 1);
  }
}

const CYCLE_KINDS = new Set<string>(findingKinds.filter((k) => k !== 'dataRace'));
const MODES = new Set<string>(acquireModes);
const STATUSES = new Set<string>(confirmationStatuses);

function findings(f: Obj, nSites: number): void {
  array(f.cycles, 'findings.cycles').forEach((v, i) => {
    const path = `findings.cycles[${i}]`;
    const c = object(v, path);
    oneOf(c, 'kind', path, CYCLE_KINDS);
    numbers(c.locks, `${path}.locks`);
    array(c.edges, `${path}.edges`).forEach((e, j) => {
      const ep = `${path}.edges[${j}]`;
      const edge = object(e, ep);
      for (const key of ['from', 'to', 'thread']) int(edge, key, ep, false, 1);
      for (const key of ['heldEvent', 'event']) int(edge, key, ep, false, 0);
      for (const key of ['heldAt', 'at']) index(edge, key, ep, nSites, 'sites');
      numbers(edge.held, `${ep}.held`);
      oneOf(edge, 'mode', ep, MODES);
    });
    if (c.guards !== undefined) numbers(c.guards, `${path}.guards`);
    confirmation(c.confirmation, `${path}.confirmation`);
  });
  array(f.races, 'findings.races').forEach((v, i) => {
    const path = `findings.races[${i}]`;
    const r = object(v, path);
    if (r.kind !== 'dataRace') fail(`${path}.kind`, "'dataRace'", r.kind);
    int(r, 'record', path, false, 1);
    int(r, 'field', path, false, 0);
    int(r, 'pairs', path, false, 1);
    for (const key of ['first', 'second']) {
      const ap = `${path}.${key}`;
      const a = object(r[key], ap);
      int(a, 'event', ap, false, 0);
      int(a, 'thread', ap, false, 1);
      bool(a, 'write', ap);
      index(a, 'at', ap, nSites, 'sites');
      num(a, 'value', ap);
      numbers(a.held, `${ap}.held`);
    }
    if (r.lastSync !== undefined) {
      const sp = `${path}.lastSync`;
      const sync = object(r.lastSync, sp);
      oneOf(sync, 'k', sp, new Set(eventKindName.filter(Boolean)));
      index(sync, 'at', sp, nSites, 'sites');
    }
    confirmation(r.confirmation, `${path}.confirmation`);
  });
}

function confirmation(v: unknown, path: string): void {
  if (v === undefined) return;
  const c = object(v, path);
  oneOf(c, 'status', path, STATUSES);
  int(c, 'runs', path, false, 0);
  int(c, 'seed', path, true);
  if (c.schedule !== undefined) numbers(c.schedule, `${path}.schedule`);
  if (c.values !== undefined)
    array(c.values, `${path}.values`).forEach((v, i) => {
      const vp = `${path}.values[${i}]`;
      const x = object(v, vp);
      str(x, 'value', vp);
      int(x, 'count', vp, false, 1);
      int(x, 'seed', vp);
      numbers(x.schedule, `${vp}.schedule`);
    });
}

/** Findings sent apart from their trace (the webview's findings/show), checked as a trace's `findings` is against its `nSites` sites. */
export function validateFindings(value: unknown, nSites: number): Findings {
  findings(object(value, 'findings'), nSites);
  return value as Findings;
}
