// The same extension-host suites on desktop VS Code through @vscode/test-electron, for machines
// that can download VS Code (this one cannot: see docs/vscode-e2e.md; here
// test/vscode/run-exthost.ts runs them in VS Code's server instead):
//   npm run package && node --import tsx test/vscode/run-electron.ts [trusted|untrusted]...
// In desktop VS Code the extension host is Electron, so this also covers starting the runner
// with ELECTRON_RUN_AS_NODE=1.
import { runTests } from '@vscode/test-electron';
import { fixtureFiles } from './harness/fixtures';
import { bundleExtHostTests, extensionDir, parseSuites, suiteSettings, testsBundle } from './harness/exthost-bundle';
import { createSandbox } from './harness/sandbox';

async function main(): Promise<void> {
  await bundleExtHostTests();
  let worst = 0;
  for (const suite of parseSuites(process.argv.slice(2))) {
    const sandbox = createSandbox({ settings: suiteSettings(suite) });
    try {
      const folder = sandbox.workspace('project', fixtureFiles());
      const code = await runTests({
        version: process.env.VSCODE_TEST_VERSION ?? 'stable',
        extensionDevelopmentPath: extensionDir,
        extensionTestsPath: testsBundle,
        extensionTestsEnv: { INTERLEAVE_EXTHOST_SUITE: suite },
        launchArgs: [folder, '--disable-extensions', `--user-data-dir=${sandbox.userDataDir}`, `--extensions-dir=${sandbox.extensionsDir}`],
      }).catch((e: unknown) => {
        console.error(`suite "${suite}" failed: ${e instanceof Error ? e.message : e}`);
        return 1;
      });
      worst = Math.max(worst, code);
    } finally {
      sandbox.dispose();
    }
  }
  process.exit(worst);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
