// Step mode's controls (the visual debugger): while a deterministic run waits at a scheduling
// point, a table says what every thread does next and where, with a button per thread that may
// go next, "run to next block", "run to end" and "back". On a finished deterministic trace, a
// "fork here" replays it up to the moment last clicked on the timeline and pauses there.
// Plain buttons and a table, so keyboards, screen readers and tests use them as they are.
import { formatDuration } from '../src/core/format/time';
import type { StepCommand, StepPause, StepThread } from '../src/core/protocol/runner';
import { siteLabel } from '../src/core/timeline/site';
import { button, h } from './dom';

export interface StepActions {
  choose(command: StepCommand): void;
  back(): void;
  reveal(file: string, line: number, col: number): void;
}

const STATUS_TEXT: Record<StepThread['status'], string> = {
  runnable: 'may go next',
  blocked: 'blocked',
  waiting: 'cannot go now',
  starting: 'not started yet',
};

/** The paused run. `busy`: a choice was sent and the buttons wait for the next pause. */
export function stepPanel(pause: StepPause, busy: boolean, act: StepActions): HTMLElement {
  const el = h('section', 'il-step');
  el.setAttribute('aria-label', 'Step through the run');
  el.dataset.busy = String(busy);
  const status = h(
    'p',
    'il-step-status',
    busy ? 'Running…' : `Paused at step ${pause.step}, at ${formatDuration(pause.timeNs)}. Choose the thread that goes next.`,
  );
  status.setAttribute('role', 'status');
  el.append(status);

  const table = h('table', 'il-step-threads');
  table.createCaption().textContent = 'What each thread does next';
  const head = table.createTHead().insertRow();
  for (const c of ['thread', 'state', 'next operation', 'source', '']) head.append(h('th', '', c));
  const body = table.createTBody();
  for (const t of pause.threads) {
    const row = body.insertRow();
    row.dataset.thread = String(t.thread);
    row.dataset.status = t.status;
    if (t.thread === pause.decider) row.setAttribute('aria-current', 'step');
    row.insertCell().textContent = t.name;
    row.insertCell().textContent = STATUS_TEXT[t.status];
    row.insertCell().append(h('span', 'il-op', t.next));
    row.insertCell().append(source(t, act));
    const cell = row.insertCell();
    if (pause.candidates.includes(t.thread)) {
      const b = button(`▶ run ${t.name}`, `Run ${t.name} to its next scheduling point`, () => act.choose({ kind: 'thread', thread: t.thread }));
      b.disabled = busy;
      cell.append(b);
    }
  }
  el.append(table);

  const bar = h('div', 'il-step-bar');
  const controls: [string, string, () => void, boolean][] = [
    ['run to next block', 'Run on until the running thread blocks, then pause again', () => act.choose({ kind: 'untilBlock' }), busy],
    ['run to end', 'Stop pausing and let the run finish', () => act.choose({ kind: 'toEnd' }), busy],
    // The first pause of a run is its step 1: there is nothing before it to go back to.
    ['◀ back', 'Go back one step: replay the run up to the pause before this one', () => act.back(), busy || pause.step <= 1],
  ];
  for (const [text, label, onClick, disabled] of controls) {
    const b = button(text, label, onClick);
    b.disabled = disabled;
    bar.append(b);
  }
  el.append(bar);
  return el;
}

/** A finished deterministic trace: fork at `atNs`, the time last clicked on the timeline (none yet: disabled). */
export function forkBar(atNs: number | undefined, fork: (atNs: number) => void): HTMLElement {
  const el = h('section', 'il-step il-fork');
  el.setAttribute('aria-label', 'Fork the run');
  const at = atNs === undefined ? undefined : formatDuration(atNs);
  const b = button(
    at ? `fork here (${at})` : 'fork here',
    at ? `Fork at ${at}: replay the run up to this moment and choose who goes next from there` : 'Click the timeline to choose the moment to fork at',
    () => atNs !== undefined && fork(atNs),
  );
  b.disabled = atNs === undefined;
  const hint = h(
    'span',
    'il-step-status',
    at ? 'Replays this schedule up to the chosen moment, then you choose who goes next.' : 'Click the timeline at a moment to fork the run there.',
  );
  el.append(b, hint);
  return el;
}

function source(t: StepThread, act: StepActions): HTMLElement {
  if (!t.site) return h('span', '', '–');
  const text = siteLabel(t.site);
  if (!t.file || !t.line) return h('span', '', text);
  const { file, line } = t;
  return button(text, `Open ${text} in the editor`, () => act.reveal(file, line, t.col ?? 1));
}
