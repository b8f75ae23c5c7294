// The version written into every trace's meta: the package's, read beside dist/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function toolVersion(distDir: string): string {
  try {
    return (JSON.parse(readFileSync(join(distDir, '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}
