// A validator for Chrome Trace Event JSON, independent of our exporter: the rules that decide what a
// viewer draws, as read in the importers themselves.
//  - speedscope (node_modules/speedscope, trace-event importer): per thread it subtracts the
//    thread's smallest `ts`, turns an X into B at `ts` and E at `ts + dur` (doubles), sorts B's and
//    E's by time, puts an E before a B at the same time unless both have the same name and args,
//    and warns when an E does not match the top of its stack by name and args.
//  - Perfetto's trace processor (json_trace_tokenizer.cc, json_trace_parser.cc, slice_tracker.cc,
//    flow_tracker.cc, trace_sorter.h): timestamps become integer ns by llround(us * 1000); events
//    are sorted by ts, ties in file order, except that once any X is present an E sorts first at
//    its ts and an X before other phases; a flow start (s), and an end (f) with bp "e", binds to the
//    topmost open slice on its thread's track or is dropped (flow_no_enclosing_slice); v1 flows are
//    matched by (id, cat, name); a C needs numeric args; M events name processes and threads.
// Each problem is one line naming the event (its index in traceEvents) and the rule.

export interface ChromeEventLike {
  ph?: unknown;
  name?: unknown;
  cat?: unknown;
  pid?: unknown;
  tid?: unknown;
  ts?: unknown;
  dur?: unknown;
  id?: unknown;
  bp?: unknown;
  s?: unknown;
  args?: unknown;
}

const PHASES = new Set(['B', 'E', 'X', 'i', 'I', 'b', 'e', 'n', 's', 't', 'f', 'C', 'M']);
const METADATA = new Set(['process_name', 'process_labels', 'process_sort_index', 'thread_name', 'thread_sort_index']);
/** Longer process names push the thread names out of the viewers' track headers. */
export const MAX_PROCESS_NAME = 32;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Perfetto's CoerceToTs for a JSON number. */
export const perfettoNs = (us: number) => (us === Math.trunc(us) ? us * 1000 : Math.round(us * 1000));
/** speedscope's frame key: the name, then the args as JSON. */
const frameKey = (e: ChromeEventLike) => `${typeof e.name === 'string' ? e.name : '(unnamed)'}${e.args ? ` ${JSON.stringify(e.args)}` : ''}`;

export function validateChromeTrace(doc: unknown): string[] {
  const problems: string[] = [];
  if (!isObj(doc) || !Array.isArray(doc.traceEvents)) return ['the document is not an object with a traceEvents array'];
  if (doc.metadata !== undefined && !isObj(doc.metadata)) problems.push('metadata is not an object');
  const events = doc.traceEvents as ChromeEventLike[];
  events.forEach((e, i) => problems.push(...phaseFields(e, i)));
  if (problems.length) return problems; // the rules below read the fields checked above
  problems.push(...metadataRules(events), ...asyncPairs(events), ...speedscopeNesting(events), ...perfettoNestingAndFlows(events));
  return problems;
}

/** The fields each phase needs, with their types. */
function phaseFields(e: ChromeEventLike, i: number): string[] {
  const p: string[] = [];
  const at = `event ${i} (${String(e.ph)} ${JSON.stringify(e.name)})`;
  if (typeof e.ph !== 'string' || !PHASES.has(e.ph)) return [`${at}: unknown phase`];
  if (typeof e.name !== 'string' || e.name === '') p.push(`${at}: no name`);
  if (!isInt(e.pid)) p.push(`${at}: pid must be an integer`);
  const threadScoped = ['B', 'E', 'X', 's', 't', 'f'].includes(e.ph) || ((e.ph === 'i' || e.ph === 'I') && e.s !== 'p' && e.s !== 'g');
  if ((threadScoped || (e.ph === 'M' && String(e.name).startsWith('thread_'))) && !isInt(e.tid)) p.push(`${at}: tid must be an integer`);
  if (e.ph !== 'M' && (!isNum(e.ts) || e.ts < 0)) p.push(`${at}: ts must be a finite number >= 0`);
  if (e.args !== undefined && !isObj(e.args)) p.push(`${at}: args must be an object`);
  switch (e.ph) {
    case 'X':
      if (!isNum(e.dur) || e.dur < 0) p.push(`${at}: X needs dur >= 0`);
      break;
    case 'b':
    case 'e':
    case 'n':
      if (e.id === undefined) p.push(`${at}: async events need an id`);
      if (typeof e.cat !== 'string') p.push(`${at}: async events need a cat`);
      break;
    case 's':
    case 't':
    case 'f':
      if (!isInt(e.id) && typeof e.id !== 'string') p.push(`${at}: flow events need an id`);
      if (typeof e.cat !== 'string') p.push(`${at}: flow events need a cat (Perfetto matches flows by id, cat and name)`);
      if (e.bp !== undefined && e.bp !== 'e') p.push(`${at}: bp is "e" or absent`);
      break;
    case 'i':
    case 'I':
      if (e.s !== undefined && !['t', 'p', 'g'].includes(String(e.s))) p.push(`${at}: instant scope s is t, p or g`);
      break;
    case 'C': {
      const values = isObj(e.args) ? Object.values(e.args) : [];
      if (values.length === 0 || !values.every(isNum)) p.push(`${at}: a counter needs args with one or more numeric values`);
      break;
    }
    case 'M': {
      const args = isObj(e.args) ? e.args : {};
      if (!METADATA.has(String(e.name))) p.push(`${at}: unknown metadata event`);
      else if (String(e.name).endsWith('_sort_index')) {
        if (!isInt(args.sort_index)) p.push(`${at}: sort_index must be an integer`);
      } else if (e.name === 'process_labels') {
        if (typeof args.labels !== 'string' || args.labels === '') p.push(`${at}: labels must be a non-empty string`);
      } else if (typeof args.name !== 'string' || args.name === '') p.push(`${at}: name must be a non-empty string`);
      break;
    }
  }
  return p;
}

