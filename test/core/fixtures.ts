// Loads the hand-written traces in test/fixtures.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Trace } from '../../src/core/trace/format';

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
