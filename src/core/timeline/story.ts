// The timeline in words, for people who cannot see it: a span with its start time, a lane's story
// in time order ("at 7 ms acquired Lock `lock`; 7 ms – 507 ms sleeping; at 507 ms asked for Lock
// `lock` again — blocked forever: deadlock"), who holds what, who woke whom, which put fed which get,
// and a counter's values over time. What the canvas shows by colour and arrows, said in sentences.
import { formatDuration } from '../format/time';
import { primitiveLabel, shortSite, threadName } from '../model/describe';
import type { Link, Model, StateSpan } from '../model/types';
import { type Interest, type SpanRef, isWait, laneInterests, spanAtTime } from './keynav';

const SEMAPHORES = new Set(['Semaphore', 'BoundedSemaphore']);
const LOCKS = new Set(['Lock', 'RLock', 'Semaphore', 'BoundedSemaphore']);

/** Names as the sentences use them. */
class Words {
  private readonly threads: Map<number, string>;
  constructor(readonly model: Model) {
    const t = model.trace;
    this.threads = new Map(t.threads.map((th) => [th.id, threadName(t, th)]));
  }
  thread(id: number): string {
    return this.threads.get(id) ?? `thread ${id}`;
  }
  prim(id: number): string {
    return primitiveLabel(
      this.model.trace.primitives.find((p) => p.id === id),
      id,
    );
  }
  kind(id: number): string {
    return this.model.trace.primitives.find((p) => p.id === id)?.kind ?? '';
  }
  site(at: number): string {
    const s = at >= 0 ? this.model.trace.sites[at] : undefined;
    return s ? shortSite(s) : '';
  }
}

const at = (t: number) => `at ${formatDuration(t)}`;
const range = (a: number, b: number) => `${formatDuration(a)} – ${formatDuration(b)}`;

/** Whether the thread of a lane is one of those the run ended stuck on (deadlock or stall). */
function stuckSince(model: Model, lane: number): number | undefined {
  const th = model.trace.threads[lane]?.id;
  return model.trace.outcome.stuck?.find((s) => s.thread === th)?.since;
}

/** Whether a span is the wait a stuck thread never left: its last wait (only the mark of the run's end may follow). */
function neverLeft(model: Model, lane: number, span: number): boolean {
  const spans = model.spans[lane];
  if (stuckSince(model, lane) === undefined || !spans[span] || !isWait(spans[span])) return false;
  for (let i = span + 1; i < spans.length; i++) if (spans[i].end > spans[i].start || isWait(spans[i])) return false;
  return true;
}

/** How a stuck wait ended: "blocked forever: deadlock". */
function forever(model: Model): string {
  const k = model.trace.outcome.kind;
  return k === 'deadlock' ? 'forever: deadlock' : k === 'stall' ? 'until the run stalled' : `until the run ended (${k})`;
}

/** The state in a word or two: "blocked on Lock `lock`", "sleeping", "joins worker1". */
function stateWords(w: Words, s: StateSpan): string {
  switch (s.state) {
    case 'blocked':
      return s.on >= 0 ? `blocked on ${w.prim(s.on)}` : 'blocked';
    case 'waiting':
      return s.on >= 0 ? `waiting on ${w.prim(s.on)}` : 'waiting';
    case 'joining':
      return s.on >= 0 ? `joining ${w.thread(s.on)}` : 'joining';
    case 'cutoff':
      return 'cut off at exit';
    case 'exception':
      return 'ended by an exception';
    default:
      return s.state;
  }
}

/** One span, start time first: "worker1, at 120 ms: blocked on Lock `lock` for 200 ms, until 320 ms. Waits for …. Source: lock.ts:11." */
export function spanSentence(model: Model, ref: SpanRef, withName = true): string {
  const w = new Words(model);
  const s = model.spans[ref.lane]?.[ref.span];
  if (!s) return '';
  const name = withName ? `${w.thread(model.trace.threads[ref.lane].id)}, ` : '';
  const stuck = neverLeft(model, ref.lane, ref.span);
  const length =
    s.state === 'done' || s.state === 'exception'
      ? ''
      : stuck
        ? `, never returned (${forever(model)})`
        : ` for ${formatDuration(s.end - s.start)}, until ${formatDuration(s.end)}`;
  const reason = s.reason ? ` ${s.reason.charAt(0).toUpperCase()}${s.reason.slice(1)}.` : '';
  const site = w.site(s.at);
  return `${name}${at(s.start)}: ${stateWords(w, s)}${length}.${reason}${site ? ` Source: ${site}.` : ''}`;
}

/** Who holds a primitive at t: "worker1 and worker2". */
export function holdersAt(model: Model, prim: number, t: number): number[] {
  const h = model.holdTable;
  const out: number[] = [];
  for (let i = 0; i < h.n; i++) if (h.prim[i] === prim && h.start[i] <= t && t < h.end[i]) out.push(h.thread[i]);
  return out;
}