/** Every process and thread that has events is named once; names are short and tell lanes apart. */
function metadataRules(events: ChromeEventLike[]): string[] {
  const p: string[] = [];
  const processNames = new Map<number, string>();
  const threadNames = new Map<string, string>();
  for (const e of events) {
    if (e.ph !== 'M') continue;
    const name = (e.args as { name?: string }).name!;
    if (e.name === 'process_name') {
      if (processNames.has(e.pid as number)) p.push(`pid ${e.pid}: named twice`);
      processNames.set(e.pid as number, name);
      if (name.length > MAX_PROCESS_NAME)
        p.push(`pid ${e.pid}: process name longer than ${MAX_PROCESS_NAME} characters ("${name}"): viewers cut the thread names after it`);
    } else if (e.name === 'thread_name') {
      const key = `${e.pid}:${e.tid}`;
      if (threadNames.has(key)) p.push(`thread ${key}: named twice`);
      threadNames.set(key, name);
    }
  }
  const used = new Set<number>();
  const usedThreads = new Set<string>();
  for (const e of events) {
    if (e.ph === 'M') continue;
    used.add(e.pid as number);
    if (isInt(e.tid) && e.ph !== 'C' && e.ph !== 'b' && e.ph !== 'e' && e.ph !== 'n') usedThreads.add(`${e.pid}:${e.tid}`);
  }
  for (const pid of used) if (!processNames.has(pid)) p.push(`pid ${pid}: has events but no process_name`);
  for (const key of usedThreads) if (!threadNames.has(key)) p.push(`thread ${key}: has events but no thread_name`);
  const seen = new Map<string, string>();
  for (const [key, name] of threadNames) {
    const other = seen.get(`${key.split(':')[0]}/${name}`);
    if (other) p.push(`threads ${other} and ${key}: both named "${name}" in one process (lanes that cannot be told apart)`);
    seen.set(`${key.split(':')[0]}/${name}`, key);
  }
  return p;
}

/** Async b/e pairs: same id, cat and name; the end not before the begin. */
function asyncPairs(events: ChromeEventLike[]): string[] {
  const p: string[] = [];
  const open = new Map<string, ChromeEventLike>();
  events.forEach((e, i) => {
    if (e.ph !== 'b' && e.ph !== 'e') return;
    const key = `${e.pid}|${e.cat}|${String(e.id)}|${e.name}`;
    if (e.ph === 'b') {
      if (open.has(key)) p.push(`event ${i}: async begin ${key} while one with the same id is open`);
      open.set(key, e);
    } else {
      const b = open.get(key);
      if (!b) p.push(`event ${i}: async end ${key} without a begin`);
      else if ((e.ts as number) < (b.ts as number)) p.push(`event ${i}: async end ${key} before its begin`);
      open.delete(key);
    }
  });
  for (const key of open.keys()) p.push(`async begin ${key} never ends`);
  return p;
}

