import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import { eventKindName, exitReasonName, primKindName } from '../../src/core/trace/kinds';
import { fixture, fixtureNames } from './fixtures';

const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'schema', 'trace.schema.json'), 'utf8'));
const validate = new Ajv2020({ allErrors: true }).compile(schema);

describe('schema/trace.schema.json', () => {
  for (const name of fixtureNames)
    it(`validates ${name}`, () => assert.ok(validate(fixture(name)), JSON.stringify(validate.errors, null, 1)));

  it('rejects an unknown kind, a missing field and an extra event field', () => {
    const t = fixture('signals') as any;
    t.events[3].k = 'lock.foo';
    delete t.threads[0].name;
    t.events[4].extra = 1;
    assert.equal(validate(t), false);
    const paths = validate.errors!.map((e) => e.instancePath);
    for (const p of ['/events/3/k', '/threads/0', '/events/4']) assert.ok(paths.includes(p), `${p} in ${paths}`);
  });

  it('lists exactly the vocabularies of kinds.ts', () => {
    assert.deepEqual(schema.$defs.event.properties.k.enum, eventKindName.filter(Boolean));
    assert.deepEqual(schema.$defs.primitive.properties.kind.enum, primKindName.filter(Boolean));
    assert.deepEqual(schema.$defs.thread.properties.exit.enum, exitReasonName);
  });
});
