// The exploration table and progress bar as text (pure, so tests read exactly what people see).
import { scheduleFlag } from '../core/analysis/explain-findings';
import type { ExploreProgress, ExploreResult, ExploreRow } from '../core/protocol/runner';

const COLOR: Record<ExploreRow['kind'], string> = { completed: '32', exception: '35', deadlock: '31', stall: '33', timeout: '33' };
const SCHEDULE_CHARS = 32;

export function progressLine(p: ExploreProgress, width = 30): string {
  const filled = p.total ? Math.round((p.done / p.total) * width) : 0;
  const rate = p.elapsedMs > 0 ? Math.round((p.done / p.elapsedMs) * 1000) : 0;
  const found = p.rows.filter((r) => r.kind !== 'completed').reduce((s, r) => s + r.count, 0);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${p.done}/${p.total} schedules · ${rate}/s · ${p.rows.length} outcome${p.rows.length === 1 ? '' : 's'}${found ? ` · ${found} not completed` : ''}`;
}

/** `file`: what `interleave run` is given to replay a row (a path, or `--example NAME`). */
export function exploreTable(r: ExploreResult, file: string, color: boolean): string {
  const paint = (kind: ExploreRow['kind'], s: string) => (color ? `\x1b[${COLOR[kind]}m${s}\x1b[0m` : s);
  const rate = r.elapsedMs > 0 ? Math.round((r.done / r.elapsedMs) * 1000) : 0;
  const how = r.strategy === 'pct' ? `pct, depth ${r.depth}, k ${r.steps}` : 'random';
  const head = `${r.cancelled ? 'Stopped after' : 'Explored'} ${r.done} schedule${r.done === 1 ? '' : 's'} of ${file} [${r.scenario}] (${how}, seeds ${r.seed}…${r.seed + Math.max(0, r.done - 1)}) in ${(r.elapsedMs / 1000).toFixed(2)} s (${rate}/s)`;
  const cells = r.rows.map((row) => [
    row.label,
    String(row.count),
    `${((row.count / Math.max(1, r.done)) * 100).toFixed(1)} %`,
    String(row.seed),
    shortSchedule(row.schedule),
  ]);
  const titles = ['outcome', 'count', 'share', 'first seed', 'its schedule'];
  const widths = titles.map((t, i) => Math.max(t.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) =>
    c
      .map((x, i) => (i === 0 || i === 4 ? x.padEnd(widths[i]) : x.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  const body = r.rows.map((row, i) => paint(row.kind, line(cells[i])));
  const replays = r.rows
    .filter((row) => row.kind !== 'completed' || r.rows.length > 1)
    .map(
      (row) =>
        `  ${row.label}:\n    interleave run ${file}${r.scenario && r.scenario !== 'default' ? ` --scenario ${r.scenario}` : ''} --deterministic${scheduleFlag(row.schedule.length ? row.schedule : [1])}`,
    );
  return [head, '', `  ${line(titles)}`, ...body.map((b) => `  ${b}`), ...(replays.length ? ['', 'replay one:', ...replays] : [])].join('\n');
}

function shortSchedule(s: number[]): string {
  const text = s.join(',');
  return text.length <= SCHEDULE_CHARS ? text || '(no choice)' : `${text.slice(0, SCHEDULE_CHARS - 1)}… (${s.length})`;
}
