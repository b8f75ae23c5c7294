// What `interleave run` does with a run recorded into its binary trace. The terminal's text comes
// from the runner's walk of the chunks as it wrote them (RunOptions.summarize; core/render/summary.ts),
// whatever the run's length, when that walk prints what the whole model prints. A run the walk
// cannot print as the model does, or whose caller needs its events as objects (a JSON trace, a
// Chrome trace, a report), is modelled whole (every span, hold and reason) when its events fit in
// the memory budget; a longer one is summarised in one pass, holding one chunk at a time.
import { buildModel } from '../core/model/build';
import type { Model } from '../core/model/types';
import { finishSummary, summarizeRun, type RunSummary } from '../core/render/summary';
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

function fitsWhole(run: Pick<StoredRun, 'events'>, budgetMB: number): boolean {
  return run.events.count * MODEL_BYTES_PER_EVENT <= budgetMB * 2 ** 20;
}

/** The run as objects and its model, when its events fit in the budget. */
export function wholeRun(run: Pick<StoredRun, 'header' | 'events'>, budgetMB: number): { trace: Trace; model: Model } | undefined {
  if (!fitsWhole(run, budgetMB)) return undefined;
  const trace = run.events.trace(run.header.outcome);
  return { trace, model: buildModel(trace) };
}

/** The run in the terminal; `needWhole`: the caller also needs it modelled whole when it fits (ShownRun.trace and model). */
export function showRun(run: StoredRun, budgetMB: number, options: TerminalOptions, needWhole = false): ShownRun {
  const fits = fitsWhole(run, budgetMB);
  const width = terminalBarWidth(run.header, options);
  const note = (summary: RunSummary) =>
    `(${run.events.count.toLocaleString('en')} events: more than --memory-budget ${budgetMB} MB lets this process model at once, ` +
    `so this is a one-pass summary${summary.sameAsModel ? '' : '; a few waits or pool tasks may differ from the full model'})\n`;
  if (!(needWhole && fits)) {
    // The runner walked the chunks as it wrote them: only its end is left to do.
    const walked = run.summary && finishSummary(run.summary, run.header, run.events, width);
    if (walked && (walked.sameAsModel || !fits)) return { text: `${renderTerminalView(walked, options)}${fits ? '' : note(walked)}` };
  }
  const whole = wholeRun(run, budgetMB);
  if (whole) return { text: renderTerminalView(modelView(whole.model), options), ...whole };
  const summary = summarizeRun(run.header, run.events, width);
  return { text: `${renderTerminalView(summary, options)}${note(summary)}` };
}
