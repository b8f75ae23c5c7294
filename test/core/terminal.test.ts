import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModel } from '../../src/core/model/build';
import { GLYPH, renderTerminal } from '../../src/core/render/terminal';
import { fixture } from './fixtures';

const render = (name: string, width = 80, color = false) => renderTerminal(buildModel(fixture(name)), { width, color });
const row = (text: string, name: string) => text.split('\n').find((l) => l.startsWith(`${name} `))!;
const bar = (text: string, name: string) => row(text, name).split('│ ')[1] ?? '';

describe('renderTerminal', () => {
  it('one row per thread with its name and a bar no wider than asked', () => {
    const text = render('lock-contention', 80);
    for (const name of ['MainThread', 'worker1', 'worker2']) assert.ok(row(text, name), name);
    for (const line of text.split('\n').slice(1, 5)) assert.ok([...line].length <= 80, line);
  });

  it('draws each state with its glyph where it happens', () => {
    const text = render('lock-contention', 80);
    const w2 = bar(text, 'worker2');
    // worker2 is blocked from 1.3 s to 1.5 s of 2.0008 s: cells 44..49 of 65.
    assert.match(w2, /^█+▒+█+$/);
    const blockedStart = w2.indexOf('▒');
    assert.ok(Math.abs(blockedStart / 65 - 1.3 / 2.0008) < 0.03, `blocked starts at cell ${blockedStart}`);
    assert.match(bar(text, 'worker1'), /^█+·+█?$/);
    assert.match(bar(text, 'MainThread'), /^█?╌+█?$/);
  });

  it('marks cut off and exception ends, and leaves a never-started thread blank', () => {
    const text = render('daemon-exception');
    assert.ok(bar(text, 'ticker').endsWith(GLYPH.cutoff));
    assert.ok(bar(text, 'crasher').endsWith(GLYPH.exception));
    assert.equal(bar(text, 'timer'), '');
    assert.ok(bar(text, 'ticker').includes(GLYPH.sleeping));
    assert.ok(render('signals').includes(GLYPH.waiting));
  });

  it('has an axis in one unit, a legend, the outcome and its explanation', () => {
    const text = render('lock-contention', 100);
    assert.match(text, /^Two workers share a Lock — completed, 2\.001 s$/m);
    assert.match(text, /^\s+0 s\s+0\.5 s\s+1 s\s+1\.5 s\s+2 s$/m);
    assert.match(text, /█ running {2}▒ blocked {2}░ waiting {2}· sleeping {2}╌ joining {2}✗ exception {2}┄ cut off/);
    const deadlock = render('lock-deadlock');
    assert.match(deadlock, /^Outcome: deadlock — Deadlock: worker1 waits for Lock `lock`, which it already holds$/m);
    assert.match(deadlock, /^ {2}A Lock is not re-entrant: use an RLock\.$/m);
  });

  it('prints the contention table and the time split', () => {
    const text = render('lock-contention');
    assert.match(text, /primitive\s+kind\s+acquisitions\s+contended\s+never got it\s+total wait\s+max wait/);
    assert.match(text, /^ {2}lock\s+Lock\s+2\s+1 \(50\.0 %\)\s+0\s+200 ms\s+200 ms$/m);
    assert.match(text, /thread\s+running\s+blocked\s+waiting\s+sleeping\s+joining/);
    assert.match(text, /^ {2}worker2\s+1\.4 s\s+200 ms\s+0 s\s+0 s\s+0 s$/m);
    // worker1's second acquire of its own Lock never returns: a wait that never got the lock, not an uncontended one.
    assert.match(render('lock-deadlock'), /^ {2}lock\s+Lock\s+1\s+0 \(0\.0 %\)\s+1\s+\S+ \S+\s+\S+ \S+$/m);
    assert.match(render('daemon-exception'), /Contention: no lock, RLock, Condition or Semaphore was acquired\./);
  });

  it('colours only when asked', () => {
    assert.ok(!render('lock-contention').includes('\x1b['));
    const coloured = render('lock-contention', 80, true);
    assert.ok(coloured.includes('\x1b[31m▒'));
    assert.ok(coloured.includes('\x1b[1;32mOutcome: completed'));
  });
});
