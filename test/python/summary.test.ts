// A Python run recorded into its binary trace is walked for the terminal's summary as its host
// writes each chunk (PythonRunOptions.summarize, as RunOptions.summarize for a TypeScript run):
// `interleave run script.py` then prints from that walk, byte for byte what the whole model prints,
// whenever the walk rules as the model does. The analyses are walked the same way (PythonRunOptions.analyze).
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { showRun } from '../../src/cli/stored-run';
import { analyzeRun, finishFindings } from '../../src/core/analysis/findings';
import { buildModel } from '../../src/core/model/build';
import { finishSummary, summarizeRun } from '../../src/core/render/summary';
import { renderTerminal, renderTerminalView, terminalBarWidth } from '../../src/core/render/terminal';
import { runPython } from '../../src/runtime/host/python/run';
import { EXAMPLES_PY, FIXTURES, interpreters } from './pythons';
import { needsWholeModel } from '../helpers/whole-model';

const py = interpreters().at(-1)!;
const dir = mkdtempSync(join(tmpdir(), 'interleave-py-summary-'));

const runs: { name: string; file: string; env?: Record<string, string> }[] = [
  ...readdirSync(EXAMPLES_PY)
    .filter((f) => f.endsWith('.py'))
    .map((f) => ({ name: f, file: join(EXAMPLES_PY, f) })),
  { name: 'long_hammer.py over several chunks', file: join(FIXTURES, 'long_hammer.py'), env: { HAMMER_OPS: '40000' } },
  { name: 'long_queue.py over several chunks', file: join(FIXTURES, 'long_queue.py'), env: { QUEUE_OPS: '20000' } },
  ...['lock_deadlock.py', 'stall.py', 'hostile_raise.py'].map((f) => ({ name: f, file: join(FIXTURES, f) })),
];

for (const [i, r] of runs.entries())
  test(`${py.label}: a Python run prints from its host's walk what its whole model prints: ${r.name}`, { timeout: 120_000 }, async () => {
    const path = join(dir, `run-${i}.ilt`);
    const handle = runPython(
      { file: r.file, args: [], python: py.path, timeLimitS: 60, cwd: FIXTURES, store: { path }, summarize: true, analyze: true },
      undefined,
      {
        env: r.env,
      },
    );
    const stored = await handle.stored!();
    try {
      assert.ok(stored.summary, 'the host walked the chunks');
      assert.equal(stored.summary.events, stored.events.count);
      assert.ok(stored.scenarioEndMs, "the main thread's end was noted");
      if (r.env) assert.ok(stored.events.chunks.length > 1, `${stored.events.chunks.length} chunks`);
      // The analyses' walk too (PythonRunOptions.analyze): its findings are analyzeRun's over the file.
      assert.ok(stored.analyses, 'the host walked the chunks for the analyses');
      assert.deepEqual(finishFindings(stored.analyses, stored.header, stored.events), analyzeRun(stored.header, stored.events));
      const model = buildModel(stored.events.trace(stored.header.outcome));
      for (const width of [60, 120]) {
        const cells = terminalBarWidth(stored.header, { width });
        const walked = finishSummary(stored.summary, stored.header, stored.events, cells);
        assert.ok(walked, 'the walk finishes: what it read of the header as the run went is what the file says');
        assert.equal(renderTerminalView(walked, { width }), renderTerminalView(summarizeRun(stored.header, stored.events, cells), { width }));
        const shown = showRun(stored, 512, { width });
        assert.equal(shown.text, renderTerminal(model, { width }));
        const needsModel = needsWholeModel(stored.header);
        assert.equal(shown.model === undefined, !needsModel, needsModel ? 'modelled whole' : 'printed from the walk');
      }
    } finally {
      stored.events.close();
      rmSync(path, { force: true });
    }
  });
