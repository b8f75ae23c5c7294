// A scenario file (TypeScript or JavaScript, importing `interleave` and anything else) becomes one
// CommonJS bundle with a source map, written to a private temp folder: every thread loads the
// same file, and stack frames map back to the user's lines. A run that records call sites gets
// the bundle with site marks (./site-marks.ts), so a site costs a stack capture once per call.
import { build, transform, type Message } from 'esbuild';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScenarioError } from '../../core/trace/format';
import { markSites } from './site-marks';
import { shiftMappings } from './map-shift';

export interface Bundle {
  path: string;
  sourceMap: string;
}

export class BundleError extends Error {
  constructor(readonly error: ScenarioError) {
    super(error.message);
  }
}

/** Starts esbuild's service process now, so the first bundle does not wait for it. */
export function warmBundler(): void {
  void transform('', {}).catch(() => undefined);
}

export async function bundleScenario(file: string, sites = false): Promise<Bundle> {
  let result;
  try {
    result = await build({
      entryPoints: [file],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['interleave'],
      sourcemap: 'linked',
      sourcesContent: false,
      outfile: 'scenario.js',
      logLevel: 'silent',
    });
  } catch (e) {
    const errors = (e as { errors?: Message[] }).errors;
    if (errors && errors.length > 0) throw new BundleError(toScenarioError(errors[0], file));
    throw e;
  }
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'))!;
  const map = result.outputFiles.find((f) => f.path.endsWith('.map'))!;
  const dir = mkdtempSync(join(tmpdir(), 'interleave-'));
  // The bundle ends with `//# sourceMappingURL=scenario.js.map`: the map beside it makes
  // Node's own stack traces (--enable-source-maps) point at the user's lines too.
  const path = join(dir, 'scenario.js');
  const sourceMap = JSON.parse(map.text) as { sources: string[]; mappings: string };
  // esbuild writes sources relative to the outfile's folder (the cwd here): make them absolute.
  sourceMap.sources = sourceMap.sources.map((s) => new URL(s, `file://${process.cwd()}/`).pathname);
  let text = js.text;
  if (sites) {
    const marked = markSites(text);
    sourceMap.mappings = shiftMappings(sourceMap.mappings, text, marked.inserts);
    text = marked.js;
  }
  const mapText = JSON.stringify(sourceMap);
  writeFileSync(path, text);
  writeFileSync(`${path}.map`, mapText);
  return { path, sourceMap: mapText };
}

function toScenarioError(m: Message, file: string): ScenarioError {
  const loc = m.location;
  const isSyntax = /expected|unexpected|unterminated|syntax|invalid/i.test(m.text);
  return {
    kind: isSyntax ? 'syntax' : 'load',
    message: m.text,
    file: loc ? new URL(loc.file, `file://${process.cwd()}/`).pathname : file,
    line: loc?.line,
    col: loc ? loc.column + 1 : undefined,
  };
}
