// `interleave`: run a scenario and read it in the terminal, list scenarios, export traces.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildModel } from '../core/model/build';
import { renderTerminal } from '../core/render/terminal';
import type { Outcome, Trace } from '../core/trace/format';
import { parseTrace, TraceParseError } from '../core/trace/parse';
import { writeChromeTraceFile } from '../runtime/host/chrome-file';
import { builtinExamples, listScenarios, runScenario, ScenarioLoadError } from '../runtime/host/run';
import { runPython } from '../runtime/host/python/run';
import { PythonNotFound, resolvePython } from '../runtime/host/python/interpreter';
import { analyzeRun, countFindings } from '../core/analysis/findings';
import { canConfirm, confirmFindings } from '../runtime/host/confirm';
import { splitTrace } from '../core/trace/source';
import { findingsReport } from './findings';
import { writeHtmlReport } from './html';
import { parseArgs, type RunArgs } from './args';
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
    case 'explore':
      return exploreCommand(args, args.example ? exampleFile(args.example) : existing(args.file!), exitCodes);
  }
}

async function run(args: RunArgs): Promise<number> {
  const file = args.example ? exampleFile(args.example) : existing(args.file!);
  const color = args.color ?? (process.stdout.isTTY === true && !process.env.NO_COLOR);
  const handle = file.endsWith('.py')
    ? runPython(
        // The script's own stdin, stdout and stderr are the terminal's, as under python3.
        { file: args.file ?? file, args: args.scriptArgs ?? [], python: (await resolvePython(args.python, 'pass --python PATH')).path, timeLimitS: args.timeoutS },
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
        },
        undefined,
        // The scenario's console output and excepthook reports reach the terminal, as a script's would.
        { onOutput: (text, stream) => (stream === 'stdout' ? process.stdout : process.stderr).write(text) },
      );
  const onSigint = () => handle.stop();
  process.once('SIGINT', onSigint);
  const trace = await handle.done;
  process.off('SIGINT', onSigint);
  const error = trace.outcome.error;
  if (error && trace.threads.length === 0) {
    const where = error.line ? `${error.file}:${error.line}:${error.col ?? 1}: ` : '';
    console.error(`${where}${error.kind === 'syntax' ? 'syntax error: ' : ''}${error.message}`);
    const excerpt = error.file && error.line ? sourceExcerpt(error.file, error.line, error.col) : '';
    if (excerpt) console.error(excerpt);
    if (error.kind === 'usage') console.error(commandHelp('run'));
    return 1;
  }
  const model = buildModel(trace);
  console.log(renderTerminal(model, { color, width: args.width ?? Math.min(process.stdout.columns ?? 100, 120) }));
  if (trace.meta.mode === 'deterministic') console.log(`deterministic: seed ${trace.meta.seed}, schedule ${trace.meta.schedule?.join(',') || '(no choice)'}`);
  const { header, events } = splitTrace(trace);
  trace.findings = analyzeRun(header, events);
  if (countFindings(trace.findings) > 0 && canConfirm(trace)) {
    console.log('\nconfirming the findings by replay (deterministic schedules)…');
    await confirmFindings(trace, trace.findings);
  }
  console.log(`\n${findingsReport(header, trace.findings, color)}`);
  await writeOutputs(args, trace, model);
  const code = exitCodes[trace.outcome.kind];
  return args.strict && code === 0 && countFindings(trace.findings) > 0 ? FINDINGS_EXIT_CODE : code;
}

async function writeOutputs(args: RunArgs, trace: Trace, model: ReturnType<typeof buildModel>): Promise<void> {
  if (args.trace) {
    writeFileSync(args.trace, JSON.stringify(trace));
    console.log(`trace: ${args.trace}`);
  }
  if (args.chromeTrace) {
    await writeChromeTraceFile(args.chromeTrace, model);
    console.log(`chrome trace: ${args.chromeTrace} (open in https://ui.perfetto.dev, chrome://tracing or speedscope)`);
  }
  if (args.html) {
    writeHtmlReport(args.html, trace);
    console.log(`report: ${args.html} (a single offline file: open it in a browser)`);
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
