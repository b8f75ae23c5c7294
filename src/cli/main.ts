// `interleave`: run a scenario and read it in the terminal, list scenarios, export traces.
import { closeSync, existsSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeChromeTraceFile, writeStoredChromeTraceFile } from '../runtime/host/chrome-file';
import { SEGMENT_EVENTS } from '../runtime/host/chrome-stored';
import type { Findings, Outcome, Trace } from '../core/trace/format';
import { parseTrace, TraceParseError } from '../core/trace/parse';
import { builtinExamples, listScenarios, runScenario, ScenarioLoadError, type StoredRun } from '../runtime/host/run';
import { runPython } from '../runtime/host/python/run';
import { PythonNotFound, resolvePython } from '../runtime/host/python/interpreter';
import { analyzeRun, countFindings, finishFindings } from '../core/analysis/findings';
import { canConfirm, confirmFindings, confirmSummaryText, hasConfirmable } from '../runtime/host/confirm';
import { splitTrace, type TraceHeader } from '../core/trace/source';
import { findingsReport } from './findings';
import { writeHtmlReport, writeSummaryReport } from './html';
import { showRun, wholeRun, type ShownRun } from './stored-run';
import { writeJsonTrace } from '../runtime/store/json';
import { openTraceStore } from '../runtime/store/file';
import { isTraceStore } from '../core/trace/binary/records';
import { checkStoredEvents } from '../core/trace/binary/check';
import { parseArgs, type ExportArgs, type RunArgs } from './args';
import { commandHelp, usage, UsageError } from './options';
import { exploreCommand } from './explore';

const exitCodes: Record<Outcome['kind'], number> = {
  completed: 0,
  exception: 1,
  error: 1,
  exited: 1,
  stopped: 1,
  deadlock: 2,
  stall: 3,
  timeout: 4,
};

/** `--strict`: the run completed, but a potential deadlock or a data race was found (never replaces another outcome's code). */
const FINDINGS_EXIT_CODE = 5;

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  switch (args.command) {
    case 'help':
      console.log(args.of ? commandHelp(args.of) : usage());
      return 0;
    case 'examples': {
      const examples = builtinExamples();
      const width = Math.max(...examples.map((e) => e.name.length), 4);
      for (const e of examples) console.log(`${e.name.padEnd(width)}  ${e.description}`);
      console.log('\nstart with: interleave run --example threads   (then lock-deadlock; the README has a tour)');
      return 0;
    }
    case 'list': {
      const file = existing(args.file);
      const scenarios = await listScenarios(file);
      if (scenarios.length === 0) throw new UsageError(`${args.file} exports no scenario`);
      for (const s of scenarios) console.log(`${s.name}\t${s.title}`);
      return 0;
    }
    case 'check': {
      if (isTraceStore(readStart(existing(args.file)))) return checkStore(args.file);
      let trace: Trace;
      try {
        trace = parseTrace(readFileSync(existing(args.file), 'utf8'));
      } catch (e) {
        if (e instanceof TraceParseError) throw new CheckError(`${args.file}: ${e.message}`);
        throw e;
      }
      console.log(`${args.file}: valid trace v${trace.version}, ${trace.threads.length} threads, ${trace.events.length} events`);
      console.log(trace.outcome.summary);
      const { header, events } = splitTrace(trace);
      console.log(`\n${findingsReport(header, analyzeRun(header, events), process.stdout.isTTY === true && !process.env.NO_COLOR)}`);
      return 0;
    }
    case 'run':
      return run(args);
    case 'export':
      return exportTrace(args);
    case 'explore':
      return exploreCommand(args, args.example ? exampleFile(args.example) : existing(args.file!), exitCodes);
  }
}

/** `--trace out.json` writes the JSON trace; any other name keeps the run's binary trace (docs/trace-store.md). */
const isJsonTrace = (path: string): boolean => path.endsWith('.json');

