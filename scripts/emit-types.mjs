// The declarations of the `interleave` module that scenarios import, as editors are served them
// (the extension's TS server plugin resolves `interleave` to <outdir>/api/index.d.ts). Shared by
// the build and by the test that reads what an editor shows (test/runtime/public-surface.test.ts).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Emits the declarations into `outdir`; returns the served entry file, or throws with tsc's exit status. */
export function emitTypes(outdir) {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.types.json'), '--outDir', outdir], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`tsc -p tsconfig.types.json failed (exit ${r.status})`);
  mkdirSync(join(outdir, 'api'), { recursive: true });
  const entry = join(outdir, 'api', 'index.d.ts');
  writeFileSync(entry, "export * from '../runtime/api/index';\n");
  return entry;
}
