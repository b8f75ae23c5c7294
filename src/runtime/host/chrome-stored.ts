// The Chrome trace of a run too long to model whole (more events than the memory budget), streamed
// from its chunks: the run is exported a segment of about SEGMENT_EVENTS events at a time, each
// segment modelled on its own as the timeline's zoomed-in windows are (pyramid-detail.ts: the
// segment's chunks with the operations already open before them), and written for the part of time
// it tells everything about. Memory is one segment's model, whatever the run's length.
//
// Chunks' time ranges may overlap a little (threads are drained in turns), so consecutive segments
// share one chunk, and the cut between them lies where both are valid: after every chunk before
// the shared one, before every chunk after it. A state slice or hold that crosses a cut is two
// slices meeting there (an E and a B at the same ts); wake-up arrows that cross a cut and queue
// size counters are left out (a part cannot know a queue's size before it).
import { buildModel } from '../../core/model/build';
import { PyramidBuilder } from '../../core/timeline/pyramid';
import { detailBatch } from '../../core/timeline/pyramid-detail';
import { filterBatch, mergeBatches, writeBatchColumns } from '../../core/trace/batch';
import type { EventBatch } from '../../core/trace/format';
import { EventKind } from '../../core/trace/kinds';
import { allocColumns, withEventColumns } from '../../core/trace/packed';
import type { IndexedEventSource, TraceHeader } from '../../core/trace/source';
import { type ChromeEvent, chromeJson, chromeTraceEvents, metadataOf } from '../../core/export/chrome';

/** Events modelled at once (a model of this many builds in ~0.3 s and holds ~80 MB). */
export const SEGMENT_EVENTS = 200_000;

/** Every event of the export of `source`, a segment at a time (chrome.ts's order within each). */
export function* storedChromeEvents(header: TraceHeader, source: IndexedEventSource, segmentEvents = SEGMENT_EVENTS): Generator<ChromeEvent> {
  const n = source.chunks.length;
  // The operations open at each chunk's start: what a segment starting there needs before its events.
  const pyramid = new PyramidBuilder();
  for (const p of header.primitives) pyramid.primitive(p);
  // firsts[c]: each thread's first event in chunk c, by its index there.
  const firsts: Map<number, number>[] = [];
  for (let c = 0; c < n; c++) {
    const b = source.readChunk(c);
    pyramid.push(b);
    const m = new Map<number, number>();
    for (let i = 0; i < b.th.length; i++) if (!m.has(b.th[i])) m.set(b.th[i], i);
    firsts.push(m);
  }
  const cps = pyramid.snapshot().checkpoints;
  /**
   * The next event of each thread with an operation still open after chunk c1 (a request that
   * ends in a later segment): whether it waited, and so how the part up to the cut is drawn,
   * depends on how it ended (an acquire that found the lock free was not blocked, however long).
   */
  const endings = (c1: number): EventBatch[] => {
    const out: EventBatch[] = [];
    for (const e of cps[c1 + 1].events) {
      if (e.k === EventKind.acquired) continue; // a hold, cut at the segment's end as it is
      for (let c = c1 + 1; c < n; c++) {
        const i = firsts[c].get(e.th);
        if (i === undefined) continue;
        out.push(filterBatch(source.readChunk(c), (j) => j === i));
        break;
      }
    }
    return out;
  };
  // before[c]: the latest time among chunks [0, c); after[c]: the earliest among chunks [c, n).
  const before = new Float64Array(n + 1).fill(-Infinity);
  for (let c = 0; c < n; c++) before[c + 1] = Math.max(before[c], cps[c].count ? cps[c].tMax : -Infinity);
  const after = new Float64Array(n + 1).fill(Infinity);
  for (let c = n - 1; c >= 0; c--) after[c] = Math.min(after[c + 1], cps[c].count ? cps[c].tMin : Infinity);

  let c0 = 0;
  let from = -Infinity;
  let ids = 0;
  let first = true;
  do {
    // At least two chunks a segment (the last may be one), so sharing one chunk still moves on.
    let c1 = Math.min(c0 + 1, n - 1);
    let events = cps[c0]?.count ?? 0;
    if (c1 > c0) events += cps[c1].count;
    while (c1 + 1 < n && events + cps[c1 + 1].count <= segmentEvents) events += cps[++c1].count;
    // A cut needs a time both segments tell everything about. When a thread was drained late, a
    // chunk holds events older than its predecessors' and no such time exists between c1 and c1 + 1:
    // the segment takes more chunks until one does (a loaded machine; the segment grows, no more).
    while (c1 + 1 < n && Math.max(before[c1], from) > after[c1 + 1]) events += cps[++c1].count;
    const last = c1 >= n - 1;
    // The next segment starts at c1: this one is cut where chunk c1 begins to be needed by both.
    const to = last ? Infinity : Math.min(Math.max(before[c1], from), after[c1 + 1]);
    const part = n ? detailBatch({ c0, c1, events, validFrom: before[c0], validTo: after[c1 + 1] }, cps, (i) => source.readChunk(i)) : undefined;
    const batch = part && !last ? mergeBatches([part, ...endings(c1)]) : part;
    const cols = allocColumns(batch?.t.length ?? 0);
    if (batch) writeBatchColumns(batch, cols, 0);
    const model = buildModel(withEventColumns(header, cols));
    yield* chromeTraceEvents(model, { from, to, ids, first });
    ids += model.links.length + model.holdTable.n + (model.tasks?.length ?? 0);
    first = false;
    from = to;
    c0 = c1;
    if (last) break;
  } while (c0 < n);
}

/** The document in chunks of about `chunkChars` characters (chrome.ts chromeTraceJson for a stored run). */
export function storedChromeJson(header: TraceHeader, source: IndexedEventSource, segmentEvents?: number, chunkChars?: number): Generator<string> {
  return chromeJson(storedChromeEvents(header, source, segmentEvents), metadataOf(header), chunkChars);
}