async function run(args: RunArgs): Promise<number> {
  const file = args.example ? exampleFile(args.example) : existing(args.file!);
  const color = args.color ?? (process.stdout.isTTY === true && !process.env.NO_COLOR);
  // A run (a scenario's or a Python script's) is recorded into a binary trace: kept where --trace names one, else a temporary file.
  const keep = args.trace !== undefined && !isJsonTrace(args.trace);
  const storePath = keep ? resolve(args.trace!) : join(tmpdir(), `interleave-${process.pid}-${Date.now()}.ilt`);
  const store = { path: storePath, maxEvents: args.maxEvents, maxBytes: args.maxTraceMB ? args.maxTraceMB * 2 ** 20 : undefined };
  const handle = file.endsWith('.py')
    ? runPython(
        // The script's own stdin, stdout and stderr are the terminal's, as under python3.
        {
          file: args.file ?? file,
          args: args.scriptArgs ?? [],
          python: (await resolvePython(args.python, 'pass --python PATH')).path,
          timeLimitS: args.timeoutS,
          store,
          summarize: true,
          analyze: true,
        },
        undefined,
        { inheritStdio: true },
      )
    : runScenario(
        {
          file,
          scenario: args.scenario,
          timeLimitS: args.timeoutS,
          captureSites: args.captureSites,
          sleepScale: args.sleepScale,
          deterministic: args.deterministic,
          store,
          liveEvents: false,
          summarize: true,
          analyze: true,
        },
        undefined,
        // The scenario's console output and excepthook reports reach the terminal, as a script's would.
        { onOutput: (text, stream) => (stream === 'stdout' ? process.stdout : process.stderr).write(text) },
      );
  const onSigint = () => handle.stop();
  process.once('SIGINT', onSigint);
  // While the run goes this process waits: load Intl's number format now (its first use costs tens of ms), not after the run's end.
  setImmediate(() => (0).toLocaleString('en'));
  const stored = await handle.stored!();
  process.off('SIGINT', onSigint);
  // From the scenario's end as the runner saw it (it then drains and writes the last chunk), else from here.
  const ended = stored.scenarioEndMs ?? performance.timeOrigin + performance.now();
  try {
    const { header } = stored;
    // A built-in example is replayed by name: its file lies inside the installed package.
    if (args.example) header.meta.example = args.example;
    const error = header.outcome.error;
    if (error && header.threads.length === 0) {
      const where = error.line ? `${error.file}:${error.line}:${error.col ?? 1}: ` : '';
      console.error(`${where}${error.kind === 'syntax' ? 'syntax error: ' : ''}${error.message}`);
      const excerpt = error.file && error.line ? sourceExcerpt(error.file, error.line, error.col) : '';
      if (excerpt) console.error(excerpt);
      if (error.kind === 'usage') console.error(commandHelp('run'));
      return 1;
    }
    // A JSON trace, a Chrome trace and a report are written from the whole run when it fits (writeOutputs).
    const needWhole = !!(args.chromeTrace || args.html || (args.trace && isJsonTrace(args.trace)));
    const width = args.width ?? Math.min(process.stdout.columns ?? 100, 120);
    const shown = showRun(stored, args.memoryBudgetMB, { color, width }, needWhole);
    console.log(shown.text);
    const printed = performance.timeOrigin + performance.now();
    if (header.meta.mode === 'deterministic')
      console.log(`deterministic: seed ${header.meta.seed}, schedule ${header.meta.schedule?.join(',') || '(no choice)'}`);
    // The findings go into the JSON trace (whole or streamed); a binary trace is as the run wrote it.
    // The runner walked the chunks for the analyses as it wrote them: the cycle search (and a race check only if a field may race) is left.
    const findings = (header.findings = (stored.analyses && finishFindings(stored.analyses, header, stored.events)) ?? analyzeRun(header, stored.events));
    if (shown.trace) shown.trace.findings = findings;
    if (hasConfirmable(findings)) console.log(await confirm(header, findings, args.confirm));
    console.log(`\n${findingsReport(header, findings, color)}`);
    const found = performance.timeOrigin + performance.now();
    await writeOutputs(args, stored, shown);
    if (args.stats) console.log(statsLine(stored, (printed - ended) / 1000, (found - ended) / 1000));
    const code = exitCodes[header.outcome.kind];
    return args.strict && code === 0 && countFindings(findings) > 0 ? FINDINGS_EXIT_CODE : code;
  } finally {
    stored.events.close();
    if (!keep) rmSync(storePath, { force: true });
  }
}

