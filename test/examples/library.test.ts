// The library as a whole: what `interleave examples` lists and `interleave run --example` finds.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { builtinExamples } from '../../src/runtime/host/run';
import { EXAMPLES } from './run-example';

const ROOT = resolve(__dirname, '..', '..');
const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.ts'));

describe('the example library', () => {
  it('covers every section of the notes that has a threading runtime', () => {
    const names = files.map((f) => f.replace(/\.ts$/, ''));
    for (const required of [
      'threads',
      'daemon',
      'enumerate',
      'timer',
      'lock-deadlock',
      'rlock',
      'lost-update',
      'semaphore',
      'bounded-semaphore',
      'queue',
      'queue-lifo-priority',
      'event',
      'condition',
      'barrier',
      'dining-philosophers',
    ]) {
      assert.ok(names.includes(required), required);
    }
  });

  it('names are lowercase-dashed, and every example has its own test', () => {
    for (const f of files) {
      assert.match(f, /^[a-z]+(-[a-z]+)*\.ts$/);
      assert.ok(existsSync(join(__dirname, f.replace(/\.ts$/, '.test.ts'))), `test/examples/${f.replace(/\.ts$/, '.test.ts')}`);
    }
  });

  it('each file holds exactly one scenario, its default export, so --example NAME needs no --scenario', () => {
    for (const f of files) {
      const text = readFileSync(join(EXAMPLES, f), 'utf8');
      assert.equal(text.match(/\bscenario\(/g)?.length, 1, f);
      assert.match(text, /^export default scenario\(/m, f);
    }
  });

  it('builtinExamples() lists them all, each with a one-line description that fits a terminal', () => {
    const listed = builtinExamples(join(ROOT, 'dist')).filter((e) => e.language === 'typescript');
    assert.deepEqual(listed.map((e) => `${e.name}.ts`).sort(), [...files].sort());
    for (const e of listed) {
      assert.ok(e.description.length > 20 && e.description.length <= 80, `${e.name}: '${e.description}'`);
      assert.notEqual(e.title, `${e.name}.ts`, `${e.name} has a scenario title`);
    }
  });

  it('`interleave examples` prints one line per example', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'interleave'), 'examples'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    for (const e of builtinExamples(join(ROOT, 'dist'))) {
      assert.ok(
        r.stdout.split('\n').some((l) => l.startsWith(`${e.name} `) && l.endsWith(e.description)),
        e.name,
      );
    }
  });
});
