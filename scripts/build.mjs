// One esbuild build per entry point, each with its own platform and format (HOUSE_STYLE.md).
// An entry whose source does not exist yet is skipped, so the list can name what is planned.
import { build } from 'esbuild';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
// --outdir=DIR writes the bundles under DIR instead of dist/ (the VSIX packager builds into its stage).
const outdir = process.argv.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length) ?? 'dist';

const node = { platform: 'node', format: 'cjs', target: 'node20' };
const entries = [
  { in: 'src/cli/main.ts', out: 'dist/cli.js', ...node },
  // readableNames: step mode names a thread's next operation by the runtime's class and method as
  // V8's stack frames report them ("Lock.acquire", sched/describe.ts); minified identifiers would
  // make that "n.acquire" (esbuild's keepNames sets `name`, which V8's frames do not read).
  { in: 'src/runtime/runner/main.ts', out: 'dist/runner.js', ...node, readableNames: true },
  { in: 'src/runtime/worker/main.ts', out: 'dist/worker.js', ...node, readableNames: true },
  { in: 'src/runtime/child/main.ts', out: 'dist/process-child.js', ...node, readableNames: true },
  { in: 'src/extension/extension.ts', out: 'dist/extension.js', ...node, external: ['vscode'] },
  { in: 'src/extension/tsserver-plugin.ts', out: 'dist/tsserver-plugin.js', ...node },
  { in: 'webview/main.ts', out: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022' },
  { in: 'bench/runtime.ts', out: 'dist/bench/runtime.js', ...node },
  { in: 'bench/deterministic.ts', out: 'dist/bench/deterministic.js', ...node },
  { in: 'bench/mp.ts', out: 'dist/bench/mp.js', ...node },
  { in: 'bench/start.ts', out: 'dist/bench/start.js', ...node },
];

const started = Date.now();
await Promise.all(
  entries
    .filter((e) => existsSync(e.in))
    .map((e) =>
      build({
        entryPoints: [e.in],
        outfile: e.out.replace(/^dist\//, `${outdir}/`),
        bundle: true,
        platform: e.platform,
        format: e.format,
        target: e.target,
        external: [...(e.external ?? []), ...(e.platform === 'node' ? ['esbuild'] : [])],
        sourcemap: production ? false : 'linked',
        minifyWhitespace: production,
        minifySyntax: production,
        minifyIdentifiers: production && !e.readableNames,
        legalComments: 'none',
        logLevel: 'warning',
      }),
    ),
);
// Editor types for `import ... from 'interleave'` (the extension's TS server plugin serves them).
const tsc = spawnSync(process.execPath, [join('node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.types.json', '--outDir', `${outdir}/types`], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
mkdirSync(`${outdir}/types/api`, { recursive: true });
writeFileSync(`${outdir}/types/api/index.d.ts`, "export * from '../runtime/api/index';\n");
if (!watch) console.error(`built in ${Date.now() - started} ms`);
