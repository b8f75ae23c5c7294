// What the terminal summary's walk leaves to the whole model (src/core/render/summary.ts, sameAsModel):
// runs with a process pass (processes, pools, pipes: src/core/model/process-pass.ts).
import type { TraceHeader } from '../../src/core/trace/source';
import { hasProcessPass } from '../../src/core/model/process-pass';

export function needsWholeModel(header: TraceHeader): boolean {
  return hasProcessPass(header);
}
