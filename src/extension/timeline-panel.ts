// One timeline webview panel. It hosts dist/webview.js and feeds it through the typed protocol of
// core/protocol/webview.ts: a complete trace, or a live run streamed as coalesced columnar
// batches. Whenever the view (re)connects it says `ready`, and the panel replays what it shows,
// so a hidden, re-created or restored webview never comes back blank.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import {
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
  type SummaryShowParams,
  TraceError,
  ViewError,
  WindowRequest,
  WindowShow,
} from '../core/protocol/webview';
import type { TimelineToHost } from '../core/protocol/timeline';
import type { HostEnv } from '../runtime/host/run';
import { type EarlyTimeline, type TimelineHandle, openTimeline } from '../runtime/host/timeline';
import type { RunnerToHost, StepCommand, StepPause } from '../core/protocol/runner';
import type { Findings, Outcome, Trace } from '../core/trace/format';
import { LiveFeed } from './live-feed';
import { panelHtml } from './panel-html';

export const TIMELINE_VIEW_TYPE = 'interleave.timeline';

/** Streamed appends are coalesced to at most one per this many ms (the first goes at once). */
const APPEND_INTERVAL_MS = 50;
/** Events in one streamed append at most (~0.7 MB of columns). */
const APPEND_MAX_EVENTS = 16_384;

type Content =
  | { kind: 'empty' }
  /** `pause`: a step-mode run waits for the person's choice. */
  | { kind: 'live'; feed: LiveFeed; pause?: StepPause }
  | { kind: 'trace'; json: string; source: string }
  /** A long run's binary trace, summarised and read by a timeline process; the panel keeps only its last summary. */
  | { kind: 'stored'; path: string; timeline: TimelineHandle; summary?: SummaryShowParams; events: number; done: boolean; windows: number }
  | { kind: 'error'; message: string; detail?: string };

export interface PanelEvents {
  reveal(file: string, line: number, col: number): void;
  viewError(message: string): void;
  /** Step mode: the person answered the pause of the run shown in panel `key`. */
  step(key: string, command: StepCommand): void;
  stepBack(key: string): void;
  /** Replay the finished trace of panel `key` up to `atNs` and pause there. */
  fork(key: string, atNs: number): void;
  /** Run a confirming schedule of a finding of panel `key`'s run into the timeline. */
  replay(key: string, seed: number, schedule: number[]): void;
  disposed(panel: TimelinePanel): void;
  /** Something was relayed to or from the view (the host is not quiet: quiet.ts). */
  busy(): void;
}

export class TimelinePanel {
  private content: Content = { kind: 'empty' };
  /** The shown run's findings as the confirmation by replay left them (sent after the trace whenever the view reconnects). */
  private findings: { findings: Findings; confirming: boolean } | undefined;
  private ready = false;
  private disposed = false;
  private titleText: string;
  private appendTimer: NodeJS.Timeout | undefined;
  private lastAppend = 0;
  private readonly readyWaiters: (() => void)[] = [];
  private readonly disposables: vscode.Disposable[] = [];

  static create(key: string, title: string, extensionUri: vscode.Uri, events: PanelEvents): TimelinePanel {
    const panel = vscode.window.createWebviewPanel(
      TIMELINE_VIEW_TYPE,
      title,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      TimelinePanel.options(extensionUri),
    );
    return new TimelinePanel(key, panel, extensionUri, events);
  }

