// The swimlane view: lane labels (DOM, for people and screen readers), the trace body (canvas),
// the time axis (d3), zoom and pan (d3-zoom, keyboard, buttons), hover tooltips and clicks.
// All positions go through one Viewport; d3-zoom's transform is kept equal to it
// (viewportFromTransform / transformFromViewport), so gestures, keys and code agree.
import { axisBottom } from 'd3-axis';
import { scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';
import { type ZoomBehavior, type ZoomTransform, zoom, zoomIdentity } from 'd3-zoom';
import { formatDuration } from '../src/core/format/time';
import { processHeader } from '../src/core/model/describe';
import { type Hit, hitTest } from '../src/core/timeline/hit';
import { counterStory } from '../src/core/timeline/story';
import { formatCursor, tickFormatter } from '../src/core/timeline/timeaxis';
import {
  DEFAULT_MIN_SPAN_NS,
  type ViewLimits,
  type Viewport,
  clampViewport,
  fitAll,
  followGrowth,
  nsToPx,
  panBy,
  pxToNs,
  transformFromViewport,
  viewportFromTransform,
  zoomAt,
} from '../src/core/timeline/viewport';
import { type ViewData, primLabel } from './data';
import { button, h } from './dom';
import { describeHit, describeLane, siteText } from './describe';
import { type FrameStats, TextWidths, cycleGutterPx, drawFrame } from './draw';
import { type FindingOverlay, drawFindingOverlay, findingSnapshot } from './findings';
import { type Summary, type SummaryLayer, describeBucket } from './summary';
import { type Move, SpanFocus, keysList } from './keyboard';
import type { Palette } from './theme';

const KEY_ZOOM = 1.6;
const KEY_PAN = 0.15;

export interface TimelineCallbacks {
  /** A span, hold or marker with a source site was clicked (or Enter on a lane). */
  reveal(at: number): void;
  /** The lit-up primitive changed (hover or pick); −1 none. */
  focusChanged(prim: number, pinned: boolean): void;
  /** The person clicked the timeline at trace time `tNs` (the moment "fork here" forks at). */
  marked(tNs: number): void;
  /** The window in view changed (a summarised run asks for its detail). */
  windowChanged?(v: Viewport): void;
}

/** A window's own model (a summarised run zoomed in): drawn while the view stays inside [from, to]. */
export interface Detail {
  data: ViewData;
  from: number;
  to: number;
}

export class TimelineView {
  readonly el: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly labels: HTMLElement;
  private readonly axis: SVGSVGElement;
  private readonly tooltip: HTMLElement;
  private readonly body: HTMLElement;
  private readonly readout: HTMLElement;
  private readonly windowText: HTMLElement;
  private readonly hint: HTMLElement;
  private readonly announcer: HTMLElement;
  private readonly keysBox: HTMLElement;
  private readonly keysButton: HTMLButtonElement;
  /** The keyboard's place: lane, span, the way back from a wake-up (webview/keyboard.ts). */
  private readonly nav: SpanFocus;
  private readonly zoomer: ZoomBehavior<HTMLCanvasElement, unknown>;
  private readonly text = new TextWidths();
  private v: Viewport;
  private cssW = 0;
  private syncing = false;
  private pinned = -1;
  private hovered = -1;
  private cursorX: number | null = null;
  private frameRequested = false;
  private lastStats: FrameStats | undefined;
  /** A long run: drawn from its summary, or from a window's detail when the view is inside it. */
  private summary: Summary | undefined;
  private findingOverlay: FindingOverlay | undefined;
  private detail: Detail | undefined;
  /** Draw time of each frame, ms (the benchmark reads them). */
  readonly frameMs: number[] = [];
  firstPaintAt: number | undefined;
  /** Date.now() when a frame first had a lane in it (a live run's view starts empty). */
  firstLaneAt: number | undefined;

  constructor(
    private data: ViewData,
    private pal: Palette,
    private readonly cb: TimelineCallbacks,
  ) {
    this.el = h('section', 'il-timeline');
    this.sizeGutter();
    const axisRow = h('div', 'il-axisrow');
    const corner = h('div', 'il-corner');
    corner.append(
      button('Fit', 'Zoom to fit the whole run (0)', () => this.fit()),
      button('−', 'Zoom out (−)', () => this.zoomBy(1 / KEY_ZOOM)),
      button('+', 'Zoom in (+)', () => this.zoomBy(KEY_ZOOM)),
    );
    this.axis = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    this.axis.setAttribute('aria-hidden', 'true');
    axisRow.append(corner, this.axis);

    this.body = h('div', 'il-body');
    this.body.tabIndex = 0;
    this.body.setAttribute('role', 'group');
    this.body.setAttribute('aria-roledescription', 'timeline');
    this.body.setAttribute('aria-describedby', 'il-keys');
    this.labels = h('div', 'il-labels');
    this.labels.setAttribute('role', 'list');
    this.labels.setAttribute('aria-label', 'Threads');
    const wrap = h('div', 'il-canvaswrap');
    this.canvas = document.createElement('canvas');
    this.canvas.setAttribute('aria-hidden', 'true');
    wrap.append(this.canvas);
    this.body.append(this.labels, wrap);
    this.tooltip = h('div', 'il-tooltip');
    this.tooltip.setAttribute('role', 'tooltip');
    this.tooltip.hidden = true;

    const status = h('div', 'il-status');
    this.readout = h('span', 'il-readout');
    this.windowText = h('span', 'il-window');
    this.hint = h('span', 'il-hint');
    this.keysBox = keysList();
    this.keysButton = button('? Keys', 'Keyboard keys of the timeline (?)', () => this.toggleKeys());
    this.keysButton.setAttribute('aria-expanded', 'false');
    this.keysButton.setAttribute('aria-controls', 'il-keys');
    status.append(this.readout, this.windowText, this.hint, this.keysButton);
    this.announcer = h('div', 'il-sr');
    this.announcer.setAttribute('aria-live', 'polite');
    this.el.append(axisRow, this.body, status, this.keysBox, this.tooltip, this.announcer);
    this.nav = new SpanFocus(data.model);
    this.labelBody();

    this.ctx = this.canvas.getContext('2d', { alpha: true })!;
    this.v = fitAll(data.model.durationNs, 1);
    this.zoomer = zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([1e-3, 1e12])
      .clickDistance(4)
      .filter((ev: Event) => !(ev as MouseEvent).button && ev.type !== 'dblclick')
      .on('zoom', (ev: { transform: ZoomTransform }) => this.onZoom(ev.transform));
    select(this.canvas).call(this.zoomer);

    this.canvas.addEventListener('pointermove', (e) => this.onPointer(e));
    this.canvas.addEventListener('pointerleave', () => this.onLeave());
    this.canvas.addEventListener('click', (e) => this.onClick(e));
    this.body.addEventListener('keydown', (e) => this.onKey(e));
    // Only width changes matter (the height follows the layout): ignore the rest.
    new ResizeObserver(() => {
      if (wrap.clientWidth !== this.cssW) this.resize();
    }).observe(wrap);
    this.renderLabels();
  }

  // ---- data and palette ----------------------------------------------------------------------

  /** New data for the same run (live growth): keep the window, or follow the end if it showed it. */
  setData(data: ViewData): void {
    const prev = this.data.model.durationNs;
    this.data = data;
    this.nav.setModel(data.model);
    this.labelBody();
    this.v = clampViewport(followGrowth(this.v, fitAll(prev, 1).t1, fitAll(data.model.durationNs, 1).t1), this.limits());
    this.sizeGutter();
    this.renderLabels();
    this.resize();
  }

  /**
   * Wide enough for the longest thread name with its end ("Thread-1 (worker1)  stopped"), within reason; sized again
   * as a live run grows, since threads get their end (and new threads appear) after the first lanes are drawn.
   * Process headers ("producer · pid 4242 · exit 0") are uppercase and small: about as wide per character.
   */
  private sizeGutter(): void {
    const { trace } = this.data;
    const headers = (trace.processes ?? []).map((p) => processHeader(trace, p.id).length);
    const longest = Math.max(...trace.threads.map((t) => t.name.length + (t.daemon || (t.exit && t.exit !== 'normal') ? 9 : 0)), ...headers, 10);
    this.el.style.setProperty('--il-gutter', `${Math.min(280, Math.max(120, 20 + longest * 7.5))}px`);
  }

  /** A summarised run's summary (a new one as a live run grows, or a finer window's). */
  setSummary(summary: Summary | undefined): void {
    this.summary = summary;
    if (!summary) this.detail = undefined;
    this.requestRender();
  }

  setDetail(detail: Detail | undefined): void {
    this.detail = detail;
    this.requestRender();
  }

  /** What the current window is drawn from: a detail that covers it, else the summary (if any) over the run's own data. */
  private shown(): { data: ViewData; summary?: SummaryLayer } {
    const d = this.detail;
    if (d && this.detailCovers(this.v)) return { data: d.data };
    return { data: this.data, summary: this.summary?.layerFor(this.v) };
  }

  /** Whether the window's own events in hand (a detail) tell all of `v`: zoomed in within them, nothing more to ask for. */
  detailCovers(v: Viewport): boolean {
    const d = this.detail;
    return d !== undefined && v.t0 >= d.from && Math.min(v.t1, this.data.model.durationNs) <= d.to;
  }

  /** Whether the lanes on screen are a summary (no single operation can be pointed at). */
  get summarised(): boolean {
    return this.shown().summary !== undefined;
  }

  /** The selected finding drawn over the lanes (findings.ts); undefined clears it. */
  setFindingOverlay(o: FindingOverlay | undefined): void {
    this.findingOverlay = o;
    this.requestRender();
  }

  /** Short, read on every focus: what this is and where the keys are (the list itself is its description). */
  private labelBody(): void {
    const n = this.data.trace.threads.length;
    this.body.setAttribute('aria-label', `Timeline of ${n} thread${n === 1 ? '' : 's'}. Press ? for keys.`);
  }

  setPalette(pal: Palette): void {
    this.pal = pal;
    this.requestRender();
  }

  /** Light up a primitive in every lane (from the side list or the contention table); −1 clears. */
  pick(prim: number): void {
    this.pinned = this.pinned === prim ? -1 : prim;
    this.cb.focusChanged(this.focusPrim(), this.pinned >= 0);
    this.requestRender();
  }

  /** Light up a primitive while the pointer is on it elsewhere (side list, table); −1 ends it. */
  light(prim: number): void {
    this.hovered = prim;
    if (this.pinned < 0) this.cb.focusChanged(prim, false);
    this.requestRender();
  }

  // ---- zoom -------------------------------------------------------------------------------------

  private limits(): ViewLimits {
    return { durationNs: this.data.model.durationNs, minSpanNs: DEFAULT_MIN_SPAN_NS };
  }

  private baseNs(): number {
    return fitAll(this.data.model.durationNs, 1).t1;
  }

  private bodyWidth(): number {
    return Math.max(this.cssW - cycleGutterPx(this.data, this.cssW), 10);
  }

  private onZoom(tr: ZoomTransform): void {
    if (this.syncing) return;
    const v = viewportFromTransform(tr, this.baseNs(), this.bodyWidth());
    this.setViewport(v);
  }

  private setViewport(v: Viewport): void {
    this.v = clampViewport(v, this.limits());
    const t = transformFromViewport(this.v, this.baseNs());
    this.syncing = true;
    this.zoomer.transform(select(this.canvas), zoomIdentity.translate(t.x, 0).scale(t.k));
    this.syncing = false;
    this.requestRender();
    this.cb.windowChanged?.(this.v);
  }

  zoomTo(t0: number, t1: number): void {
    this.setViewport({ t0, t1, width: this.bodyWidth() });
  }

  fit(): void {
    this.setViewport(fitAll(this.data.model.durationNs, this.bodyWidth()));
  }

  zoomBy(factor: number, anchorPx = this.cursorX ?? this.v.width / 2): void {
    this.setViewport(zoomAt(this.v, anchorPx, factor, this.limits()));
  }

  panPx(dx: number): void {
    this.setViewport(panBy(this.v, dx, this.limits()));
  }

  get viewport(): Viewport {
    return this.v;
  }

  // ---- layout -------------------------------------------------------------------------------------

  private resize(): void {
    const wrap = this.canvas.parentElement!;
    this.cssW = Math.max(wrap.clientWidth, 50);
    const cssH = Math.max(this.data.layout.height, 40);
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(this.cssW * dpr);
    this.canvas.height = Math.round(cssH * dpr);
    this.canvas.style.width = `${this.cssW}px`;
    this.canvas.style.height = `${cssH}px`;
    this.labels.style.height = `${cssH}px`;
    this.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.axis.setAttribute('width', String(this.cssW));
    this.setViewport({ ...this.v, width: this.bodyWidth() });
  }

  private renderLabels(): void {
    const { data } = this;
    this.labels.replaceChildren();
    for (const row of data.layout.rows) {
      const el = h('div', 'il-label');
      el.style.top = `${row.y}px`;
      el.dataset.kind = row.kind;
      if (row.kind === 'lane') {
        const th = data.trace.threads[row.lane];
        el.style.height = el.style.lineHeight = `${row.stateH}px`;
        el.setAttribute('role', 'listitem');
        el.dataset.lane = String(row.lane);
        el.setAttribute('aria-label', describeLane(data, row.lane));
        el.title = el.getAttribute('aria-label')!;
        el.textContent = th.name; // its process's header is above it
        const sub = th.daemon ? 'daemon' : th.exit && th.exit !== 'normal' ? th.exit : '';
        if (sub) el.append(' ', Object.assign(h('span', 'il-sub'), { textContent: sub }));
      } else if (row.kind === 'group') {
        el.style.height = el.style.lineHeight = `${row.h}px`;
        el.textContent = processHeader(data.trace, row.process);
      } else {
        const c = data.counters[row.counter];
        el.style.height = `${row.h}px`;
        el.style.lineHeight = `${row.h / 2}px`;
        // The primitive's name, then what is counted and its range ("permits 0 to 2") on a line of its own,
        // so a narrow column cuts the name, never what the track means.
        const name = data.prims.get(c.prim)?.name;
        el.textContent = name ?? c.label;
        el.append(h('br'), h('span', 'il-sub', `${name ? c.label.split(' ').pop() : 'from'} ${c.lo} to ${c.hi}`));
        el.title = c.label;
        el.setAttribute('role', 'listitem');
        el.setAttribute('aria-label', counterStory(name ? `${primLabel(data, c.prim)} ${c.label.split(' ').pop()}` : c.label, c.t, c.v));
      }
      this.labels.append(el);
    }
  }

  // ---- pointer and keys ------------------------------------------------------------------------

  private hitAt(x: number, y: number): Hit | undefined {
    const { data, summary } = this.shown();
    return summary ? undefined : hitTest(data.layout, data.lanes, this.v, x, y);
  }

  /** The summary bucket under a point of a summarised lane, in words. */
  private bucketAt(x: number, y: number): { title: string; detail: string; reason: string } | undefined {
    const layer = this.shown().summary;
    const row = layer && x >= 0 && x <= this.v.width ? this.data.layout.laneRows.find((r) => r && y >= r.y && y < r.y + r.h) : undefined;
    const d = row && describeBucket(layer!, row.lane, this.v, x);
    return d && { ...d, title: `${this.data.lanes[row.lane].name} · ${d.title}` };
  }

  private onPointer(e: PointerEvent): void {
    const r = this.canvas.getBoundingClientRect();
    const x = e.clientX - r.left;
    const y = e.clientY - r.top;
    this.cursorX = x <= this.v.width ? x : null;
    this.readout.textContent = this.cursorX === null ? '' : `cursor ${formatCursor(pxToNs(this.v, x), (this.v.t1 - this.v.t0) / this.v.width)}`;
    const hit = e.buttons ? undefined : this.hitAt(x, y);
    const bucket = e.buttons || hit ? undefined : this.bucketAt(x, y);
    const prev = this.hovered;
    if (bucket) {
      this.hovered = -1;
      this.showTooltip(bucket.title, bucket.detail, bucket.reason, '', e.clientX, e.clientY);
    } else if (hit) {
      const d = describeHit(this.shown().data, hit);
      this.hovered = d.prim;
      this.showTooltip(d.title, d.detail, d.reason, siteText(this.data, d.at), e.clientX, e.clientY);
    } else {
      this.hovered = -1;
      this.tooltip.hidden = true;
    }
    if (prev !== this.hovered && this.pinned < 0) this.cb.focusChanged(this.focusPrim(), false);
    this.requestRender();
  }

  private onLeave(): void {
    this.cursorX = null;
    this.tooltip.hidden = true;
    this.readout.textContent = '';
    if (this.hovered >= 0 && this.pinned < 0) {
      this.hovered = -1;
      this.cb.focusChanged(-1, false);
    }
    this.hovered = -1;
    this.requestRender();
  }

  private onClick(e: MouseEvent): void {
    const r = this.canvas.getBoundingClientRect();
    const x = e.clientX - r.left;
    if (x <= this.v.width) this.cb.marked(Math.max(0, pxToNs(this.v, x)));
    const hit = this.hitAt(x, e.clientY - r.top);
    if (!hit) {
      if (this.pinned >= 0) this.pick(this.pinned);
      return;
    }
    const d = describeHit(this.shown().data, hit);
    if (d.prim >= 0 && d.prim !== this.pinned) this.pick(d.prim);
    if (d.at >= 0) this.cb.reveal(d.at);
    // The keyboard goes on from the span clicked (its index is the run's own, not a zoomed-in window's detail).
    if (hit.kind === 'span' && this.shown().data === this.data) this.focusOn({ lane: hit.lane, span: hit.span });
  }

  private showTooltip(title: string, detail: string, reason: string, site: string, cx: number, cy: number, hint = 'Click to open this line'): void {
    const t = this.tooltip;
    t.replaceChildren();
    const line = (cls: string, text: string) => text && t.append(Object.assign(h('div', cls), { textContent: text }));
    line('il-tt-title', title);
    line('il-tt-site', detail);
    line('il-tt-reason', reason);
    line('il-tt-site', site ? `at ${site}` : '');
    line('il-tt-hint', site ? hint : '');
    t.hidden = false;
    const w = t.offsetWidth;
    const ht = t.offsetHeight;
    t.style.left = `${Math.min(cx + 14, window.innerWidth - w - 8)}px`;
    t.style.top = `${cy + 16 + ht > window.innerHeight ? cy - ht - 10 : cy + 16}px`;
  }

  private onKey(e: KeyboardEvent): void {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const k = e.key;
    const nav = this.nav;
    const step = 3 * KEY_PAN * this.v.width;
    const lane = (l: number) => describeLane(this.data, l);
    if ((k === 'ArrowLeft' && e.shiftKey) || k === 'a') this.panPx(step);
    else if ((k === 'ArrowRight' && e.shiftKey) || k === 'd') this.panPx(-step);
    else if (k === '+' || k === '=') this.zoomBy(KEY_ZOOM, this.v.width / 2);
    else if (k === '-' || k === '_') this.zoomBy(1 / KEY_ZOOM, this.v.width / 2);
    else if (k === '0' || k === 'f') this.fit();
    else if (k === 'ArrowDown' || k === 'ArrowUp') this.apply(nav.lanes(k === 'ArrowDown' ? 1 : -1, lane));
    else if (k === 'ArrowLeft' || k === 'ArrowRight') this.apply(nav.step(k === 'ArrowRight' ? 'next' : 'prev'));
    else if (k === 'Home' || k === 'End') this.apply(nav.step(k === 'Home' ? 'first' : 'last'));
    else if (k === 'n' || k === 'N') this.apply(nav.event(k === 'N' ? -1 : 1));
    else if (k === 'w' || k === 'W') this.apply(nav.waker());
    else if (k === 'Backspace') this.apply(nav.goBack());
    else if (k === 'c' || k === 'C') this.apply(nav.loop());
    else if (k === 't' || k === 'T') this.apply(nav.story());
    else if (k === 'Enter') this.details();
    else if (k === '?') this.toggleKeys();
    else if (k === 'Escape') {
      this.tooltip.hidden = true;
      if (!this.keysBox.hidden) this.toggleKeys();
      if (this.pinned >= 0) this.pick(this.pinned);
    } else return;
    e.preventDefault();
  }

  /** Moves the keyboard's focus (if the move has a target), brings it into view and says what it is. */
  private apply(m: Move): void {
    this.tooltip.hidden = true;
    if (m.to) this.focusOn(m.to);
    this.say(m.say);
  }

  private say(text: string): void {
    this.announcer.textContent = text;
  }

  private focusOn(to: { lane: number; span: number }): void {
    this.nav.set(to);
    for (const el of this.labels.querySelectorAll<HTMLElement>('[data-lane]')) el.setAttribute('aria-current', String(el.dataset.lane === String(to.lane)));
    const s = this.data.model.spans[to.lane]?.[to.span];
    if (s && (s.end < this.v.t0 || s.start > this.v.t1)) {
      // Out of view: centre it (its start, when it is wider than the window), keeping the zoom.
      const w = this.v.t1 - this.v.t0;
      const t0 = s.end - s.start < w * 0.8 ? (s.start + s.end) / 2 - w / 2 : s.start - w * 0.1;
      this.setViewport({ t0, t1: t0 + w, width: this.v.width });
    }
    this.requestRender();
  }

  /** Enter: the focused span's tooltip, shown beside it and read out, and its source line opened. */
  private details(): void {
    const ref = this.nav.ref;
    if (!ref) return this.say('Pick a span first: up and down arrows choose a thread, left and right its spans.');
    const d = describeHit(this.data, { kind: 'span', lane: ref.lane, span: ref.span });
    const site = siteText(this.data, d.at);
    const s = this.data.model.spans[ref.lane][ref.span];
    const r = this.canvas.getBoundingClientRect();
    const x = nsToPx(this.v, Math.max(s.start, this.v.t0) / 2 + Math.min(s.end, this.v.t1) / 2);
    const row = this.data.layout.laneRows[ref.lane];
    this.showTooltip(d.title, d.detail, d.reason, site, r.left + x, r.top + row.stateY + row.stateH, 'Enter opens this line; Escape closes this');
    this.say([d.title, d.detail, d.reason, site ? `Source: ${site}` : 'No source line.'].filter(Boolean).join('. '));
    if (d.at >= 0) this.cb.reveal(d.at);
  }

  private toggleKeys(): void {
    this.keysBox.hidden = !this.keysBox.hidden;
    this.keysButton.setAttribute('aria-expanded', String(!this.keysBox.hidden));
  }

  focusPrim(): number {
    return this.pinned >= 0 ? this.pinned : this.hovered;
  }

  // ---- rendering --------------------------------------------------------------------------------

  private focusSpan(): { lane: number; t0: number; t1: number } | undefined {
    const ref = this.nav.ref;
    const s = ref && this.data.model.spans[ref.lane]?.[ref.span];
    return ref && s ? { lane: ref.lane, t0: s.start, t1: s.end } : undefined;
  }

  /** One coalesced frame, however many changes asked for it. */
  requestRender(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      this.render();
    });
  }

  private render(): void {
    const t0 = performance.now();
    const cssH = this.data.layout.height;
    const shown = this.shown();
    this.lastStats = drawFrame(
      {
        ctx: this.ctx,
        width: this.cssW,
        height: cssH,
        v: this.v,
        data: shown.data,
        summary: shown.summary,
        pal: this.pal,
        focusPrim: this.focusPrim(),
        focusLane: this.nav.lane,
        focusSpan: this.focusSpan(),
        cursorX: this.cursorX,
      },
      this.text,
    );
    if (this.findingOverlay && !shown.summary) drawFindingOverlay(this.ctx, this.v, shown.data, this.findingOverlay, this.pal);
    this.renderAxis();
    const span = this.v.t1 - this.v.t0;
    this.windowText.textContent = `showing ${formatDuration(Math.max(this.v.t0, 0))} – ${formatDuration(this.v.t1)} (${formatDuration(span)} wide)`;
    this.hint.textContent = shown.summary
      ? 'Summary: bar heights are shares of time · zoom in to see every operation'
      : this.lastStats.linksCut
        ? 'Zoom in to see the wake-up arrows'
        : 'Wheel: zoom · drag: pan · click: open source';
    const ms = performance.now() - t0;
    if (this.frameMs.length > 2000) this.frameMs.splice(0, 1000);
    this.frameMs.push(ms);
    if (this.firstPaintAt === undefined) {
      this.firstPaintAt = performance.now();
      performance.mark('interleave:first-paint');
    }
    // Wall-clock time, comparable with the host's: what "Run → first lane painted" ends on.
    if (this.firstLaneAt === undefined && this.data.trace.threads.length > 0) this.firstLaneAt = Date.now();
  }

  private renderAxis(): void {
    const x = scaleLinear().domain([this.v.t0, this.v.t1]).range([0, this.v.width]);
    let ticks = x.ticks(Math.max(2, Math.floor(this.v.width / 110)));
    const step = ticks.length > 1 ? ticks[1] - ticks[0] : this.v.t1 - this.v.t0;
    const fmt = tickFormatter(step, this.v.t1);
    // d3 may return more ticks than asked for: on a narrow panel keep every k-th, so no two labels overlap.
    this.ctx.font = `11px ${this.pal.font}`;
    const widest = Math.max(0, ...ticks.map((t) => this.text.width(this.ctx, fmt(t)))) + 12;
    const every = Math.ceil(widest / (this.v.width / Math.max(ticks.length, 1)));
    if (every > 1) ticks = ticks.filter((_, i) => i % every === 0);
    const svg = select(this.axis);
    const g = svg.selectAll<SVGGElement, null>('g').data([null]).join('g').attr('transform', 'translate(0,0)');
    g.call(
      axisBottom(x)
        .tickValues(ticks)
        .tickFormat((d) => fmt(Number(d)))
        .tickSizeOuter(0)
        .tickSize(5),
    );
  }

  /** What the tests and the accessible state read. */
  snapshot() {
    const r = this.canvas.getBoundingClientRect();
    return {
      window: { t0: this.v.t0, t1: this.v.t1, width: this.v.width },
      firstLaneAt: this.firstLaneAt ?? null,
      canvas: { left: r.left, top: r.top, width: r.width, height: r.height },
      summarised: this.summarised,
      drawn: this.lastStats
        ? {
            states: [...this.lastStats.states],
            runs: this.lastStats.runs,
            mergedSpans: this.lastStats.mergedSpans,
            links: this.lastStats.links,
            linksCut: this.lastStats.linksCut,
            labels: this.lastStats.labels,
            waitArrows: this.lastStats.waitArrows,
            tasks: this.lastStats.tasks,
          }
        : undefined,
      focusPrim: this.focusPrim(),
      pinnedPrim: this.pinned,
      tooltip: this.tooltip.hidden ? null : this.tooltip.textContent,
      finding: this.findingOverlay ? findingSnapshot(this.findingOverlay) : null,
      focus: this.nav.ref ?? null,
      announced: this.announcer.textContent ?? '',
      keysShown: !this.keysBox.hidden,
    };
  }

  /** Client coordinates of time t on a lane's state bar, its task row or its first hold row (for tests that hover and click). */
  pointOf(lane: number, t: number, part: 'state' | 'task' | 'hold' = 'state'): { x: number; y: number } | undefined {
    const row = this.data.layout.laneRows[lane];
    if (!row) return undefined;
    const r = this.canvas.getBoundingClientRect();
    const y = part === 'task' ? row.taskY + row.taskH / 2 : part === 'hold' ? row.holdY + row.holdH / 2 : row.stateY + row.stateH - 5;
    return { x: r.left + nsToPx(this.v, t), y: r.top + y };
  }
}
