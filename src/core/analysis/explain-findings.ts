// Findings in words, for the CLI, the timeline and the editor: one summary line each and the
// lines that back it (who took what where, holding what). "Potential deadlock" never says
// "deadlock" alone: a deadlock that happened is the run's outcome, not a finding.
import type { Describe } from '../model/describe';
import type { Confirmation, DataRace, LockCycle, LockOrderEdge, RaceAccess, SyncPoint } from '../trace/format';
import type { ConfirmationStatusName } from '../trace/kinds';
import type { TraceHeader } from '../trace/source';

export interface FindingText {
  summary: string;
  details: string[];
}

/** `withConfirmation` false: no confirmation note or lines (the timeline shows them apart, confirmationView). */
export function describeCycle(c: LockCycle, d: Describe, header: TraceHeader, withConfirmation = true): FindingText {
  const confirmation = withConfirmation ? c.confirmation : undefined;
  const threads = listed(c.edges.map((e) => d.thread(e.thread)));
  const locks = lockList(c.locks, d, header);
  const details = c.edges.map((e) => describeEdge(e, d));
  if (c.kind === 'guardedCycle') {
    const gates = listed((c.guards ?? []).map((g) => d.prim(g)));
    details.push(`Each of these acquisitions happens while holding ${gates}, so no two of them can be under way at once: no deadlock.`);
    return { summary: `Lock-order cycle guarded by ${gates}: ${threads} take ${locks} in a cycle, always under the same lock`, details };
  }
  const timed = c.edges.filter((e) => e.mode !== 'blocking');
  if (timed.length)
    details.push(
      `${listed(timed.map((e) => `${d.thread(e.thread)}'s ${e.mode === 'timed' ? 'timed' : 'non-blocking'} acquire of ${name(e.to, d)}`))} cannot wait forever: the threads would be stuck only until it gives up.`,
    );
  details.push(
    c.edges.length === 2
      ? `Required order ${name(c.locks[0], d)} → ${name(c.locks[1], d)} (${d.thread(c.edges[0].thread)}) is observed reversed by ${d.thread(c.edges[1].thread)}: if each holds its first lock at once, both wait forever. Acquire the locks in one global order.`
      : `No single order of these locks agrees with every thread: if each holds its first lock at once, each waits for the next, round the cycle. Acquire the locks in one global order.`,
  );
  return {
    summary: `Potential deadlock: ${threads} take ${locks} in a cycle${confirmedNote(confirmation)}`,
    details: [...details, ...confirmationLines(confirmation, header)],
  };
}

function describeEdge(e: LockOrderEdge, d: Describe): string {
  const others = e.held.filter((h) => h !== e.from);
  const also = others.length ? `, also holding ${listed(others.map((h) => name(h, d)))}` : '';
  const how = e.mode === 'blocking' ? 'acquires' : e.mode === 'timed' ? 'tries (with a timeout) to acquire' : 'tries (non-blocking) to acquire';
  return `${d.thread(e.thread)} ${how} ${name(e.to, d)} at ${site(e.at, d)} while holding ${name(e.from, d)} (acquired at ${site(e.heldAt, d)}${also})`;
}

export function describeRace(r: DataRace, d: Describe, header: TraceHeader, withConfirmation = true): FindingText {
  const field = fieldName(r, header);
  const confirmation = withConfirmation ? r.confirmation : undefined;
  const who = (a: RaceAccess) =>
    `${d.thread(a.thread)} ${a.write ? `writes ${field} = ${a.value}` : `reads ${field} (${a.value})`} at ${site(a.at, d)}, holding ${a.held.length ? listed(a.held.map((h) => name(h, d))) : 'no lock'}`;
  const details = [who(r.first), who(r.second)];
  details.push(
    r.lastSync
      ? `Neither happens before the other; the last synchronisation both come after is ${describeSync(r.lastSync, d)}.`
      : 'Neither happens before the other; no synchronisation orders them at all.',
  );
  if (r.pairs > 1) details.push(`${r.pairs} unordered pairs of accesses to ${field} in this run.`);
  const common = r.first.held.filter((h) => r.second.held.includes(h));
  if (!common.length) details.push(`Protect every access to ${field} with one lock (or pass the value through a Queue or an Event).`);
  return {
    summary: `Data race on ${field}: ${d.thread(r.first.thread)} and ${d.thread(r.second.thread)} access it unordered${confirmedNote(confirmation, field)}`,
    details: [...details, ...confirmationLines(confirmation, header, field)],
  };
}

/** "d.x": the record's name and the field's. */
export function fieldName(r: DataRace, header: TraceHeader): string {
  const rec = header.primitives.find((p) => p.id === r.record);
  const fields = rec?.init?.fields;
  const f = Array.isArray(fields) ? (fields[r.field] ?? `#${r.field}`) : `#${r.field}`;
  return `${rec?.name ?? `record #${r.record}`}.${f}`;
}

const syncVerb: Record<string, string> = {
  release: 'release of',
  threadSpawn: 'start of',
  processStart: 'start of',
  threadEnd: 'end',
  condNotify: 'notify of',
  eventSet: 'set of',
  barrierWait: 'arrival at',
  queuePutDone: 'put into',
  queueTaskDone: 'taskDone of',
};

function describeSync(s: SyncPoint, d: Describe): string {
  const verb = syncVerb[s.k] ?? s.k;
  const what = s.k === 'threadEnd' ? '' : s.k === 'threadSpawn' || s.k === 'processStart' ? ` ${d.thread(s.p)}` : ` ${name(s.p, d)}`;
  const where = s.at >= 0 ? ` at ${d.site(s.at)}` : '';
  return `${d.thread(s.thread)}'s ${verb}${what}${where}`;
}

