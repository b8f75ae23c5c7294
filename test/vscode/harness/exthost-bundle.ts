// The extension-host suites as one CommonJS file VS Code can load as extensionTestsPath, and the
// extension folder they test: the VSIX stage out/vsix (the packaged layout, before zipping).
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths';

export const extensionDir = join(repoRoot, 'out/vsix');
export const testsBundle = join(repoRoot, 'out/exthost-tests/index.js');
export type ExtHostSuite = 'trusted' | 'untrusted';

export async function bundleExtHostTests(): Promise<void> {
  if (!existsSync(join(extensionDir, 'package.json'))) throw new Error(`${extensionDir} is missing: run \`npm run package\` first`);
  await build({
    entryPoints: [join(repoRoot, 'test/vscode/exthost/index.ts')],
    outfile: testsBundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
    // mocha's parallel mode resolves worker files at run time; the suites run serially.
    logOverride: { 'require-resolve-not-external': 'silent' },
  });
}

/** User settings for a suite: restricted mode without a startup prompt for the untrusted one. */
export function suiteSettings(suite: ExtHostSuite): Record<string, unknown> {
  return {
    'security.workspace.trust.enabled': suite === 'untrusted',
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.emptyWindow': false,
    ...(process.env.INTERLEAVE_E2E_VERBOSE ? { 'typescript.tsserver.log': 'verbose' } : {}),
  };
}

export function parseSuites(argv: string[]): ExtHostSuite[] {
  const asked = argv.filter((a): a is ExtHostSuite => a === 'trusted' || a === 'untrusted');
  return asked.length ? asked : ['trusted', 'untrusted'];
}
