// `npm run package`: builds the minified bundles into a clean stage (out/vsix/) and packs it with
// @vscode/vsce into out/interleave-TARGET-VERSION.vsix.
//
// The VSIX is platform-specific (`--target`, default: this machine) because it ships esbuild's
// native binary: the runner bundles a user's TypeScript scenario with esbuild on every run, and the
// native binary starts in milliseconds where esbuild-wasm first compiles ~11 MB of WebAssembly in
// each runner process. The stage holds only what the extension loads at run time:
//   dist/ (bundles, no maps, plus the runtime's .d.ts for the TS server plugin), examples/,
//   node_modules/esbuild + node_modules/@esbuild/TARGET (the transpiler, works offline),
//   node_modules/interleave-tsserver-plugin (TS server plugins are found by package name).
// For another target, the matching @esbuild/TARGET package is fetched with `npm pack`.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const target = arg('target') ?? `${process.platform === 'win32' ? 'win32' : process.platform}-${process.arch}`;
const stage = join(root, 'out/vsix');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const esbuildVersion = JSON.parse(readFileSync(join(root, 'node_modules/esbuild/package.json'), 'utf8')).version;
const out = resolve(root, arg('out') ?? `out/${pkg.name}-${target}-${pkg.version}.vsix`);

const run = (cmd, args, cwd = root) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
const copy = (from, to) => cpSync(join(root, from), join(stage, to ?? from), { recursive: true });
const writeJson = (rel, value) => {
  mkdirSync(dirname(join(stage, rel)), { recursive: true });
  writeFileSync(join(stage, rel), JSON.stringify(value, null, 2) + '\n');
};

rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });

// 1. Bundles, minified and without source maps.
run(process.execPath, ['scripts/build.mjs', '--production', `--outdir=${join(stage, 'dist')}`]);
for (const unused of ['cli.js', 'bench']) rmSync(join(stage, 'dist', unused), { recursive: true, force: true });
if (!existsSync(join(root, 'dist/types/api/index.d.ts'))) {
  throw new Error('dist/types/api/index.d.ts is missing: run `npm run build` first (the TS server plugin serves it)');
}
copy('dist/types');
copy('examples');
for (const f of ['README.md', 'LICENSE', 'CHANGELOG.md', '.vscodeignore']) if (existsSync(join(root, f))) copy(f);

// 2. esbuild: its JS API plus the native binary of the target platform only.
const esbuildDir = 'node_modules/esbuild';
mkdirSync(join(stage, esbuildDir, 'lib'), { recursive: true });
for (const f of ['package.json', 'LICENSE.md', 'lib/main.js']) copy(join(esbuildDir, f));
const native = `@esbuild/${target}`;
let nativeDir = join(root, 'node_modules', native);
const nativeVersion = existsSync(nativeDir) ? JSON.parse(readFileSync(join(nativeDir, 'package.json'), 'utf8')).version : null;
if (nativeVersion !== esbuildVersion) {
  const cache = join(root, 'out/esbuild-native', target);
  if (!existsSync(join(cache, 'package/package.json'))) {
    mkdirSync(cache, { recursive: true });
    const tgz = execFileSync('npm', ['pack', `${native}@${esbuildVersion}`, '--silent'], { cwd: cache, encoding: 'utf8' }).trim();
    run('tar', ['xzf', tgz], cache);
  }
  nativeDir = join(cache, 'package');
}
cpSync(nativeDir, join(stage, 'node_modules', native), { recursive: true });
const binary = join(stage, 'node_modules', native, target.startsWith('win32') ? 'esbuild.exe' : 'bin/esbuild');
if (!target.startsWith('win32')) chmodSync(binary, 0o755);

// 3. The TS server plugin as a package, so tsserver can load it by name from the extension folder.
writeJson('node_modules/interleave-tsserver-plugin/package.json', {
  name: 'interleave-tsserver-plugin',
  version: pkg.version,
  main: 'index.js',
});
writeFileSync(join(stage, 'node_modules/interleave-tsserver-plugin/index.js'), "module.exports = require('../../dist/tsserver-plugin.js').default;\n");

// 4. The manifest: what VS Code reads, with the shipped packages as dependencies (vsce includes
// exactly the production dependency tree) and nothing of the development setup.
const { scripts: _s, devDependencies: _d, bin: _b, types: _t, private: _p, ...manifest } = pkg;
writeJson('package.json', {
  ...manifest,
  dependencies: { esbuild: esbuildVersion, 'interleave-tsserver-plugin': pkg.version },
});

// 5. Pack.
mkdirSync(dirname(out), { recursive: true });
// The README links to docs/ of the repository, which has no public URL to rewrite them against.
const vsceArgs = ['package', '--target', target, '--out', out, '--allow-missing-repository', '--no-rewrite-relative-links'];
if (!existsSync(join(stage, 'LICENSE'))) vsceArgs.push('--skip-license');
run(process.execPath, [join(root, 'node_modules/@vscode/vsce/vsce'), ...vsceArgs], stage);
console.log(`${out} (${(statSync(out).size / 1024 / 1024).toFixed(2)} MB)`);