const list = (xs: string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

/** What the operation at a wake-up arrow's tail did, as a verb phrase: "released Semaphore `pool`". */
function tailVerb(w: Words, l: Link): string {
  const p = w.prim(l.prim);
  switch (l.kind) {
    case 'release-acquire':
      return `released ${p}`;
    case 'notify-wake':
      return `notified ${p}`;
    case 'set-wake':
      return `set ${p}`;
    case 'put-get':
      return `put an item into ${p}`;
    case 'barrier-trip':
      return `arrived last at ${p}, tripping it`;
    case 'join':
      return 'finished';
    case 'spawn':
      return 'started it';
  }
}

/** What the arrow's head could then do: "acquire it", "take it with get()". */
function headVerb(l: Link): string {
  switch (l.kind) {
    case 'release-acquire':
      return 'acquire it';
    case 'put-get':
      return 'take it with get()';
    case 'join':
      return 'return from join()';
    case 'spawn':
      return 'run';
    default:
      return 'go on';
  }
}

/** A wake-up arrow in words: "worker1 released Semaphore `pool` at 300 ms, which let worker3 acquire it at 300 ms." */
export function linkSentence(model: Model, l: Link): string {
  const w = new Words(model);
  return `${w.thread(l.fromThread)} ${tailVerb(w, l)} ${at(l.fromT)}, which let ${w.thread(l.toThread)} ${headVerb(l)} ${at(l.toT)}.`;
}

/** One event of interest on its lane, start time first. */
export function interestSentence(model: Model, lane: number, x: Interest): string {
  const w = new Words(model);
  const h = model.holdTable;
  switch (x.kind) {
    case 'block': {
      const i = spanAtTime(model.spans[lane], x.t);
      const s = model.spans[lane][i];
      const again = s && s.on >= 0 && LOCKS.has(w.kind(s.on)) && holdersAt(model, s.on, x.t).includes(model.trace.threads[lane].id) ? ' again' : '';
      const what =
        s?.state === 'joining' ? `joined ${w.thread(s.on)}` : s?.state === 'waiting' ? `waited on ${w.prim(x.prim)}` : `asked for ${w.prim(x.prim)}${again}`;
      const stuck = neverLeft(model, lane, i);
      const how = stuck ? `${s.state} ${forever(model)}` : s ? `${s.state} for ${formatDuration(s.end - s.start)}` : '';
      return `${at(x.t)} ${what}${how ? ` — ${how}` : ''}`;
    }
    case 'acquire': {
      const p = x.prim;
      const semaphore = SEMAPHORES.has(w.kind(p));
      const holders = semaphore ? holdersAt(model, p, x.t).map((t) => w.thread(t)) : [];
      const others = h.contended[x.ref] ? ', while others waited for it' : '';
      return `${at(x.t)} acquired ${semaphore ? `a permit of ${w.prim(p)} (now held by ${list(holders)})` : w.prim(p)}${others}`;
    }
    case 'release': {
      const th = model.trace.threads[lane].id;
      const woke = model.links.find((l) => l.kind === 'release-acquire' && l.fromThread === th && l.fromT === x.t && l.prim === x.prim);
      return `${at(x.t)} released ${w.prim(x.prim)}${woke ? `, which let ${w.thread(woke.toThread)} acquire it` : ''}`;
    }
    case 'woken': {
      const l = model.links[x.ref];
      return `${at(x.t)} woken: ${w.thread(l.fromThread)} ${tailVerb(w, l)} ${at(l.fromT)}`;
    }
    case 'wakes': {
      const l = model.links[x.ref];
      return `${at(x.t)} ${tailVerb(w, l)}, which let ${w.thread(l.toThread)} ${headVerb(l)}${l.toT !== l.fromT ? ` ${at(l.toT)}` : ''}`;
    }
  }
}

export interface Story {
  sentences: string[];
  /** Entries after the last one told, and the time the next one is at (to go on from there). */
  more: number;
  nextT: number;
}

/** A lane's story in time order from `fromT`: its events of interest, its sleeps, how it ended; at most `max` entries. */
export function laneStory(model: Model, lane: number, fromT = 0, max = 30): Story {
  const w = new Words(model);
  const entries: { t: number; text: string }[] = [];
  for (const x of laneInterests(model, lane)) {
    // The release just before a wake it caused says both; the woken side says it again from its own lane.
    if (x.kind === 'wakes' && model.links[x.ref].kind === 'release-acquire') continue;
    entries.push({ t: x.t, text: interestSentence(model, lane, x) });
  }
  const spans = model.spans[lane];
  for (const s of spans) {
    if (s.state === 'sleeping') entries.push({ t: s.start, text: `${range(s.start, s.end)} sleeping` });
    else if (s.state === 'done') entries.push({ t: s.start, text: `${at(s.start)} finished` });
    else if (s.state === 'exception') entries.push({ t: s.start, text: `${at(s.start)} ended: ${s.reason || 'an exception'}` });
    // A stuck thread's end is the run's: "blocked forever" has said it.
    else if (s.state === 'cutoff' && stuckSince(model, lane) === undefined) entries.push({ t: s.start, text: `${at(s.start)} cut off at exit` });
  }
  entries.sort((a, b) => a.t - b.t);
  const from = entries.findIndex((e) => e.t >= fromT);
  const rest = from < 0 ? [] : entries.slice(from);
  const told = rest.slice(0, max);
  const name = w.thread(model.trace.threads[lane].id);
  const sentences = told.length ? told.map((e) => e.text) : [`${name} did nothing of note after ${formatDuration(fromT)}`];
  return { sentences, more: rest.length - told.length, nextT: rest[told.length]?.t ?? Infinity };
}

/** A counter track's values over time: "Semaphore `pool` permits: 2 from 0 s, 1 from 1 ms, …". */
export function counterStory(label: string, t: ArrayLike<number>, v: ArrayLike<number>, max = 24): string {
  const parts: string[] = [];
  for (let i = 0; i < t.length && parts.length < max; i++) if (i === 0 || v[i] !== v[i - 1]) parts.push(`${v[i]} from ${formatDuration(t[i])}`);
  let changes = 0;
  for (let i = 1; i < t.length; i++) if (v[i] !== v[i - 1]) changes++;
  const left = changes + 1 - parts.length;
  return `${label}: ${parts.join(', ') || 'no values'}${left > 0 ? `, and ${left} more changes, ending at ${v[t.length - 1]}` : ''}.`;
}