/** Confirms the findings by replay unless --no-confirm; says what was done. */
async function confirm(header: TraceHeader, findings: Findings, bounds: RunArgs['confirm']): Promise<string> {
  if (!canConfirm(header)) return '\nnot confirmed by replay: only a TypeScript scenario that ran can be replayed deterministically';
  if (!bounds) return '\nnot confirmed by replay (--no-confirm)';
  process.stdout.write(`\nconfirming by replay: up to ${bounds.runs} deterministic schedules within ${bounds.budgetS} s (--no-confirm skips this)… `);
  return confirmSummaryText(await confirmFindings(header, findings, bounds), bounds.budgetS);
}

/** `export`: a binary trace's JSON, Chrome trace or report. */
async function exportTrace(args: ExportArgs): Promise<number> {
  const path = existing(args.file);
  if (!isTraceStore(readStart(path))) throw new UsageError(`${args.file} is not a binary trace (.ilt); a JSON trace is already the export`, 'export');
  if (args.trace && !isJsonTrace(args.trace)) throw new UsageError('export writes JSON traces: --trace out.json', 'export');
  const events = openTraceStore(path);
  try {
    const run = { header: events.header(), events, path };
    await writeOutputs(args, run, wholeRun(run, args.memoryBudgetMB) ?? {});
    return 0;
  } finally {
    events.close();
  }
}

async function writeOutputs(args: RunArgs | ExportArgs, run: StoredRun, shown: Pick<ShownRun, 'trace' | 'model'>): Promise<void> {
  const { trace, model } = shown;
  const events = run.events.count.toLocaleString('en');
  if (args.trace) {
    if (!isJsonTrace(args.trace)) {
      const bytes = run.events.bytes;
      console.log(
        `trace: ${args.trace} (binary, ${run.events.count.toLocaleString('en')} events, ${(bytes / Math.max(1, run.events.count)).toFixed(2)} bytes/event)`,
      );
    } else {
      if (trace) writeFileSync(args.trace, JSON.stringify(trace));
      else writeJsonTrace(args.trace, run.header, run.events);
      console.log(`trace: ${args.trace}`);
    }
  }
  if (args.chromeTrace) {
    if (model) await writeChromeTraceFile(args.chromeTrace, model);
    else await writeStoredChromeTraceFile(args.chromeTrace, run.header, run.events);
    const streamed = model
      ? ''
      : `; its ${events} events streamed from the binary trace ${SEGMENT_EVENTS.toLocaleString('en')} at a time, wake-up arrows across those segments and queue sizes left out`;
    console.log(`chrome trace: ${args.chromeTrace} (open in https://ui.perfetto.dev, chrome://tracing or speedscope${streamed})`);
  }
  if (args.html) {
    if (trace) writeHtmlReport(args.html, trace);
    else {
      // The binary trace the person keeps: the one exported, or the one --trace wrote.
      const kept = args.command === 'export' ? args.file : args.trace && !isJsonTrace(args.trace) ? args.trace : undefined;
      const open = kept
        ? `open ${kept} with "Interleave: Open Trace File…" in VS Code: it reads the events of whatever window you zoom into`
        : 'run it again with --trace run.ilt and open run.ilt with "Interleave: Open Trace File…" in VS Code';
      writeSummaryReport(
        args.html,
        run.header,
        run.events,
        `This report shows a summary of the run's ${events} events: more than --memory-budget ${args.memoryBudgetMB} MB lets a report hold. To see every event, ${open}.`,
      );
    }
    console.log(`report: ${args.html} (a single offline file: open it in a browser${trace ? '' : `; a summary of the run's ${events} events`})`);
  }
}

/** `--stats`: what the run cost, from each process's own report. */
function statsLine(run: StoredRun, postS: number, findingsS: number): string {
  const mb = (b: number) => `${Math.round(b / 2 ** 20)} MB`;
  const n = run.events.count;
  const runner = run.resources ? mb(run.resources.peakRssBytes) : 'unknown';
  return (
    `stats: ${n.toLocaleString('en')} events; trace ${mb(run.events.bytes)} (${(run.events.bytes / Math.max(1, n)).toFixed(2)} bytes/event); ` +
    `peak memory: runner ${runner}, cli ${mb(process.resourceUsage().maxRSS * 1024)}; ` +
    `scenario end to printed outcome ${postS.toFixed(3)} s (${(n / Math.max(postS, 1e-6) / 1e6).toFixed(1)} M events/s), to printed findings ${findingsS.toFixed(3)} s`
  );
}

function readStart(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const head = new Uint8Array(16);
    return head.subarray(0, readSync(fd, head, 0, 16, 0));
  } finally {
    closeSync(fd);
  }
}

