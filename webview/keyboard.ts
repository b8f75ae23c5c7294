// The timeline by keyboard: a focused span that keys move (span by span, event by event, along a
// wake-up arrow and back, around a deadlock's loop), the sentence each move announces, and the
// visible list of keys. The moves are core/timeline/keynav.ts, the words core/timeline/story.ts.
import { threadName } from '../src/core/model/describe';
import type { Model } from '../src/core/model/types';
import { type Interest, type SpanRef, laneInterests, loopSpans, spanAtTime, stepInterest, wakeOf, wakerSpan } from '../src/core/timeline/keynav';
import { interestSentence, laneStory, linkSentence, spanSentence } from '../src/core/timeline/story';
import { h } from './dom';

/** What the keys do, as the "Keys" list shows them. */
export const KEYS: readonly (readonly [string, string])[] = [
  ['↑ ↓', 'previous / next thread'],
  ['← →', 'previous / next span of the thread'],
  ['Home End', 'first / last span'],
  ['N, Shift+N', 'next / previous event: block, acquire, release, wake-up'],
  ['Enter', 'details of the span; opens its source line'],
  ['W', 'go to the thread that woke this span'],
  ['Backspace', 'back to where W came from'],
  ['C', "walk the deadlock's wait-for loop"],
  ['T', "tell the thread's story in time order"],
  ['Shift+← →, A D', 'pan'],
  ['+ −', 'zoom in / out'],
  ['0', 'fit the whole run'],
  ['Escape', 'close the details, clear the highlight'],
  ['?', 'show / hide this list'],
];

/** The "Keys" list: a definition list the "?" key and the Keys button show and hide. */
export function keysList(): HTMLElement {
  const box = h('div', 'il-keys');
  box.id = 'il-keys';
  box.hidden = true;
  const dl = h('dl');
  for (const [k, what] of KEYS) dl.append(h('dt', '', k), h('dd', '', what));
  box.append(h('h2', '', 'Keys (the timeline must have focus)'), dl);
  return box;
}

/** A move's result: the span to focus (none: stay) and what to say. */
export interface Move {
  to?: SpanRef;
  say: string;
}

/** Where the keyboard is: the focused span, the way back from W, the place in the loop and in the lane's events. */
export class SpanFocus {
  lane = -1;
  span = -1;
  private back: SpanRef[] = [];
  private loopAt = -1;
  private interests: { lane: number; list: Interest[] } | undefined;
  private interestAt = -1;
  private storyFrom: { lane: number; t: number } | undefined;

  constructor(private model: Model) {}

  /** New data for the same run: keep the place if it still exists. */
  setModel(model: Model): void {
    this.model = model;
    this.interests = undefined;
    if (this.lane >= model.spans.length) this.lane = this.span = -1;
    else if (this.lane >= 0) this.span = Math.min(this.span, model.spans[this.lane].length - 1);
  }

  get ref(): SpanRef | undefined {
    return this.lane >= 0 && this.span >= 0 ? { lane: this.lane, span: this.span } : undefined;
  }

  private name(lane: number): string {
    return threadName(this.model.trace, this.model.trace.threads[lane]);
  }

  private spans(lane = this.lane) {
    return this.model.spans[lane] ?? [];
  }

  /** ↑/↓: the next lane, at the same time as the span left (the first span when none was focused). */
  lanes(dir: 1 | -1, laneSummary: (lane: number) => string): Move {
    const n = this.model.spans.length;
    if (!n) return { say: 'No threads yet.' };
    const s = this.ref && this.spans()[this.span];
    const lane = this.lane < 0 ? (dir > 0 ? 0 : n - 1) : (this.lane + dir + n) % n;
    const span = s ? spanAtTime(this.spans(lane), s.start) : 0;
    const to = { lane, span };
    return { to, say: `${laneSummary(lane)}. ${spanSentence(this.model, to, false)}` };
  }

  /** ←/→, Home/End: a span of the focused lane. */
  step(where: 'prev' | 'next' | 'first' | 'last'): Move {
    if (this.lane < 0) return this.lanes(1, (l) => this.name(l));
    const spans = this.spans();
    const n = spans.length;
    // End: the last span with a length; the zero-length mark of how the thread ended is one → further.
    const last = n > 1 && spans[n - 1].end === spans[n - 1].start ? n - 2 : n - 1;
    const span = where === 'first' ? 0 : where === 'last' ? last : this.span + (where === 'next' ? 1 : -1);
    if (span < 0 || span >= n) return { say: where === 'next' ? 'Last span of this thread.' : 'First span of this thread.' };
    const to = { lane: this.lane, span };
    return { to, say: spanSentence(this.model, to, false) };
  }

