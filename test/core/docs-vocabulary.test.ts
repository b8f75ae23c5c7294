// docs/trace-format.md lists the trace's vocabularies for readers; src/core/trace/kinds.ts defines
// them. The doc must list exactly what kinds.ts defines: a kind added there and not documented (or
// documented and gone) fails here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  acquireModes,
  confirmationStatuses,
  errorKinds,
  eventKindName,
  exitReasonName,
  findingKinds,
  outcomeKinds,
  primKindName,
} from '../../src/core/trace/kinds';

const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'trace-format.md'), 'utf8');

/** The text of the section that starts with the heading line `heading`, up to the next heading of its level. */
function section(heading: string): string {
  const start = doc.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `docs/trace-format.md has a section '${heading}'`);
  const level = heading.split(' ')[0];
  const end = doc.indexOf(`\n${level} `, start + heading.length + 2);
  return doc.slice(start, end < 0 ? undefined : end);
}

/** The cells of the table row whose first cell is `first`, in `text`. */
function row(text: string, first: string): string[] {
  const line = text.split('\n').find((l) => l.startsWith('|') && l.split('|')[1].trim() === first);
  assert.ok(line, `a table row '${first}'`);
  return line
    .split('|')
    .slice(1, -1)
    .map((c) => c.trim());
}

const ticked = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]);

/** The words of "`a`, `b` or `c`" right after `lead` in `text`. */
function listAfter(text: string, lead: string): string[] {
  const at = text.indexOf(lead);
  assert.ok(at >= 0, `'${lead}' in the doc`);
  return ticked(/^(?:`\w+`(?:, | or )?)+/.exec(text.slice(at + lead.length))?.[0] ?? '');
}

describe('docs/trace-format.md lists the vocabularies of kinds.ts', () => {
  it('primitive kinds', () => {
    assert.deepEqual(ticked(row(section('## `primitives`'), '`kind`')[1]), primKindName.filter(Boolean));
  });

  it('event kinds: one table row each, across the events section', () => {
    const events = section('## `events`');
    const documented = events
      .split('\n')
      .filter((l) => /^\| `/.test(l))
      .flatMap((l) => ticked(l.split('|')[1]));
    assert.deepEqual([...documented].sort(), eventKindName.filter(Boolean).sort());
  });

  it("a thread's exit reasons, as names and as threadEnd's codes", () => {
    const names = ticked(row(section('## `threads`'), '`exit`')[1]);
    assert.deepEqual(names, exitReasonName);
    const codes = row(section('## `events`'), '`threadEnd`')[2];
    assert.deepEqual(
      [...codes.matchAll(/(\d+) (\w+)/g)].map((m) => [Number(m[1]), m[2]]),
      exitReasonName.map((n, i) => [i, n]),
    );
  });

  it('outcome kinds and error kinds', () => {
    const outcome = section('## `outcome`');
    assert.deepEqual(ticked(row(outcome, '`kind`')[1]), outcomeKinds);
    assert.deepEqual(ticked(row(outcome, '`error`')[1].split(' with kind ')[1] ?? ''), errorKinds);
  });

  it('finding kinds, acquire modes and confirmation statuses', () => {
    const findings = section('## `findings` (optional)');
    const cycleKinds = ticked(row(findings, '`cycles[].kind`')[1]).filter((w) => (findingKinds as readonly string[]).includes(w));
    const raceKind = /kind: "(\w+)"/.exec(row(findings, '`races[]`')[1])?.[1];
    assert.deepEqual([...cycleKinds, raceKind], findingKinds);
    assert.deepEqual(listAfter(findings, '`mode` is '), acquireModes);
    assert.deepEqual(listAfter(findings, '`status` is '), confirmationStatuses);
  });
});
