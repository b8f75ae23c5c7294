// What `interleave run` does with a run recorded into its binary trace: a run whose events fit in
// the memory budget is modelled whole (every span, hold and reason, as before); a longer one is
// summarised in one pass over its chunks (core/render/summary.ts), holding one chunk at a time; the
// runner makes that pass while it writes them, when asked to (RunOptions.summarize).
import { buildModel } from '../core/model/build';
import type { Model } from '../core/model/types';
import { finishSummary, summarizeRun } from '../core/render/summary';
import { modelView, renderTerminalView, terminalBarWidth, type TerminalOptions } from '../core/render/terminal';
import type { Trace } from '../core/trace/format';
import type { StoredRun } from '../runtime/host/run';

/**
 * Bytes a whole model costs per event: the trace's event objects (~150 B), the model's index
 * columns (~70 B) and its spans and holds. Measured on the lock hammer at 1.2 M events (peak RSS
 * of the CLI over the events), rounded up.
 */
export const MODEL_BYTES_PER_EVENT = 400;

export interface ShownRun {
  text: string;
  /** Present when the run was modelled whole. */
  trace?: Trace;
  model?: Model;
}

/** The run as objects and its model, when its events fit in the budget. */
export function wholeRun(run: Pick<StoredRun, 'header' | 'events'>, budgetMB: number): { trace: Trace; model: Model } | undefined {
  if (run.events.count * MODEL_BYTES_PER_EVENT > budgetMB * 2 ** 20) return undefined;
  const trace = run.events.trace(run.header.outcome);
  return { trace, model: buildModel(trace) };
}

export function showRun(run: StoredRun, budgetMB: number, options: TerminalOptions): ShownRun {
  const whole = wholeRun(run, budgetMB);
  if (whole) return { text: renderTerminalView(modelView(whole.model), options), ...whole };
  const width = terminalBarWidth(run.header, options);
  // The runner walked the chunks as it wrote them (RunOptions.summarize): only its end is left to do.
  const summary = (run.summary && finishSummary(run.summary, run.header, run.events, width)) ?? summarizeRun(run.header, run.events, width);
  const note =
    `(${run.events.count.toLocaleString('en')} events: more than --memory-budget ${budgetMB} MB lets this process model at once, ` +
    'so this is a one-pass summary; queue waits are counted when time passed)';
  return { text: `${renderTerminalView(summary, options)}${note}\n` };
}
