// CPython's Thread details (test/fixtures/runtime/pythreads.ts), in real time and in deterministic
// mode under several schedules, compared with CPython running the twin (pythreads.py) with the
// newest Python on the machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Trace } from '../../src/core/trace/format';
import { runScenario } from '../../src/runtime/host/run';
import { newestPython, runTwin } from '../helpers/python';
import { eventsOf, fixtures } from './run-fixture';

const file = join(fixtures, 'pythreads.ts');
const python = newestPython();
const schedules = [
  { seed: 3, strategy: 'random' as const },
  { seed: 11, strategy: 'pct' as const },
];

/** What MainThread logged last, parsed. */
function observed(trace: Trace): unknown {
  const logs = eventsOf(trace, 'log', 1);
  assert.ok(logs.length > 0, 'MainThread logged what it observed');
  return JSON.parse(trace.strings[logs.at(-1)!.a!]);
}

function completed(trace: Trace, name: string): Trace {
  assert.equal(trace.outcome.kind, 'completed', `${name}: ${trace.outcome.summary}\n${trace.outcome.explanation}`);
  return trace;
}

function clean(trace: Trace, name: string): Trace {
  const problems = trace.threads.filter((t) => t.error).map((t) => `${t.name}: ${t.error!.stack ?? t.error!.message}`);
  assert.equal(problems.length, 0, `${name}: ${problems.join('\n')}`);
  return completed(trace, name);
}

/** Runs `scenario` (deterministic when `det` is given); its trace and what its threads wrote to stderr. */
async function run(scenario: string, det?: (typeof schedules)[number]): Promise<{ trace: Trace; stderr: string }> {
  let stderr = '';
  const onOutput = (text: string, stream: 'stdout' | 'stderr') => (stderr += stream === 'stderr' ? text : '');
  const trace = await runScenario({ file, scenario, timeLimitS: 20, captureSites: true, sleepScale: 1, deterministic: det }, undefined, { onOutput }).done;
  return { trace, stderr };
}

for (const name of ['Names_default', 'Timer_attributes', 'Subclass_run', 'Native_ids', 'Local_perThread']) {
  test(`${name}: real time, deterministic, and as CPython ${python?.version ?? '(none found)'}`, async (t) => {
    const seen = observed(clean((await run(name)).trace, name));
    for (const det of schedules) {
      const got = observed(clean((await run(name, det)).trace, name));
      assert.deepEqual(got, seen, `deterministic (${det.strategy} seed ${det.seed}) observes what real time does`);
    }
    if (!python) return t.skip('no CPython 3.9+ on this machine');
    assert.deepEqual(seen, runTwin(python, join(fixtures, 'pythreads.py'), name));
  });
}

/** The hook's calls (logged by the threads it ran in), what MainThread saw, and the default hook's first and exception lines. */
function excepthookView(trace: Trace, stderr: string) {
  const hooked = eventsOf(trace, 'log')
    .filter((e) => e.th !== 1)
    .map((e) => JSON.parse(trace.strings[e.a!]));
  const lines = stderr.split('\n');
  const first = lines.findIndex((l) => l.startsWith('Exception in thread'));
  return { hooked, seen: observed(trace), stderr: [lines[first], lines.slice(first).find((l) => /^\w+: /.test(l))] };
}

test(`excepthook: a custom hook, then the default one's output, as CPython ${python?.version ?? '(none found)'}`, async (t) => {
  const { trace, stderr } = await run('Excepthook_custom');
  const view = excepthookView(completed(trace, 'Excepthook_custom'), stderr);
  assert.deepEqual(view.stderr, ['Exception in thread loud:', 'ValueError: boom']);
  assert.match(stderr, /pythreads\.ts:\d+/, 'the default hook prints the stack, in the scenario file');
  // Both exceptions are recorded on their lanes whatever the hook does.
  assert.deepEqual(
    trace.threads.filter((x) => x.exit === 'exception').map((x) => x.name),
    ['Thread-1 (boom)', 'loud'],
  );
  for (const det of schedules) {
    const got = await run('Excepthook_custom', det);
    assert.deepEqual(excepthookView(completed(got.trace, 'Excepthook_custom'), got.stderr), view, `deterministic (${det.strategy} seed ${det.seed})`);
  }
  if (!python) return t.skip('no CPython 3.9+ on this machine');
  assert.deepEqual(view, runTwin(python, join(fixtures, 'pythreads.py'), 'Excepthook_custom'));
});
