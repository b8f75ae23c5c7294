// A lane of the terminal swimlane: one state per time cell, accumulated span by span, so the
// whole-model path and the streaming summary of a long run (render/summary.ts) draw the same bar.
import type { ThreadState } from '../model/types';

export const CELL_STATES: readonly ThreadState[] = ['running', 'blocked', 'waiting', 'joining', 'sleeping', 'done', 'exception', 'cutoff'];
const INDEX = new Map(CELL_STATES.map((s, i) => [s, i]));

/**
 * One state per cell: the one that covers most of the cell, with running counted at half weight
 * so that a short wait in a busy stretch still shows. End-of-lane markers (exception, cut off) take
 * their cell. Cells outside the thread's life are null.
 */
export class LaneCells {
  private readonly weight: Float64Array;
  private readonly marks: (ThreadState | null)[];
  private readonly cellNs: number;

  constructor(
    durationNs: number,
    private readonly width: number,
  ) {
    this.weight = new Float64Array(width * CELL_STATES.length);
    this.marks = new Array(width).fill(null);
    this.cellNs = Math.max(durationNs, 1) / width;
  }

  /** A span of `state` from `start` to `end` (ns); a zero-length span is an end-of-lane marker. */
  add(state: ThreadState, start: number, end: number): void {
    this.addIndex(INDEX.get(state)!, start, end);
  }

  /** add() by index into CELL_STATES (the streaming summary's hot path). */
  addIndex(k: number, start: number, end: number): void {
    const state = CELL_STATES[k];
    const w = k === 0 ? 0.5 : 1;
    const cellNs = this.cellNs;
    const first = this.cellOf(start);
    const last = this.cellOf(end);
    if (first === last && end > start) {
      this.weight[first * CELL_STATES.length + k] += (end - start) * w;
      return;
    }
    for (let c = first; c <= last; c++) {
      const overlap = Math.min(end, (c + 1) * cellNs) - Math.max(start, c * cellNs);
      if (overlap > 0) this.weight[c * CELL_STATES.length + k] += overlap * w;
      else if (start === end && state !== 'done') this.marks[c] = state;
    }
  }

  cells(): (ThreadState | null)[] {
    const n = CELL_STATES.length;
    const cells = [...this.marks];
    for (let c = 0; c < this.width; c++) {
      if (cells[c]) continue;
      let best = -1;
      for (let k = 0; k < n; k++) if (this.weight[c * n + k] > 0 && (best < 0 || this.weight[c * n + k] > this.weight[c * n + best])) best = k;
      if (best >= 0) cells[c] = CELL_STATES[best];
    }
    return cells;
  }

  private cellOf(t: number): number {
    return Math.min(this.width - 1, Math.max(0, Math.floor(t / this.cellNs)));
  }
}
