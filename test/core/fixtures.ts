// Loads the hand-written traces in test/fixtures, and what a bad one must give.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Trace } from '../../src/core/trace/format';
import { parseTrace, TraceParseError } from '../../src/core/trace/parse';

export const FIXTURES = join(__dirname, '..', 'fixtures');

export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES, `${name}.json`), 'utf8');
}

export function fixture(name: string): Trace {
  return JSON.parse(fixtureText(name)) as Trace;
}

export const fixtureNames: string[] = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -5))
  .sort();

/** The TraceParseError parseTrace throws for `text` (fails if it accepts it or throws anything else). */
export function parseError(text: string): TraceParseError {
  try {
    parseTrace(text);
  } catch (err) {
    assert.ok(err instanceof TraceParseError, `a TraceParseError, got ${err}`);
    return err;
  }
  assert.fail('parseTrace accepted it');
}
