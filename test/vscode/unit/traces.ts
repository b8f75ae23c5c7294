// Small hand-made traces for the extension's pure helpers.
import type { Outcome, Trace } from '../../../src/core/trace/format';

export function trace(outcome: Partial<Outcome> & Pick<Outcome, 'kind'>, extra: Partial<Trace> = {}): Trace {
  return {
    version: 1,
    meta: {
      tool: 'interleave',
      toolVersion: '0.1.0',
      file: '/ws/lock.scenario.ts',
      root: '/ws',
      scenario: 'default',
      title: 'Lock',
      mode: 'realtime',
      startedAt: '2026-11-25T00:00:00.000Z',
      clock: 'ns-since-start',
      timeLimitS: 60,
      sleepScale: 1,
      platform: 'linux-x64',
    },
    threads: [
      { id: 1, name: 'MainThread', daemon: false, parent: 0, ident: 1 },
      { id: 2, name: 'worker1', daemon: false, parent: 1, ident: 2 },
      { id: 3, name: 'worker2', daemon: false, parent: 1, ident: 3 },
    ],
    primitives: [
      { id: 1, kind: 'Lock', name: 'lock', site: 0, creator: 1 },
      { id: 2, kind: 'Lock', name: 'other', site: 0, creator: 1 },
    ],
    sites: ['lock.scenario.ts:20:16', 'lock.scenario.ts:8:3', 'lock.scenario.ts:9:8', 'lib/helper.ts:4:5', '/abs/x.ts:2:1'],
    strings: [],
    events: [],
    outcome: { summary: '', explanation: '', durationNs: 1e9, ...outcome },
    ...extra,
  };
}
