// Runs inside the VS Code extension host (extensionTestsPath): mocha over the specs of the suite
// named by INTERLEAVE_EXTHOST_SUITE ("trusted" or "untrusted"). Reporter output goes to
// console.log tagged "[ext-test]", which reaches the page console the runner prints.
import { format } from 'node:util';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const suite = process.env.INTERLEAVE_EXTHOST_SUITE ?? 'trusted';
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(`[ext-test] ${format(...args)}`);
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec', grep: process.env.INTERLEAVE_EXTHOST_GREP });
  // The specs are bundled with this file: expose mocha's globals, then load them.
  mocha.suite.emit('pre-require', globalThis, `${suite}.spec`, mocha);
  if (suite === 'untrusted') await import('./untrusted.spec');
  else {
    await import('./activation.spec');
    await import('./runs.spec');
    await import('./panel.spec');
    await import('./types.spec');
    await import('./step.spec');
    await import('./long-run.spec');
    await import('./long-editor-run.spec');
  }
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
}