  static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
  }

  /** Adopts a panel VS Code restored after a reload (the serializer calls this). */
  constructor(
    readonly key: string,
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly events: PanelEvents,
  ) {
    this.titleText = panel.title;
    const webview = panel.webview;
    webview.options = TimelinePanel.options(extensionUri);
    webview.html = panelHtml({
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js')).toString(),
      cspSource: webview.cspSource,
      panelKey: key,
      title: panel.title,
    });
    this.disposables.push(
      webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** What the panel shows: nothing yet, a run being streamed, a whole trace, or an error. */
  get showing(): Content['kind'] {
    return this.content.kind;
  }

  /**
   * A binary trace shown from its summary: events summarised so far, whether the view was told the
   * run is over (its outcome shown), whether its end was read, windows answered.
   */
  get stored(): { events: number; over: boolean; done: boolean; windows: number } | undefined {
    const c = this.content;
    return c.kind === 'stored' ? { events: c.events, over: c.summary?.live === false, done: c.done, windows: c.windows } : undefined;
  }

  /** Kept here too: a disposed panel's own title may no longer be read. */
  get title(): string {
    return this.titleText;
  }

  set title(t: string) {
    this.titleText = t;
    if (!this.disposed) this.panel.title = t;
  }

  /** Resolves once the view has said `ready` since the last (re)load. */
  whenReady(): Promise<void> {
    return this.ready ? Promise.resolve() : new Promise((r) => this.readyWaiters.push(r));
  }

  reveal(): void {
    if (!this.disposed) this.panel.reveal(undefined, true);
  }

  /** Starts streaming a run; feed it with `accept`. */
  beginLive(): void {
    this.setContent({ kind: 'live', feed: new LiveFeed() });
  }

  /**
   * Shows the binary trace at `path` (`live`: still being written) from its summary: a timeline
   * process builds it and reads the windows the view zooms into. `onSummary` hears each summary
   * (`done` once the file's end is read); a process that fails or dies is an error in the panel.
   * `early`: the process already following the file (started early on a run's file).
   */
  showStored(path: string, live: boolean, env: HostEnv, onSummary?: (m: Extract<TimelineToHost, { type: 'summary' }>) => void, early?: EarlyTimeline): void {
    const listen = (m: TimelineToHost) => this.fromTimeline(content, m, onSummary);
    const timeline = early ? early.adopt(listen) : openTimeline(path, live, listen, env);
    const content: Extract<Content, { kind: 'stored' }> = { kind: 'stored', path, timeline, events: 0, done: false, windows: 0 };
    this.setContent(content);
    void timeline.exited.then((why) => {
      if (why && this.content === content) this.showError('The timeline of this run stopped.', why);
    });
  }

  /**
   * The run whose file a stored panel follows is over (its outcome is known, or its runner was
   * lost): the panel shows what the file holds, with the run's outcome, or `outcome` (why it was
   * cut short) when the file has none.
   */
  storedRunEnded(outcome?: Outcome): void {
    if (this.content.kind === 'stored') this.content.timeline.ended(outcome);
  }

  private fromTimeline(
    content: Extract<Content, { kind: 'stored' }>,
    m: TimelineToHost,
    onSummary?: (m: Extract<TimelineToHost, { type: 'summary' }>) => void,
  ): void {
    if (this.content !== content) return;
    this.events.busy();
    if (m.type === 'summary') {
      content.summary = m.params;
      content.events = m.events;
      content.done = m.done;
      if (this.ready) void this.post(SummaryShow.create(m.params));
      onSummary?.(m);
    } else if (m.type === 'window') {
      content.windows++;
      if (this.ready) void this.post(WindowShow.create(m.params));
    } else this.showError(`${basename(content.path)} cannot be shown.`, m.message);
  }

  /** What the panel shows next; a timeline process of what it showed before is closed. */
  private setContent(c: Content): void {
    if (this.content.kind === 'stored' && this.content !== c) this.content.timeline.close();
    this.content = c;
    this.findings = undefined;
  }

  /** The findings of the run shown, while its confirmation by replay is under way (`confirming`) and once it is done. */
  showFindings(findings: Findings, confirming: boolean): void {
    if (this.content.kind !== 'trace') return;
    this.findings = { findings, confirming };
    if (this.ready) void this.post(FindingsShow.create(this.findings));
  }

  accept(m: RunnerToHost): void {
    if (this.content.kind !== 'live') return;
    const feed = this.content.feed;
    // A deterministic run sends its meta again at the end, with the schedule: the same run, not a new one
    // (a second live/begin would empty the view of everything streamed so far).
    const begins = m.type === 'meta' && !feed.meta;
    feed.accept(m);
    if (m.type === 'paused') this.content.pause = m.pause;
    if (!this.ready) return;
    if (m.type === 'meta') {
      if (begins) void this.post(LiveBegin.create({ meta: m.meta }));
    } else if (m.type === 'outcome') this.finishLive(feed);
    else if (m.type === 'paused') {
      // The view draws the pause over everything that happened before it.
      clearTimeout(this.appendTimer);
      this.appendTimer = undefined;
      this.flushAppend(feed, Infinity);
      void this.post(StepPaused.create({ pause: m.pause }));
    } else if (feed.meta) this.scheduleAppend(feed);
  }

  /** Shows a finished run; returns its JSON (made once: the caller keeps it for a reload). */
  showTrace(trace: Trace, source: string): string {
    const json = JSON.stringify(trace);
    this.showJson(json, source, trace);
    return json;
  }

  showJson(json: string, source: string, trace?: Trace): void {
    const wasLive = this.content.kind === 'live' ? this.content.feed : undefined;
    this.setContent({ kind: 'trace', json, source });
    if (!this.ready) return;
    // A view that watched the whole run live already holds it; it only needs the end, which it
    // already got if the runner reported an outcome (accept() passed it on).
    if (wasLive?.meta && trace) {
      if (!wasLive.outcome) {
        wasLive.accept({ type: 'outcome', outcome: trace.outcome });
        this.finishLive(wasLive);
      }
    } else void this.post(ShowTrace.create({ json, source }));
  }

  showError(message: string, detail?: string): void {
    this.setContent({ kind: 'error', message, detail });
    if (this.ready) void this.post(TraceError.create({ message, detail }));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.appendTimer);
    if (this.content.kind === 'stored') this.content.timeline.close();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.events.disposed(this);
    this.panel.dispose();
  }

  private onMessage(m: unknown): void {
    if (Ready.is(m)) {
      this.ready = true;
      void this.post(HostCapabilities.create({ fork: true, replay: true }));
      this.replay();
      for (const r of this.readyWaiters.splice(0)) r();
    } else if (Reveal.is(m)) {
      this.events.reveal(m.params.file, m.params.line, m.params.col);
    } else if (ViewError.is(m)) {
      this.events.viewError(m.params.message);
    } else if (LiveResync.is(m)) {
      this.events.viewError(`${m.params.reason}: the run so far was sent again`);
      this.replay();
    } else if (StepChoose.is(m)) {
      // Answered: a view that reconnects must not be shown this pause again.
      if (this.content.kind === 'live') this.content.pause = undefined;
      this.events.step(this.key, m.params.command);
    } else if (StepBack.is(m)) {
      this.events.stepBack(this.key);
    } else if (StepFork.is(m)) {
      this.events.fork(this.key, m.params.atNs);
    } else if (FindingReplay.is(m)) {
      this.events.replay(this.key, m.params.seed, m.params.schedule);
    } else if (WindowRequest.is(m)) {
      if (this.content.kind === 'stored') this.content.timeline.request(m.params);
    }
  }

  /** Sends the view everything it should show, from nothing. */
  private replay(): void {
    const c = this.content;
    if (c.kind === 'trace') {
      void this.post(ShowTrace.create({ json: c.json, source: c.source }));
      if (this.findings) void this.post(FindingsShow.create(this.findings));
    } else if (c.kind === 'error') void this.post(TraceError.create({ message: c.message, detail: c.detail }));
    else if (c.kind === 'stored' && c.summary) void this.post(SummaryShow.create(c.summary));
    else if (c.kind === 'live') for (const m of c.feed.replay(c.pause)) void this.post(m);
  }

  /** `soon`: the rest of a delta too big for one message goes in the next turn. */
  private scheduleAppend(feed: LiveFeed, soon = false): void {
    if (this.appendTimer) return;
    const wait = soon ? 0 : Math.max(0, this.lastAppend + APPEND_INTERVAL_MS - Date.now());
    this.appendTimer = setTimeout(() => {
      this.appendTimer = undefined;
      // A run that went on into its file (or a new run) no longer streams into this view.
      if (this.content.kind === 'live' && this.content.feed === feed) this.flushAppend(feed);
    }, wait);
  }

  /**
   * Posts what the view has not got yet, at most `maxEvents` events now: VS Code copies and
   * compresses each message on the host's thread, so a host behind its runner (which gets many
   * batches at once) sends them in pieces, each in its own turn.
   */
  private flushAppend(feed: LiveFeed, maxEvents = APPEND_MAX_EVENTS): void {
    const delta = feed.delta(maxEvents);
    if (!delta) return;
    this.lastAppend = Date.now();
    void this.post(LiveAppend.create(delta));
    if (feed.pending) this.scheduleAppend(feed, true);
  }

  private finishLive(feed: LiveFeed): void {
    clearTimeout(this.appendTimer);
    this.appendTimer = undefined;
    this.flushAppend(feed, Infinity);
    if (feed.outcome) void this.post(LiveEnd.create({ outcome: feed.outcome }));
  }

  /** A panel closed while its run goes on simply stops listening: the run must not notice. */
  private post(message: unknown): Thenable<boolean> {
    if (this.disposed) return Promise.resolve(false);
    this.events.busy();
    return this.panel.webview.postMessage(message);
  }
}