  /** N / Shift+N: the next or previous event of interest on the lane. */
  event(dir: 1 | -1): Move {
    if (this.lane < 0) return this.lanes(1, (l) => this.name(l));
    if (this.interests?.lane !== this.lane) {
      this.interests = { lane: this.lane, list: laneInterests(this.model, this.lane) };
      this.interestAt = -1;
    }
    const list = this.interests.list;
    const cur = this.spans()[this.span];
    // Keep counting from the last event told while the focus is still on its span; from the span's start otherwise.
    const told = this.interestAt >= 0 && spanAtTime(this.spans(), list[this.interestAt].t) === this.span ? this.interestAt : -1;
    const i = stepInterest(list, told, dir > 0 ? (cur?.start ?? 0) - 1e-9 : (cur?.start ?? 0) + 1e-9, dir);
    if (i < 0) return { say: dir > 0 ? 'No more events on this thread.' : 'No earlier events on this thread.' };
    this.interestAt = i;
    const x = list[i];
    return { to: { lane: this.lane, span: spanAtTime(this.spans(), x.t) }, say: `${interestSentence(this.model, this.lane, x)}.` };
  }

  /** W: along the wake-up arrow that ended the focused span, to the thread that woke it. */
  waker(): Move {
    const ref = this.ref;
    if (!ref) return { say: 'Pick a span first (arrow keys).' };
    const link = wakeOf(this.model, ref);
    if (!link) return { say: `Nothing woke this span: no wake-up arrow ends here.` };
    const to = wakerSpan(this.model, link);
    if (!to) return { say: linkSentence(this.model, link) };
    this.back.push(ref);
    return { to, say: `Woken by ${this.name(to.lane)}: ${linkSentence(this.model, link)} Backspace goes back.` };
  }

  /** Backspace: where the last W came from. */
  goBack(): Move {
    const to = this.back.pop();
    if (!to) return { say: 'Nowhere to go back to.' };
    return { to, say: `Back to ${this.name(to.lane)}. ${spanSentence(this.model, to, false)}` };
  }

  /** C: the next thread of the deadlock's wait-for loop (a stall's stuck threads), and what it waits for. */
  loop(): Move {
    const steps = loopSpans(this.model);
    const o = this.model.trace.outcome;
    if (!steps.length) return { say: `No thread is stuck in this run (${o.kind}).` };
    this.loopAt = (this.loopAt + 1) % steps.length;
    const to = steps[this.loopAt];
    const s = this.spans(to.lane)[to.span];
    const what = o.kind === 'deadlock' ? 'Deadlock loop' : 'Stuck threads';
    const next = steps[(this.loopAt + 1) % steps.length];
    const closes = o.kind === 'deadlock' ? ` Next in the loop: ${this.name(next.lane)}${steps.length === 1 ? ' itself' : ''}.` : '';
    return { to, say: `${what}, ${this.loopAt + 1} of ${steps.length}: ${this.name(to.lane)} ${s.reason || s.state}.${closes}` };
  }

  /** T: the lane's story in time order from the focused span; T again goes on where it stopped. */
  story(): Move {
    if (this.lane < 0) return { say: 'Pick a thread first (up and down arrows).' };
    const s = this.spans()[this.span];
    const from = this.storyFrom?.lane === this.lane ? this.storyFrom.t : (s?.start ?? 0);
    const st = laneStory(this.model, this.lane, from);
    this.storyFrom = st.more ? { lane: this.lane, t: st.nextT } : undefined;
    const more = st.more ? ` ${st.more} more; press T to go on.` : ' End of the story.';
    return { say: `${this.name(this.lane)}: ${st.sentences.join('; ')}.${more}` };
  }

  /** Focus moves here (by key or because the person picked a lane). */
  set(to: SpanRef): void {
    if (to.lane !== this.lane) this.storyFrom = undefined;
    this.lane = to.lane;
    this.span = to.span;
  }
}
