// The timeline process: opens a run's binary trace (docs/trace-store.md), builds its pyramid
// (core/timeline/pyramid.ts) from the chunks as they are written, sends the host the run's summary
// and answers the panel's window requests from the file. Everything proportional to the run's
// events happens here, never on the extension host's thread; memory is the pyramid plus the
// reader's cache of decoded chunks, whatever the run's length.
import type { Outcome } from '../../core/trace/format';
import { type HostToTimeline, type TimelineToHost, isHostToTimeline } from '../../core/protocol/timeline';
import { PyramidBuilder } from '../../core/timeline/pyramid';
import { WindowServer } from '../../core/timeline/window-server';
import { openTraceStore } from '../store/file';

/** A live file is looked at this often; a new summary goes out at most this often. */
const POLL_MS = 200;
const SUMMARY_MS = 500;
/** Chunks are summarised for at most this long at a stretch. */
const SLICE_MS = 100;
/** Decoded chunks kept for re-reads while zooming (a chunk of 65,536 events is ~3 MB decoded). */
const CACHE_BYTES = 48 << 20;
/**
 * A window's events go through the extension host on their way to the panel (a structured clone
 * in, one out): at most this many (~4 MB of columns), only the window's own (window-server.ts).
 */
const DETAIL_EVENTS = 100_000;
/** Events read at most to find a window's (its chunks: ~30 of a long run's, two threads' drains apart). */
const READ_EVENTS = 2_000_000;

type Reader = ReturnType<typeof openTraceStore>;

let reader: Reader | undefined;
let builder: PyramidBuilder | undefined;
let server: WindowServer | undefined;
let fed = 0;
/** Events in the pyramid the window server has. */
let summarised = 0;
let lastSummary = 0;
let summaryEvery = SUMMARY_MS;
let timer: ReturnType<typeof setTimeout> | undefined;
let width: number | undefined;
/** Still being written: keep looking for more. */
let following = false;
/** A live file not readable yet, looked at again every POLL_MS. */
let waiting: { path: string; widthPx: number | undefined } | undefined;
/** How the run ended, from its host, for a file the runner could not finish. */
let endedAs: Outcome | undefined;
/** The summary saying the run is over was sent. */
let toldOver = false;
/** A live file the runner has not made yet is waited for this long. */
const OPEN_WAIT_MS = 15_000;

/** Messages handed to the channel and not yet written through; a summary waiting for them to be. */
let inFlight = 0;
let nextSummary: TimelineToHost | undefined;

/**
 * Summaries wait until what was sent before has gone through: a host slower than the summaries (a
 * busy extension host relaying each to its panel) gets the latest one, never a backlog of stale ones
 * (each ~100 kB, seconds behind the run, growing its memory). Window answers go at once.
 */
function send(m: TimelineToHost): void {
  if (m.type === 'summary' && inFlight > 0) {
    nextSummary = m;
    return;
  }
  if (!process.send) return;
  inFlight++;
  process.send(m, undefined, undefined, () => {
    if (--inFlight > 0 || !nextSummary) return;
    const next = nextSummary;
    nextSummary = undefined;
    send(next);
  });
}

/**
 * Feeds the chunks written since the last look, at most SLICE_MS at a time (window requests and the
 * run's end are answered in between); sends a summary when there is news. The run's end is told at
 * once, with the outcome, even while chunks are still being summarised behind it: the panel shows
 * the outcome without waiting for the pyramid, and the last summary (`done`) follows.
 */
function catchUp(): void {
  clearTimeout(timer);
  if (!reader || !builder) return;
  reader.refresh();
  // The run's end is told before anything more is read, from the pyramid as last summarised: a new
  // snapshot copies the whole pyramid, which a machine busy with the run's end makes slow.
  if ((reader.complete || !following) && !toldOver && server) {
    toldOver = true;
    send({ type: 'summary', params: server.summary(reader.header(reader.complete ? undefined : endedAs), false, width), events: summarised, done: false });
  }
  const grew = fed < reader.chunks.length;
  const until = performance.now() + SLICE_MS;
  while (fed < reader.chunks.length && performance.now() < until) builder.push(reader.readChunk(fed++));
  const behind = fed < reader.chunks.length;
  const over = reader.complete || !following;
  const done = over && !behind;
  const now = Date.now();
  if ((grew && now - lastSummary >= summaryEvery) || done || (over && !toldOver) || lastSummary === 0) {
    lastSummary = now;
    toldOver ||= over;
    const cost = performance.now();
    const pyramid = builder.snapshot();
    summarised = builder.count;
    if (server) server.update(pyramid);
    else server = new WindowServer(pyramid, (i) => reader!.readChunk(i), DETAIL_EVENTS, READ_EVENTS);
    server.growing = !done;
    const header = reader.header(reader.complete ? undefined : endedAs);
    send({ type: 'summary', params: server.summary(header, !over, width), events: builder.count, done });
    // A summary copies and sums the whole pyramid: at most a tenth of the time goes to them.
    summaryEvery = Math.max(SUMMARY_MS, 10 * (performance.now() - cost));
  }
  if (!done) timer = setTimeout(catchUp, behind ? 0 : POLL_MS);
}

/** `ended`: the run ended while its file was waited for; this is the last look. */
function open(path: string, live: boolean, widthPx: number | undefined, since = Date.now(), ended = false): void {
  following = live;
  width = widthPx;
  waiting = undefined;
  try {
    reader = openTraceStore(path, { cacheBytes: CACHE_BYTES });
  } catch (e) {
    // A run's file appears when its runner starts writing: a live one is waited for a while.
    if (following && Date.now() - since < OPEN_WAIT_MS) {
      waiting = { path, widthPx };
      timer = setTimeout(() => open(path, following, widthPx, since), POLL_MS);
      return;
    }
    const why = e instanceof Error ? e.message : String(e);
    send({ type: 'error', message: ended ? `the run ended before it wrote its trace file (${why})` : why });
    return;
  }
  builder = new PyramidBuilder();
  // Primitives known now; a live run's later ones are created in the events (primCreate) and only Queue bounds come from here.
  for (const p of reader.header().primitives) builder.primitive(p);
  catchUp();
}

process.on('message', (m: unknown) => {
  if (!isHostToTimeline(m)) return;
  const msg = m as HostToTimeline;
  try {
    if (msg.type === 'open') open(msg.path, msg.live, msg.widthPx);
    else if (msg.type === 'ended') {
      following = false;
      endedAs = msg.outcome;
      if (reader) catchUp();
      else if (waiting) {
        // Still waiting for the file: it may have been written since the last look (a run that wrote
        // it and ended within one poll). Look once more, now as a finished file.
        clearTimeout(timer);
        open(waiting.path, false, waiting.widthPx, Date.now(), true);
      }
    } else if (msg.type === 'window') {
      // Later summaries are made for the view's width (its buckets 1–2 px wide, no more).
      width = msg.request.width;
      if (server) send({ type: 'window', params: server.answer(msg.request) });
    } else {
      clearTimeout(timer);
      reader?.close();
      process.exit(0);
    }
  } catch (e) {
    send({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
// The host went away: so do we.
process.on('disconnect', () => process.exit(0));
