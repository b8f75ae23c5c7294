// What every cross-process handle shares: it holds only the id of its object in the coordinator,
// so it can be pickled to any process and revived there; creating one at a module's top level
// fails as for threading primitives (every process loads the module afresh).
import { EventKind, PrimKind } from '../../core/trace/kinds';
import { ctx } from '../worker/context';
import { takeAdoption, topLevelError, WIRE, type HandleWire } from '../primitives/base';
import { call, ev } from './client';

export interface MpWire extends HandleWire {
  __interleave: `mp.${string}`;
}

/** Creates an object in the coordinator (recording its creation here) and returns its id. */
export function createObject(op: string, args: object, what: string, kind: keyof typeof PrimKind): number {
  const c = ctx();
  if (c.loading) throw topLevelError(what);
  const at = c.operation();
  return call<number>(op, args, ev(EventKind.primCreate, -1, PrimKind[kind], -1, -1, at));
}

export abstract class MpHandle {
  /** @internal The object's id in the coordinator; also its primitive id in the trace. */
  readonly id: number;

  /** @internal Creates the object, or adopts the one revive() names. */
  protected constructor(op: string, args: object, what: string, kind: keyof typeof PrimKind) {
    this.id = takeAdoption()?.ref ?? createObject(op, args, what, kind);
  }

  /** @internal */
  abstract [WIRE](): MpWire;
}
