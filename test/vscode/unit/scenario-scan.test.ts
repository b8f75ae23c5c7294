import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importsInterleave, scanScenarios } from '../../../src/extension/scenario-scan';

test('finds default, named and later-exported scenarios with their titles and positions', () => {
  const text = [
    "import { scenario, Lock } from 'interleave';", // 0: the import is not a declaration
    '',
    "export default scenario('Lock protects a counter', () => {});", // 2
    'export const rlock = scenario("RLock \\"re-enters\\"", main);', // 3
    'const hidden = scenario(`kept private`, main);', // 4
    "  const later: Scenario = scenario('exported below', main);", // 5
    'export { later as renamed };', // 6
  ].join('\n');
  assert.deepEqual(scanScenarios(text), [
    { exportName: 'default', title: 'Lock protects a counter', line: 2, character: 15 },
    { exportName: 'rlock', title: 'RLock "re-enters"', line: 3, character: 21 },
    { exportName: undefined, title: 'kept private', line: 4, character: 15 },
    { exportName: 'renamed', title: 'exported below', line: 5, character: 26 },
  ]);
});

test('ignores comments, property calls, and keeps strings that contain //', () => {
  const text = [
    '// export default scenario("commented out", main);',
    '/* export const a = scenario("block comment", main); */',
    'helpers.scenario("not ours");',
    "export const web = scenario('see http://example.test', main);",
  ].join('\n');
  assert.deepEqual(scanScenarios(text), [{ exportName: 'web', title: 'see http://example.test', line: 3, character: 19 }]);
});

test('a scenario whose title is not a literal has no title', () => {
  assert.deepEqual(scanScenarios('export default scenario(TITLE, main);'), [{ exportName: 'default', title: undefined, line: 0, character: 15 }]);
  assert.deepEqual(scanScenarios('export default x;\nconst x = scenario("t", m);'), [{ exportName: 'default', title: 't', line: 1, character: 10 }]);
});

test('importsInterleave recognises import, require and dynamic import only of the runtime', () => {
  assert.ok(importsInterleave("import { Lock } from 'interleave';"));
  assert.ok(importsInterleave('const { Lock } = require("interleave");'));
  assert.ok(importsInterleave("const m = await import('interleave');"));
  assert.ok(!importsInterleave("import { x } from 'interleave-extra';"));
  assert.ok(!importsInterleave('// nothing here'));
});