/** speedscope's import of one thread, in its own double arithmetic: the E must match the top of the stack. */
function speedscopeNesting(events: ChromeEventLike[]): string[] {
  const p: string[] = [];
  for (const [thread, list] of byThread(events, (e) => e.ph === 'B' || e.ph === 'E' || e.ph === 'X')) {
    const base = Math.min(...list.map(({ e }) => e.ts as number));
    const begins: { ts: number; e: ChromeEventLike; i: number }[] = [];
    const ends: { ts: number; e: ChromeEventLike; i: number }[] = [];
    const xs = list.filter(({ e }) => e.ph === 'X').sort((a, b) => (a.e.ts as number) - (b.e.ts as number) || (b.e.dur as number) - (a.e.dur as number));
    for (const { e, i } of list) if (e.ph === 'B') begins.push({ ts: (e.ts as number) - base, e, i });
    for (const { e, i } of list) if (e.ph === 'E') ends.push({ ts: (e.ts as number) - base, e, i });
    for (const { e, i } of xs) {
      const ts = (e.ts as number) - base;
      begins.push({ ts, e, i });
      ends.push({ ts: ts + (e.dur as number), e, i });
    }
    begins.sort((a, b) => a.ts - b.ts);
    ends.sort((a, b) => a.ts - b.ts);
    const stack: ChromeEventLike[] = [];
    while (begins.length || ends.length) {
      const b = begins[0];
      const end = ends[0];
      if (b && (!end || b.ts < end.ts || (b.ts === end.ts && frameKey(b.e) === frameKey(end.e)))) {
        stack.push(begins.shift()!.e);
        continue;
      }
      ends.shift();
      const top = stack.at(-1);
      if (!top) p.push(`thread ${thread}, event ${end.i}: speedscope ends "${frameKey(end.e)}" at ${end.ts + base} µs with nothing open`);
      else if (frameKey(top) !== frameKey(end.e))
        p.push(
          `thread ${thread}, event ${end.i}: speedscope ends "${frameKey(end.e)}" at ${end.ts + base} µs while "${frameKey(top)}" is on top (slices overlap in double arithmetic)`,
        );
      else stack.pop();
    }
    for (const e of stack) p.push(`thread ${thread}: "${frameKey(e)}" never ends`);
  }
  return p;
}

interface Open {
  name: string;
  start: number;
  /** ns; undefined while a B waits for its E. */
  end?: number;
}

