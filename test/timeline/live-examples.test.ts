// Every built-in example (TypeScript and Python, multiprocessing and pools included) streamed
// through the live path the VS Code panel uses — runner → LiveFeed deltas → live/* messages,
// structured-cloned as postMessage does → the webview's validators → LiveTrace → model and view
// data — must be accepted whole and end as the same view as the run's saved trace.
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { buildModel } from '../../src/core/model/build';
import { processHeader, threadName } from '../../src/core/model/describe';
import type { RunnerToHost } from '../../src/core/protocol/runner';
import { type IpcMessage, LiveAppend, LiveBegin, LiveEnd } from '../../src/core/protocol/webview';
import { LiveTrace } from '../../src/core/timeline/live';
import type { Trace } from '../../src/core/trace/format';
import { parseTrace } from '../../src/core/trace/parse';
import { LiveFeed } from '../../src/extension/live-feed';
import { runPython } from '../../src/runtime/host/python/run';
import { builtinExamples, runScenario } from '../../src/runtime/host/run';
import { viewData } from '../../webview/data';
import { newestPython } from '../helpers/python';

const ROOT = join(__dirname, '../..');
const DIST = join(ROOT, 'dist');

/** The webview's side: what it accepts, what it rejects, the run it holds. */
class View {
  live: LiveTrace | undefined;
  final: Trace | undefined;
  readonly rejected: string[] = [];
  receive(sent: IpcMessage): void {
    const msg: unknown = structuredClone(sent);
    if (LiveBegin.is(msg)) this.live = new LiveTrace(msg.params.meta);
    else if (LiveAppend.is(msg)) this.live!.append(msg.params);
    else if (LiveEnd.is(msg)) {
      this.live!.end(msg.params.outcome);
      this.final = this.live!.snapshot();
    } else this.rejected.push(sent.method);
  }
}

/** What the person sees of a finished run: lanes, their process groups, spans, holds, the outcome. */
function seen(trace: Trace) {
  const data = viewData(buildModel(trace));
  const m = data.model;
  return {
    lanes: trace.threads.map((t, i) => ({
      name: threadName(trace, t),
      group: processHeader(trace, t.process ?? 0),
      exit: t.exit,
      spans: m.spans[i].map((s) => `${s.state}@${s.start}-${s.end}:${s.on ?? ''}`),
    })),
    primitives: trace.primitives.map((p) => `${p.kind} ${p.name}`),
    holds: m.holds.map((h) => `${h.thread}:${h.prim}@${h.start}-${h.end}`),
    tasks: (m.tasks ?? []).length,
    outcome: { kind: trace.outcome.kind, summary: trace.outcome.summary, durationNs: m.durationNs },
  };
}

/** Runs one example; the panel's stream is replayed as it does: begin, a delta per message, end. */
async function streamed(file: string): Promise<{ view: View; saved: Trace }> {
  const feed = new LiveFeed();
  const view = new View();
  const onMessage = (m: RunnerToHost) => {
    const begins = m.type === 'meta' && !feed.meta;
    feed.accept(m);
    if (begins) view.receive(LiveBegin.create({ meta: m.meta }));
    else if (!feed.meta) return;
    const delta = feed.delta();
    if (delta) view.receive(LiveAppend.create(delta));
    if (m.type === 'outcome') view.receive(LiveEnd.create({ outcome: m.outcome }));
  };
  let trace: Trace;
  if (file.endsWith('.py')) {
    trace = await runPython({ file, args: [], python: newestPython()!.path, timeLimitS: 30, cwd: dirname(file) }, onMessage, { distDir: DIST }).done;
  } else trace = await runScenario({ file, timeLimitS: 30, captureSites: true, sleepScale: 1 }, onMessage, { distDir: DIST }).done;
  // The panel, told the run is over without an outcome message (a lost runner), ends the view with the trace's.
  if (!feed.outcome) view.receive(LiveEnd.create({ outcome: trace.outcome }));
  // What the panel keeps for a reload and shows from then on.
  return { view, saved: parseTrace(JSON.stringify(trace)) };
}

for (const ex of builtinExamples(DIST)) {
  const python = ex.language === 'python';
  test(`${ex.name} streamed live: nothing rejected, the final view is the saved trace's`, { skip: python && !newestPython() && 'no Python' }, async () => {
    const { view, saved } = await streamed(ex.file);
    assert.deepEqual(view.rejected, [], 'no live message was rejected');
    assert.ok(view.final, 'the view saw the run end');
    assert.deepEqual(seen(view.final), seen(saved));
  });
}
