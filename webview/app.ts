// The timeline app: receives messages from its host, turns a trace into a model and the model into
// the page, and reports clicks back. Whatever goes wrong (unreadable trace, invalid message, a bug)
// ends as a message in the page, never a blank panel.
import { findingsOf } from '../src/core/analysis/findings';
import { findingsList, overlayOf } from './findings';
import { buildModel } from '../src/core/model/build';
import { shortSite, threadName } from '../src/core/model/describe';
import type { StepPause } from '../src/core/protocol/runner';
import {
  type IpcMessage,
  FindingReplay,
  FindingsShow,
  HostCapabilities,
  LiveAppend,
  LiveBegin,
  LiveEnd,
  LiveResync,
  Ready,
  Reveal,
  ShowTrace,
  StepBack,
  StepChoose,
  StepFork,
  StepPaused,
  SummaryShow,
  TraceError,
  ViewError,
  WindowShow,
  toWebview,
} from '../src/core/protocol/webview';
import { LiveTrace } from '../src/core/timeline/live';
import { parseSite } from '../src/core/timeline/site';
import type { Trace } from '../src/core/trace/format';
import { TraceParseError, parseTrace, validateFindings } from '../src/core/trace/parse';
import { type ViewData, viewData } from './data';
import { describeLane } from './describe';
import { h } from './dom';
import { LongRun, WindowRequests } from './long-run';
import { type SidePanel, banner, header, outcomeBadge, sidePanel, summary, themeToggle } from './panels';
import { forkBar, stepPanel } from './step-panel';
import { readPalette, watchVsCodeTheme } from './theme';
import { TimelineView } from './timeline';
import type { Transport } from './transport';
import type { Viewport } from '../src/core/timeline/viewport';

const LIVE_REBUILD_MS = 150;
/** A run resent this many times and still rejected is a host bug to show, not to ask about again. */
const MAX_RESYNCS = 2;
const liveMethods: ReadonlySet<string> = new Set([LiveBegin.method, LiveAppend.method, LiveEnd.method]);

export interface Timings {
  parseMs?: number;
  modelMs?: number;
  viewDataMs?: number;
  receivedAt?: number;
  /** Wall clock (Date.now() scale) of: the page's navigation start, the ready message, the last live/begin. */
  navigationAt?: number;
  readyAt?: number;
  liveBeganAt?: number;
  /** A summarised run: ms to build the model of the last window's events. */
  detailMs?: number;
}

export class App {
  private view: TimelineView | undefined;
  private side: SidePanel | undefined;
  private table: { select(prim: number): void } | undefined;
  private data: ViewData | undefined;
  private live: LiveTrace | undefined;
  private rebuildTimer: ReturnType<typeof setTimeout> | undefined;
  private lastLiveRebuild = -Infinity;
  /** A live message was rejected and the run asked for again: live messages wait for its live/begin. */
  private resyncing = false;
  private resyncs = 0;
  private error: string | undefined;
  /** A run that never started (a syntax or load error): shown instead of an empty timeline. */
  private runError: { summary: string; message: string; location: string | null } | undefined;
  /** Step mode: the pause shown, whether a choice was sent since, where the controls go. */
  private pause: StepPause | undefined;
  private stepBusy = false;
  private stepSlot: HTMLElement | undefined;
  private canFork = false;
  /** The host runs a finding's confirming schedule (finding/replay). */
  private canReplay = false;
  /** The host searches for the schedules that confirm the shown run's findings (findings/show). */
  private confirming = false;
  /** The findings list in the summary, replaced when the findings' confirmation arrives. */
  private findingsEl: HTMLElement | undefined;
  /** The summary of a finished run, where a findings list goes. */
  private summaryEl: HTMLElement | undefined;
  /** The trace time last clicked on the timeline: where "fork here" forks. */
  private markNs: number | undefined;
  /** A run shown from its summary (summary/show), and its window requests. */
  private long: LongRun | undefined;
  /** The last window/show of the long run shown was a summary, not its events. */
  private sliceAnswered = false;
  private readonly windows: WindowRequests;
  readonly timings: Timings = {};