/** Perfetto's import: integer ns, its sort order, a slice stack per thread track, and flows bound to it. */
function perfettoNestingAndFlows(events: ChromeEventLike[]): string[] {
  const p: string[] = [];
  const anyX = events.some((e) => e.ph === 'X');
  const key = (e: ChromeEventLike) => (!anyX ? 0 : e.ph === 'E' ? -Infinity : e.ph === 'X' ? -perfettoNs(e.dur as number) : 0);
  const order = events
    .map((e, i) => ({ e, i, ts: e.ph === 'M' ? 0 : perfettoNs(e.ts as number) }))
    .filter(({ e }) => e.ph !== 'M')
    .sort((a, b) => a.ts - b.ts || key(a.e) - key(b.e) || a.i - b.i);
  const stacks = new Map<string, Open[]>();
  const flowStarts = new Map<string, number>();
  const flowEnds = new Map<string, number>();
  const pendingEnds = new Map<string, string[]>();
  const closeEnded = (stack: Open[], ts: number, instant: boolean) => {
    // slice_tracker.cc MaybeCloseStack: complete slices that ended before ts (or at it, unless both are instants) leave.
    while (stack.length) {
      const top = stack.at(-1)!;
      if (top.end === undefined) return;
      if (top.end < ts || (top.end === ts && !(top.end === top.start && instant))) stack.pop();
      else return;
    }
  };
  for (const { e, i, ts } of order) {
    const thread = `${e.pid}:${e.tid}`;
    const stack = stacks.get(thread) ?? [];
    stacks.set(thread, stack);
    const flowKey = `${String(e.id)}|${e.cat}|${e.name}`;
    const at = `event ${i} (${e.ph} "${e.name}" at ${ts} ns on thread ${thread})`;
    switch (e.ph) {
      case 'B':
        closeEnded(stack, ts, false);
        stack.push({ name: e.name as string, start: ts });
        for (const f of pendingEnds.get(thread) ?? []) flowEnds.set(f, i);
        pendingEnds.delete(thread);
        break;
      case 'X': {
        const end = ts + perfettoNs(e.dur as number);
        closeEnded(stack, ts, e.dur === 0);
        const parent = stack.at(-1);
        if (parent?.end !== undefined && end > parent.end)
          p.push(`${at}: Perfetto moves it to an overflow track: it overlaps "${parent.name}" [${parent.start}, ${parent.end}] ns`);
        stack.push({ name: e.name as string, start: ts, end });
        for (const f of pendingEnds.get(thread) ?? []) flowEnds.set(f, i);
        pendingEnds.delete(thread);
        break;
      }
      case 'E': {
        closeEnded(stack, ts, false);
        const top = stack.at(-1);
        if (!top || top.end !== undefined) p.push(`${at}: Perfetto finds no open slice to end`);
        else if (top.name !== e.name) p.push(`${at}: Perfetto ends it while "${top.name}" is the innermost open slice (misplaced end)`);
        else stack.pop();
        break;
      }
      case 'i':
      case 'I':
        if (e.s === 'p' || e.s === 'g') break;
        closeEnded(stack, ts, true);
        stack.push({ name: e.name as string, start: ts, end: ts });
        break;
      case 's':
      case 'f': {
        // flow_tracker.cc: the topmost slice on the track, as the stack stands (ended X slices leave it only
        // when the next slice or instant arrives); we also require that slice to enclose ts, as every viewer draws it.
        // Slices are closed-open (slice_tracker.cc): an X ending at ts no longer encloses it; an instant at ts does.
        const top = stack.at(-1);
        const encloses = top && (top.end === undefined || top.end > ts || (top.end === ts && top.start === ts));
        if (e.ph === 'f' && e.bp !== 'e') {
          pendingEnds.set(thread, [...(pendingEnds.get(thread) ?? []), flowKey]);
          if (flowEnds.has(flowKey)) p.push(`${at}: flow ${flowKey} ends twice`);
          flowEnds.set(flowKey, -1);
          break;
        }
        const what = `${at}: flow ${e.ph === 's' ? 'start' : 'end'} has no enclosing slice`;
        if (!top) p.push(`${what} (Perfetto: flow_no_enclosing_slice, the arrow is dropped)`);
        else if (!encloses)
          p.push(`${what} ("${top.name}" ended at ${top.end} ns: Perfetto binds the arrow to it anyway, where it ended, other viewers to nothing)`);
        const seen = e.ph === 's' ? flowStarts : flowEnds;
        if (seen.has(flowKey)) p.push(`${at}: flow ${flowKey} ${e.ph === 's' ? 'starts' : 'ends'} twice (flow_duplicate_id)`);
        seen.set(flowKey, i);
        break;
      }
    }
  }
  for (const [thread, stack] of stacks)
    for (const s of stack) if (s.end === undefined) p.push(`thread ${thread}: "${s.name}" begins at ${s.start} ns and never ends`);
  for (const k of flowStarts.keys()) if (!flowEnds.has(k)) p.push(`flow ${k} starts and never ends`);
  for (const [k, i] of flowEnds) {
    if (!flowStarts.has(k)) p.push(`flow ${k} ends without a start (flow_end_without_start)`);
    else if (i >= 0 && perfettoNs(events[i].ts as number) < perfettoNs(events[flowStarts.get(k)!].ts as number)) p.push(`flow ${k} ends before it starts`);
  }
  for (const [thread, ks] of pendingEnds) p.push(`thread ${thread}: flow ends ${ks.join(', ')} wait for a next slice that never begins`);
  return p;
}

function byThread(events: ChromeEventLike[], keep: (e: ChromeEventLike) => boolean): Map<string, { e: ChromeEventLike; i: number }[]> {
  const m = new Map<string, { e: ChromeEventLike; i: number }[]>();
  events.forEach((e, i) => {
    if (!keep(e)) return;
    const k = `${e.pid}:${e.tid}`;
    const list = m.get(k) ?? [];
    list.push({ e, i });
    m.set(k, list);
  });
  return m;
}

/** Per thread and slice name, the summed B→E time (µs); per hold name, the summed b→e time. */
export function chromeTotals(events: ChromeEventLike[]): Map<string, number> {
  const out = new Map<string, number>();
  const add = (k: string, v: number) => out.set(k, (out.get(k) ?? 0) + v);
  const open = new Map<string, number>();
  for (const e of events) {
    if (e.ph === 'B') open.set(`${e.tid}`, e.ts as number);
    else if (e.ph === 'E') add(`thread ${e.tid} ${e.name}`, (e.ts as number) - open.get(`${e.tid}`)!);
    else if (e.ph === 'b') open.set(`hold ${e.id}`, e.ts as number);
    else if (e.ph === 'e' && e.cat === 'hold') add(`${e.name} by ${e.tid}`, (e.ts as number) - open.get(`hold ${e.id}`)!);
  }
  return out;
}
