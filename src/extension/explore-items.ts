// What "⟳ Explore" shows: the progress message, a one-line summary, and one quick-pick row per
// outcome (share, count, the first seed and its schedule). Pure, no vscode, so tests read exactly
// what people see.
import type { ExploreProgress, ExploreResult, ExploreRow } from '../core/protocol/runner';

export interface OutcomeItem {
  label: string;
  description: string;
  detail: string;
  row: ExploreRow;
}

const ICON: Record<ExploreRow['kind'], string> = {
  completed: '$(pass)',
  exception: '$(error)',
  deadlock: '$(error)',
  stall: '$(warning)',
  timeout: '$(watch)',
};
const SCHEDULE_CHARS = 48;

const share = (count: number, total: number) => `${Math.round((100 * count) / Math.max(1, total))} %`;

export function progressMessage(p: ExploreProgress): string {
  const top = p.rows.slice(0, 3).map((r) => `${r.label}: ${share(r.count, p.done)}`);
  return [`${p.done}/${p.total} schedules`, ...top].join(' · ');
}

export function exploreSummary(r: ExploreResult): string {
  const head = `${r.cancelled ? 'Stopped after' : 'Explored'} ${r.done} schedule${r.done === 1 ? '' : 's'}`;
  return `${head}: ${r.rows.map((row) => `${row.label} ${share(row.count, r.done)}`).join(', ') || 'no outcome'}`;
}

export function outcomeItems(r: ExploreResult): OutcomeItem[] {
  return r.rows.map((row) => ({
    label: `${ICON[row.kind]} ${row.label}`,
    description: `${share(row.count, r.done)} · ${row.count} of ${r.done}`,
    detail: `first seed ${row.seed}, schedule ${shortSchedule(row.schedule)} — pick to replay it into the timeline`,
    row,
  }));
}

function shortSchedule(s: number[]): string {
  const text = s.join(',');
  return text.length <= SCHEDULE_CHARS ? text || '(no choice)' : `${text.slice(0, SCHEDULE_CHARS - 1)}… (${s.length} choices)`;
}