function confirmedNote(c: Confirmation | undefined, field?: string): string {
  if (!c) return '';
  if (c.status === 'confirmed') return field && c.values ? ` (confirmed: ${valueCounts(c, field)})` : ' (confirmed by replay)';
  return field && c.values?.length ? ` (one final value in ${c.runs} schedules)` : ` (not reproduced in ${c.runs} schedules)`;
}

function valueCounts(c: Confirmation, field: string): string {
  return c.values!.map((v) => `${field} = ${v.value} in ${v.count} of ${c.runs}`).join(', ');
}

/** The command that replays a confirming schedule. */
export function replayCommand(header: TraceHeader, seed: number, schedule: number[]): string {
  const { file, root, scenario, example } = header.meta;
  const shown = example !== undefined ? `--example ${example}` : file.startsWith(`${root}/`) ? file.slice(root.length + 1) : file;
  const pick = scenario && scenario !== 'default' ? ` --scenario ${scenario}` : '';
  return `interleave run ${shown}${pick} --deterministic --seed ${seed}${schedule.length ? scheduleFlag(schedule) : ''}`;
}

/** " --schedule 1,2,-7,2": a schedule as the CLI takes it (a delay, -n, first needs the "=" form, or it reads as an option). */
export function scheduleFlag(schedule: number[]): string {
  return `${schedule[0] < 0 ? ' --schedule=' : ' --schedule '}${schedule.join(',')}`;
}

/** A finding's confirmation by replay as the timeline's findings list shows it: a status, its counts, the schedules to replay. */
export interface ConfirmationView {
  status: ConfirmationStatusName | 'unchecked';
  /** "Confirmed by replay", "Not reproduced", "Not checked by replay". */
  label: string;
  /** "counter.count = 5 in 12 of 40 schedules, 10 in 28". */
  text: string;
  /** The schedules that show it: what each gives ("counter.count = 5"), and the command that replays it. */
  replays: { gives: string; seed: number; schedule: number[]; command: string }[];
}

export function confirmationView(f: LockCycle | DataRace, header: TraceHeader): ConfirmationView {
  const c = f.confirmation;
  const field = f.kind === 'dataRace' ? fieldName(f, header) : undefined;
  if (!c) return { status: 'unchecked', label: 'Not checked by replay', text: 'no deterministic schedule was searched for it', replays: [] };
  const values = c.values ?? [];
  const counts = values
    .map((v, i) => (i === 0 ? `${field} = ${v.value} in ${v.count} of ${c.runs} schedule${c.runs === 1 ? '' : 's'}` : `${v.value} in ${v.count}`))
    .join(', ');
  if (c.status === 'notReproduced') {
    const text =
      field && values.length
        ? `every one of ${c.runs} deterministic schedules ended with ${field} = ${values[0].value}`
        : `in ${c.runs} deterministic schedules`;
    return { status: c.status, label: 'Not reproduced', text, replays: [] };
  }
  if (field)
    return {
      status: c.status,
      label: 'Confirmed by replay',
      text: counts,
      replays: values.map((v) => ({ gives: `${field} = ${v.value}`, seed: v.seed, schedule: v.schedule, command: replayCommand(header, v.seed, v.schedule) })),
    };
  const seed = c.seed ?? 0;
  const schedule = c.schedule ?? [];
  return {
    status: c.status,
    label: 'Confirmed by replay',
    text: `a deterministic schedule deadlocks on these locks (found in ${c.runs} schedule${c.runs === 1 ? '' : 's'})`,
    replays: [{ gives: 'the deadlock', seed, schedule, command: replayCommand(header, seed, schedule) }],
  };
}

function confirmationLines(c: Confirmation | undefined, header: TraceHeader, field?: string): string[] {
  if (!c) return [];
  const values = (c.values ?? []).map(
    (v) => `${field} = ${v.value} in ${v.count} of ${c.runs} schedules; replay with ${replayCommand(header, v.seed, v.schedule)}`,
  );
  if (c.status === 'notReproduced')
    return [
      field && values.length
        ? `Every one of ${c.runs} deterministic schedules ended with ${field} = ${c.values![0].value}: the race did not change the outcome there (it may still in real time).`
        : `Not reproduced in ${c.runs} deterministic schedules.`,
    ];
  if (field) return values;
  return [`Confirmed: a deterministic schedule deadlocks on these locks; replay with ${replayCommand(header, c.seed ?? 0, c.schedule ?? [])}`];
}

function name(prim: number, d: Describe): string {
  const p = d.primInfo(prim);
  return p ? `\`${p.name}\`` : `#${prim}`;
}

function site(at: number, d: Describe): string {
  return d.site(at) || 'an unknown line';
}

/** Lock `a` and `b`; 5 Locks `fork-0` … `fork-4` (created at one line: a lock class). */
function lockList(locks: number[], d: Describe, header: TraceHeader): string {
  const infos = locks.map((l) => d.primInfo(l));
  const kinds = new Set(infos.map((p) => p?.kind ?? 'Lock'));
  const kind = kinds.size === 1 ? [...kinds][0] : 'locks';
  const names = locks.map((l) => name(l, d));
  const sites = new Set(infos.map((p) => p?.site ?? -1));
  const one = sites.size === 1 && !sites.has(-1) ? ` (all created at ${d.site([...sites][0]) || header.sites[[...sites][0]]})` : '';
  if (locks.length > 3) return `${locks.length} ${kind}s ${names[0]} … ${names[names.length - 1]}${one}`;
  return `${kind}${locks.length > 1 && kind !== 'locks' ? 's' : ''} ${listed(names)}${one}`;
}

function listed(xs: string[]): string {
  if (xs.length <= 1) return xs.join('');
  return `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}