function checkStore(file: string): number {
  let reader;
  try {
    reader = openTraceStore(existing(file));
  } catch (e) {
    throw new CheckError((e as Error).message);
  }
  try {
    const header = reader.header();
    const problem = checkStoredEvents(reader, header);
    if (problem) throw new CheckError(`${file}: ${problem}`);
    const n = reader.count;
    console.log(
      `${file}: valid binary trace (format ${reader.version}), ${header.threads.length} threads, ${n} events in ${reader.chunks.length} chunks, ` +
        `${(reader.bytes / Math.max(1, n)).toFixed(2)} bytes/event`,
    );
    if (!reader.complete) console.log(`unfinished: ${reader.torn ?? "the file ends before the run's outcome"} — its events up to there are valid`);
    console.log(header.outcome.summary);
    console.log(`\n${findingsReport(header, analyzeRun(header, reader), process.stdout.isTTY === true && !process.env.NO_COLOR)}`);
    return 0;
  } finally {
    reader.close();
  }
}

/** A bad trace file: one line naming the file and what is wrong (no usage: the command was right). */
class CheckError extends Error {}

/** The offending line with a caret under the column, as compilers print it. */
function sourceExcerpt(file: string, line: number, col?: number): string {
  try {
    const text = readFileSync(file, 'utf8').split('\n')[line - 1];
    if (text === undefined) return '';
    const gutter = `${line} | `;
    return `${gutter}${text}\n${' '.repeat(gutter.length + Math.max(0, (col ?? 1) - 1))}^`;
  } catch {
    return '';
  }
}

function exampleFile(name: string): string {
  const examples = builtinExamples();
  const e = examples.find((x) => x.name === name);
  if (!e) throw new UsageError(`no example named '${name}' (try: ${examples.map((x) => x.name).join(', ')})`);
  return e.file;
}

function existing(file: string): string {
  const abs = resolve(file);
  if (!existsSync(abs)) throw new UsageError(`no such file: ${file}`);
  return abs;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof CheckError || e instanceof PythonNotFound) {
      console.error(`interleave: ${e.message}`);
    } else if (e instanceof UsageError) {
      console.error(`interleave: ${e.message}\n\n${e.command ? commandHelp(e.command) : usage()}`);
    } else if (e instanceof ScenarioLoadError) {
      const err = e.error;
      const where = err.line ? `${err.file}:${err.line}:${err.col ?? 1}: ` : '';
      console.error(`${where}${err.kind === 'syntax' ? 'syntax error: ' : ''}${err.message}`);
    } else {
      console.error(`interleave: ${(e as Error)?.message ?? e}`);
    }
    process.exitCode = 1;
  },
);
