// threading.local: an object whose attributes each thread has its own of. Every thread runs in its
// own worker, so this worker's object is this thread's view: a local that reaches another thread
// (as an argument, an item, a field) arrives there as that thread's view of it, made afresh the
// first time, with the constructor of its class run again there, as CPython runs a local
// subclass's __init__ in each thread. Nothing is recorded: it is not synchronisation.
import { WIRE, type HandleWire } from '../primitives/base';
import { Ctl } from '../shm/layout';
import { ctx } from './context';
import { fromWire, toWire } from './marshal';
import { exportNameOf } from './targets';

interface LocalWire extends HandleWire {
  cls?: string;
  args: unknown;
}

/** This worker's view of every local it has seen, by id. */
const views = new Map<number, local>();
/** Locals made while the module loads are numbered -1, -2, ... in module order: the same in every worker. */
let madeAtLoad = 0;
/** The id the next local constructor takes (a view being made for a local of another thread). */
let adopting: number | undefined;

/** An exploration reuses this worker for the next run: its locals are gone. */
export function forgetLocals(): void {
  views.clear();
  madeAtLoad = 0;
}

/**
 * threading.local: `new local()` (or an exported subclass) gives each thread its own attributes.
 * A subclass's constructor runs again in each thread that uses the object, with the arguments it
 * passed to super(...args): give per-thread defaults there (or as class fields).
 */
export class local {
  constructor(...args: unknown[]) {
    const c = ctx();
    const id = adopting ?? (c.loading ? -++madeAtLoad : Atomics.add(c.ctl, Ctl.LOCALS, 1) + 1);
    adopting = undefined;
    const cls = new.target;
    const wire = (): LocalWire => ({
      __interleave: 'local',
      ref: id,
      cls: cls === local ? undefined : exportNameOf(cls, 'local subclass'),
      args: toWire(args),
    });
    Object.defineProperty(this, WIRE, { value: wire, enumerable: false });
    views.set(id, this);
  }
}

/** @internal This thread's view of the local `w` names: made on first sight, by its class. */
export function reviveLocal(w: HandleWire): local {
  const known = views.get(w.ref);
  if (known) return known;
  const { cls, args } = w as LocalWire;
  const Cls = cls === undefined ? local : ctx().exports[cls];
  if (typeof Cls !== 'function') throw new TypeError(`internal: local subclass '${cls}' is not an export`);
  adopting = w.ref;
  return Reflect.construct(Cls, (fromWire(args) ?? []) as unknown[]) as local;
}
