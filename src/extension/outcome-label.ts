// Short outcome wording for the CodeLens, the status bar and the output channel.
import { formatDuration } from '../core/format/time';
import type { Outcome } from '../core/trace/format';

/** "deadlock", "completed in 1.2 s", "timeout after 60 s". */
export function outcomeLabel(outcome: Outcome): string {
  const d = formatDuration(outcome.durationNs, undefined, 2);
  switch (outcome.kind) {
    case 'completed':
      return `completed in ${d}`;
    case 'timeout':
      return `timeout after ${d}`;
    case 'stopped':
      return `stopped after ${d}`;
    case 'exception':
      return `exception after ${d}`;
    case 'exited':
      return `exited (code ${outcome.exitCode ?? '?'}) after ${d}`;
    case 'error':
      return outcome.error?.kind === 'syntax' ? 'syntax error' : 'error';
    default:
      return outcome.kind;
  }
}

/** A codicon for the outcome, as the status bar shows it. */
export function outcomeIcon(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'completed':
      return '$(pass)';
    case 'deadlock':
    case 'stall':
      return '$(debug-disconnect)';
    case 'timeout':
      return '$(watch)';
    case 'stopped':
      return '$(debug-stop)';
    default:
      return '$(error)';
  }
}
