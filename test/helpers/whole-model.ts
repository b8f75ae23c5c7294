// What the terminal summary's walk leaves to the whole model (src/core/render/summary.ts, sameAsModel):
// queue and barrier waits decided by other threads' events, and pool/process passes.
import type { Model } from '../../src/core/model/types';
import type { TraceHeader } from '../../src/core/trace/source';

export function needsWholeModel(header: TraceHeader, model: Model): boolean {
  return (
    header.processes !== undefined ||
    header.primitives.some((p) => p.kind === 'Pool' || p.kind === 'Pipe') ||
    model.trace.events.some((e) => e.k === 'queuePutDone' || e.k === 'queueGetDone' || e.k === 'barrierPass')
  );
}