  constructor(
    private readonly root: HTMLElement,
    private readonly transport: Transport,
    private readonly host: 'vscode' | 'standalone',
  ) {
    this.windows = new WindowRequests((m) => this.transport.post(m));
    if (host === 'vscode') watchVsCodeTheme(() => this.repaint());
    else matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => this.repaint());
    window.addEventListener('error', (e) => {
      // Chromium reports a ResizeObserver that resized its own target as an error; it is harmless.
      if (/ResizeObserver loop/.test(e.message)) return;
      this.fail('The timeline hit an error', String(e.error?.stack ?? e.message));
    });
    window.addEventListener('unhandledrejection', (e) => this.fail('The timeline hit an error', String(e.reason?.stack ?? e.reason)));
  }

  start(): void {
    this.transport.onMessage((m) => this.receive(m));
    this.timings.navigationAt = performance.timeOrigin;
    this.timings.readyAt = Date.now();
    this.transport.post(Ready.create({}));
  }

  private receive(msg: unknown): void {
    try {
      if (SummaryShow.is(msg)) {
        this.live = undefined;
        this.resyncing = false;
        this.pause = undefined;
        this.timings.receivedAt = performance.now();
        this.showSummary(new LongRun(msg.params));
      } else if (WindowShow.is(msg)) {
        const p = msg.params;
        if (!this.long || !this.view || !this.windows.isLatest(p.id)) return;
        this.sliceAnswered = p.slice !== undefined;
        if (p.slice) this.long.summary.window = this.long.window(p.slice);
        const t0 = performance.now();
        if (p.detail) this.view.setDetail(this.long.detail(p.detail));
        else this.view.setSummary(this.long.summary);
        if (p.detail) this.timings.detailMs = performance.now() - t0;
      } else if (ShowTrace.is(msg)) {
        this.confirming = false;
        this.long = undefined;
        this.live = undefined;
        this.resyncing = false;
        this.pause = undefined;
        this.timings.receivedAt = performance.now();
        this.showText(msg.params.json, msg.params.source);
      } else if (LiveBegin.is(msg)) {
        // A new run, or the resent one: only a new run may be asked for again from scratch.
        if (!this.resyncing) this.resyncs = 0;
        this.resyncing = false;
        this.confirming = false;
        this.long = undefined;
        this.live = new LiveTrace(msg.params.meta);
        this.timings.liveBeganAt = Date.now();
        this.pause = undefined;
        this.lastLiveRebuild = -Infinity;
        this.scheduleLive();
      } else if (LiveAppend.is(msg)) {
        // Sent before the host resent the run: the resent snapshot holds it.
        if (this.resyncing) return;
        if (!this.live) return this.fail('Live events arrived before the run began', 'The host sent live/append without live/begin.');
        this.live.append(msg.params);
        this.scheduleLive();
      } else if (LiveEnd.is(msg)) {
        if (this.resyncing) return;
        if (!this.live) return this.fail('A run ended that never began', 'The host sent live/end without live/begin.');
        this.live.end(msg.params.outcome);
        this.pause = undefined;
        clearTimeout(this.rebuildTimer);
        this.rebuildTimer = undefined;
        const trace = this.live.snapshot();
        this.live = undefined;
        this.show(trace, false);
      } else if (StepPaused.is(msg)) {
        this.pause = msg.params.pause;
        this.stepBusy = false;
        // The timeline catches up with the events before the pause on its next rebuild.
        if (this.live) this.scheduleLive();
        this.renderStep();
      } else if (HostCapabilities.is(msg)) {
        this.canFork = msg.params.fork;
        this.canReplay = msg.params.replay === true;
        this.renderStep();
      } else if (FindingsShow.is(msg)) {
        this.showFindings(msg.params.findings, msg.params.confirming);
      } else if (TraceError.is(msg)) {
        this.fail(msg.params.message, msg.params.detail ?? '');
      } else {
        const method = (msg as { method?: unknown } | null)?.method;
        // A known message that failed validation is a host bug worth showing; anything else is not ours.
        if (!toWebview.some((d) => d.method === method)) return;
        const reason = `"${String(method)}" did not pass validation`;
        // A live run's rejected message would leave a hole in it: the host sends the run so far again.
        if (liveMethods.has(String(method)) && this.resyncs < MAX_RESYNCS) {
          this.resyncs++;
          this.resyncing = true;
          this.transport.post(LiveResync.create({ reason }));
        } else this.fail('The timeline received a malformed message', `${reason}.`);
      }
    } catch (err) {
      this.fail('The timeline could not show this run', String((err as Error)?.stack ?? err));
    }
  }

  private showText(json: string, source: string | undefined): void {
    let trace: Trace;
    const t0 = performance.now();
    try {
      trace = parseTrace(json);
    } catch (err) {
      const what = err instanceof TraceParseError ? err.message : String(err);
      return this.fail(`This trace cannot be read${source ? ` (${source})` : ''}`, what);
    }
    this.timings.parseMs = performance.now() - t0;
    this.show(trace, false);
  }

  /** A long run: its lanes from the summary, its windows asked for as the person zooms. */
  private showSummary(run: LongRun): void {
    const same = this.long && this.view && this.long.sameRun(run);
    const window = same ? this.long!.summary.window : undefined;
    this.long = run;
    if (window) run.summary.window = window;
    const t0 = performance.now();
    this.show(run.header, run.params.live, run.data);
    this.timings.viewDataMs = performance.now() - t0;
    this.view!.setSummary(run.summary);
    // A live run grew: what the window shows may have changed (unless the new summary is as fine).
    const v = this.view!.viewport;
    if (!same) {
      this.sliceAnswered = false;
      this.windows.ask(v);
    } else if (this.wantsWindow(v)) this.windows.refresh(v);
    else run.summary.window = undefined;
  }

  /**
   * Whether the view at `v` needs a window from the host. Not within the events in hand, nor when the
   * last answer was a summary (too many events to send) and the run's own summary has buckets at most
   * a pixel wide in `v` (the whole run in view): that window would be the same buckets again, sent
   * through the extension host at every summary of a long live run.
   */
  private wantsWindow(v: Viewport): boolean {
    if (this.view?.detailCovers(v)) return false;
    return !(this.sliceAnswered && this.long && this.long.summary.overview.slice.bucketNs <= (v.t1 - v.t0) / v.width);
  }

  private scheduleLive(): void {
    if (this.rebuildTimer !== undefined) return;
    // Rebuilding the model is linear in the events so far: a few times a second, not per batch. Until
    // a lane is shown, rebuild at once (after the messages already queued): the first lane is not held back.
    const wait = Math.max(0, this.lastLiveRebuild + LIVE_REBUILD_MS - performance.now());
    this.rebuildTimer = setTimeout(() => {
      this.rebuildTimer = undefined;
      if (!this.live) return;
      const trace = this.live.snapshot();
      if (trace.threads.length) this.lastLiveRebuild = performance.now();
      this.show(trace, true);
    }, wait);
  }

  /** `prepared`: the data of a summarised run (its model has no events). */
  private show(trace: Trace, live: boolean, prepared?: ViewData): void {
    // Nothing ran: an axis and empty tables would hide the one thing to say, the error and where it is.
    if (!live && trace.outcome.kind === 'error' && trace.threads.length === 0) return this.showRunError(trace);
    this.runError = undefined;
    const t0 = performance.now();
    const model = prepared ? prepared.model : buildModel(trace);
    const t1 = performance.now();
    const data = prepared ?? viewData(model);
    this.timings.modelMs = t1 - t0;
    this.timings.viewDataMs = performance.now() - t1;
    const sameRun = this.view && this.data && this.data.trace.meta.startedAt === trace.meta.startedAt && this.data.trace.meta.file === trace.meta.file;
    this.data = data;
    this.error = undefined;
    if (sameRun && this.view) this.view.setData(data);
    else {
      this.view?.setSummary(undefined);
      this.markNs = undefined;
      this.view = new TimelineView(data, readPalette(document.documentElement), {
        reveal: (at) => this.reveal(at),
        focusChanged: (prim) => {
          this.side?.select(prim);
          this.table?.select(prim);
        },
        marked: (t) => {
          this.markNs = t;
          this.renderStep();
        },
        windowChanged: (v) => {
          if (!this.long) return;
          if (this.wantsWindow(v)) this.windows.ask(v);
          else this.windows.stop();
        },
      });
    }
    this.layoutPage(data, live);
  }

  /** Header, banner, timeline, side panel, summary; the view itself is reused across live updates. */
  private layoutPage(data: ViewData, live: boolean): void {
    const view = this.view!;
    const extra = this.host === 'standalone' ? [themeToggle(document.documentElement, () => this.repaint())] : [];
    const cb = { pick: (p: number) => view.pick(p), hover: (p: number) => view.light(p) };
    this.side = sidePanel(data, cb);
    const sum = summary(data, cb);
    this.table = sum;
    const main = h('div', 'il-main');
    main.append(view.el, this.side.el);
    const a11y = h('ul', 'il-sr');
    a11y.setAttribute('aria-label', 'Threads and what they did');
    a11y.id = 'il-lanes';
    data.trace.threads.forEach((_, lane) => a11y.append(h('li', '', describeLane(data, lane))));
    // One main landmark holds the whole page (header included): nothing is left outside a region.
    const app = h('main', 'il-app');
    const b = banner(data.trace.outcome, live);
    this.stepSlot = h('div', 'il-stepslot');
    // Findings of a finished run (a live one is not analysed until it ends).
    this.findingsEl = live ? undefined : this.findingsBox(data);
    if (this.findingsEl) sum.el.prepend(this.findingsEl);
    this.summaryEl = live ? undefined : sum.el;
    app.append(header(data.trace, outcomeBadge(data.trace.outcome, live), extra), ...(b ? [b] : []), this.stepSlot, main, sum.el, a11y);
    this.root.replaceChildren(app);
    this.renderStep();
    const focus = view.focusPrim();
    this.side.select(focus);
    sum.select(focus);
    view.requestRender();
  }

  private findingsBox(data: ViewData): HTMLElement | undefined {
    const view = this.view!;
    return findingsList(data.trace, findingsOf(data.trace), (f) => view.setFindingOverlay(f && overlayOf(data.trace, f)), {
      confirming: this.confirming,
      replay: this.canReplay ? (seed, schedule) => this.transport.post(FindingReplay.create({ seed, schedule })) : undefined,
    });
  }

  /** The shown run's findings as the host now knows them (confirmed by replay, or being confirmed): the list is made again. */
  private showFindings(findings: unknown, confirming: boolean): void {
    const data = this.data;
    if (!data || !this.summaryEl) return;
    const host = validateFindings(findings, data.trace.sites.length);
    // A view that read the trace analysed its own copy, whose event indices its overlays use: it takes
    // only the confirmations, finding by finding, when both lists name the same findings. A view that
    // watched the run live holds its events as columns, which it does not analyse: it takes the host's.
    const own = findingsOf(data.trace);
    const same =
      own &&
      own.cycles.length === host.cycles.length &&
      own.races.length === host.races.length &&
      own.cycles.every((c, i) => c.kind === host.cycles[i].kind && c.locks.join() === host.cycles[i].locks.join()) &&
      own.races.every((r, i) => r.record === host.races[i].record && r.field === host.races[i].field);
    if (same) {
      own.cycles.forEach((c, i) => (c.confirmation = host.cycles[i].confirmation));
      own.races.forEach((r, i) => (r.confirmation = host.races[i].confirmation));
    }
    data.trace.findings = same ? own : host;
    this.confirming = confirming;
    const old = this.findingsEl;
    // Keep the keyboard where it was: the same button of the new list takes the focus.
    const buttons = (el: HTMLElement) => [...el.querySelectorAll('button')];
    const focused = old ? buttons(old).indexOf(document.activeElement as HTMLButtonElement) : -1;
    this.view?.setFindingOverlay(undefined);
    const box = this.findingsBox(data);
    if (!box) return;
    if (old) old.replaceWith(box);
    else this.summaryEl.prepend(box);
    this.findingsEl = box;
    if (focused >= 0) (buttons(box)[focused] ?? buttons(box)[0])?.focus();
  }

  /** The error of a run that never started, and its location as a link to the line (standalone: shows the path). */
  private showRunError(trace: Trace): void {
    const { outcome, meta } = trace;
    const err = outcome.error;
    const loc = err?.file && err.line ? parseSite(`${err.file}:${err.line}:${err.col ?? 1}`, meta.root) : undefined;
    const box = h('div', 'il-message il-run-error');
    box.setAttribute('role', 'alert');
    // A short heading: the summary repeats the full path and the message, which the lines below show.
    box.append(h('h2', '', err ? `${err.kind[0].toUpperCase()}${err.kind.slice(1)} error` : outcome.summary || 'The scenario could not run'));
    let link: HTMLButtonElement | undefined;
    if (loc) {
      const root = meta.root.replace(/[\\/]+$/, '');
      // Relative to the scenario's root when inside it, else its base name (the full path is the link's title).
      const inside = root && loc.file.startsWith(root) && /^[\\/]/.test(loc.file.slice(root.length));
      const rel = inside ? loc.file.slice(root.length + 1) : loc.file.replace(/^.*[\\/]/, '');
      const where = `${rel}:${loc.line}:${loc.col}`;
      const p = h('p', 'il-where');
      link = h('button', 'il-link', where);
      link.title = this.host === 'vscode' ? 'Open this line in the editor' : `${loc.file}:${loc.line}:${loc.col}`;
      link.addEventListener('click', () => {
        this.transport.post(Reveal.create(loc));
        if (this.host !== 'vscode') p.replaceChildren(link!, h('span', 'il-sub', ` — ${loc.file}`));
      });
      p.append(link);
      box.append(p);
    }
    box.append(h('pre', '', err?.message || outcome.explanation));
    box.append(h('p', '', 'Nothing ran, so there is no timeline. Fix the line and run again.'));
    const app = h('main', 'il-app');
    app.append(header(trace, { kind: outcome.kind, text: err ? `${err.kind} error` : outcome.kind }), box);
    this.root.replaceChildren(app);
    this.runError = { summary: outcome.summary, message: err?.message ?? '', location: loc ? `${loc.file}:${loc.line}:${loc.col}` : null };
    this.stepSlot = undefined;
    this.view = undefined;
    this.data = undefined;
    this.error = undefined;
    link?.focus();
  }

  private reveal(at: number): void {
    const data = this.data;
    const site = data?.trace.sites[at];
    if (!data || !site) return;
    const loc = parseSite(site, data.trace.meta.root);
    if (!loc) return;
    this.transport.post(Reveal.create(loc));
    this.side?.location(this.host === 'vscode' ? `Opened ${shortSite(site)} in the editor.` : `${loc.file}:${loc.line}:${loc.col}`);
  }

  /** The step controls while paused; "fork here" on a finished deterministic trace the host can fork. */
  private renderStep(): void {
    const slot = this.stepSlot;
    if (!slot) return;
    const data = this.data;
    if (this.pause) {
      slot.replaceChildren(
        stepPanel(this.pause, this.stepBusy, {
          choose: (command) => this.sendStep(StepChoose.create({ command })),
          back: () => this.sendStep(StepBack.create({})),
          reveal: (file, line, col) => this.transport.post(Reveal.create({ file, line, col })),
        }),
      );
    } else if (this.canFork && !this.live && data?.trace.meta.mode === 'deterministic') {
      slot.replaceChildren(forkBar(this.markNs, (atNs) => this.transport.post(StepFork.create({ atNs }))));
    } else slot.replaceChildren();
  }

  private sendStep(msg: IpcMessage): void {
    this.transport.post(msg);
    this.stepBusy = true;
    this.renderStep();
  }

  private repaint(): void {
    this.view?.setPalette(readPalette(document.documentElement));
  }

  /** A clear message in place of the timeline, and a note to the host. */
  private fail(title: string, detail: string): void {
    this.error = `${title}: ${detail}`;
    this.runError = undefined;
    const box = h('div', 'il-message');
    box.setAttribute('role', 'alert');
    box.append(h('h2', '', title));
    if (detail) box.append(h('pre', '', detail));
    this.root.replaceChildren(box);
    this.stepSlot = undefined;
    this.view = undefined;
    this.data = undefined;
    this.long = undefined;
    this.windows.stop();
    this.transport.post(ViewError.create({ message: this.error }));
  }

  /** The accessible state, as tests and assistive tools read it. */
  state() {
    const data = this.data;
    const banner = this.root.querySelector('.il-banner');
    return {
      error: this.error ?? null,
      /** A run that never started: its error and location (file:line:col) shown in place of the timeline. */
      runError: this.runError ?? null,
      live: this.live !== undefined,
      /** A long run shown from its summary (summary/show). */
      summarised: this.long !== undefined,
      events: this.long?.params.slice.events ?? null,
      title: data?.trace.meta.title ?? null,
      outcome: data ? { kind: data.trace.outcome.kind, summary: data.trace.outcome.summary, cycle: data.trace.outcome.cycle ?? [] } : null,
      banner: banner?.textContent ?? null,
      durationNs: data?.model.durationNs ?? 0,
      lanes: data
        ? data.trace.threads.map((t, lane) => {
            const totals: Record<string, number> = {};
            if (this.long) {
              // A summarised run's model has no spans: its time per state is the summary's.
              const sp = data.model.splits[lane];
              const ns = { running: sp.runningNs, blocked: sp.blockedNs, waiting: sp.waitingNs, joining: sp.joiningNs, sleeping: sp.sleepingNs };
              for (const [k, v] of Object.entries(ns)) if (v > 0) totals[k] = v;
            } else for (const s of data.model.spans[lane]) totals[s.state] = (totals[s.state] ?? 0) + (s.end - s.start);
            return {
              name: t.name,
              qualified: threadName(data.trace, t),
              thread: t.id,
              states: totals,
              spans: data.model.spans[lane].length,
              tasks: data.lanes[lane].taskIx.length,
              description: describeLane(data, lane),
            };
          })
        : [],
      view: this.view?.snapshot() ?? null,
      step: this.stepState(),
      timings: this.timings,
    };
  }

  /** What the step controls show, read from the page itself. */
  private stepState() {
    const buttons = [...(this.stepSlot?.querySelectorAll('button') ?? [])].map((b) => ({
      text: b.textContent ?? '',
      label: b.getAttribute('aria-label') ?? '',
      disabled: b.disabled,
    }));
    const rows = [...(this.stepSlot?.querySelectorAll<HTMLTableRowElement>('tbody tr') ?? [])].map((r) => ({
      thread: Number(r.dataset.thread),
      status: r.dataset.status ?? '',
      cells: [...r.cells].slice(0, 4).map((c) => c.textContent ?? ''),
    }));
    return { paused: this.pause?.step ?? null, busy: this.stepBusy, markNs: this.markNs ?? null, threads: rows, buttons };
  }

  get timeline(): TimelineView | undefined {
    return this.view;
  }

  /** A lane by its thread's name, or by its process-qualified name ("SpawnPoolWorker-2/MainThread") where names repeat. */
  laneIndex(name: string): number {
    const trace = this.data?.trace;
    if (!trace) return -1;
    const qualified = trace.threads.findIndex((t) => threadName(trace, t) === name);
    return qualified >= 0 ? qualified : trace.threads.findIndex((t) => t.name === name);
  }
}
