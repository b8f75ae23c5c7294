// Golden traces: deterministic runs of library examples compared, structure and all, with the
// checked-in traces in test/golden (only wall-clock and machine metadata normalised). A change to
// the runtime, the recorder or the format shows up here as a readable JSON diff.
// `UPDATE_GOLDEN=1 node scripts/test.mjs test/runtime/golden.test.ts` rewrites them after a
// deliberate change. Every trace, golden or real-time, must also satisfy schema/trace.schema.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { runScenario } from '../../src/runtime/host/run';
import type { Trace } from '../../src/core/trace/format';

const root = resolve(__dirname, '..', '..');
const golden = join(root, 'test', 'golden');
const schema = JSON.parse(readFileSync(join(root, 'schema', 'trace.schema.json'), 'utf8'));
const validate = new Ajv2020({ allErrors: true }).compile(schema);

function normalise(t: Trace): Trace {
  const meta = {
    ...t.meta,
    startedAt: '<startedAt>',
    file: `<examples>/${t.meta.file.split('/').pop()}`,
    root: '<examples>',
    platform: '<platform>',
    toolVersion: '<version>',
  };
  return { ...t, meta };
}

const run = (name: string, deterministic: boolean) =>
  runScenario({
    file: join(root, 'examples', `${name}.ts`),
    timeLimitS: 60,
    captureSites: true,
    sleepScale: 1,
    deterministic: deterministic ? { seed: 1, strategy: 'random' } : undefined,
  }).done;

for (const name of ['lock-deadlock', 'rlock', 'semaphore', 'queue', 'condition', 'barrier-abort', 'dining-philosophers']) {
  test(`golden: ${name} (deterministic, seed 1)`, async () => {
    const trace = normalise(await run(name, true));
    assert.ok(validate(trace), JSON.stringify(validate.errors?.slice(0, 5), null, 1));
    const file = join(golden, `${name}.json`);
    // Stacks and messages may name the checkout's folder: CI clones elsewhere.
    const text = JSON.stringify(trace, null, 1).replaceAll(root, '<root>') + '\n';
    if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, text);
    assert.deepEqual(JSON.parse(text), JSON.parse(readFileSync(file, 'utf8')));
  });
}

test('real-time traces of the library satisfy the schema', async () => {
  for (const name of ['threads', 'daemon', 'timer', 'event', 'barrier', 'queue-lifo-priority', 'multiprocessing']) {
    const trace = await run(name, false);
    assert.ok(validate(trace), `${name}: ${JSON.stringify(validate.errors?.slice(0, 5), null, 1)}`);
  }
});
