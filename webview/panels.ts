// The DOM around the canvas: header, outcome banner, side panel (legend, primitives to pick, the
// clicked source location) and the summary strip (per-thread time split, contention table).
// Real elements and tables, so screen readers and tests read them as they are.
import { formatDuration } from '../src/core/format/time';
import { threadName } from '../src/core/model/describe';
import { CONTENTION_COLUMNS } from '../src/core/model/stats';
import type { Outcome, Trace } from '../src/core/trace/format';
import { STATES, STATE_MEANING } from '../src/core/timeline/states';
import { type ViewData, primLabel } from './data';
import { button, h } from './dom';

export interface PanelCallbacks {
  pick(prim: number): void;
  hover(prim: number): void;
}

const baseName = (f: string) => f.split(/[\\/]/).pop() ?? f;

export function header(trace: Trace | undefined, badge: { kind: string; text: string }, extra: HTMLElement[] = []): HTMLElement {
  const el = h('header', 'il-head');
  el.append(h('h1', '', trace?.meta.title || 'Interleave timeline'));
  if (trace) el.append(h('span', 'il-file', `${baseName(trace.meta.file)}${trace.meta.scenario !== 'default' ? ` · ${trace.meta.scenario}` : ''}`));
  const b = h('span', 'il-badge', badge.text);
  b.dataset.kind = badge.kind;
  b.setAttribute('role', 'status');
  el.append(b, h('span', 'il-spacer'), ...extra);
  return el;
}

export function outcomeBadge(o: Outcome, live: boolean): { kind: string; text: string } {
  if (live) return { kind: 'live', text: `running… ${formatDuration(o.durationNs)}` };
  return { kind: o.kind, text: `${o.kind} · ${formatDuration(o.durationNs)}` };
}

const TONE: Record<string, string> = {
  deadlock: 'danger',
  exception: 'danger',
  error: 'danger',
  stall: 'warn',
  timeout: 'warn',
  stopped: 'warn',
  exited: 'warn',
};

/** The banner that says, in words, what went wrong; none for a clean completed run. */
export function banner(o: Outcome, live: boolean): HTMLElement | undefined {
  if (live) {
    const el = h('div', 'il-banner');
    el.dataset.tone = 'info';
    el.setAttribute('role', 'status');
    el.append(
      h('strong', '', 'Running…'),
      h('span', '', 'New events appear as they happen. The view follows the newest ones unless you zoom or pan elsewhere.'),
    );
    return el;
  }
  if (o.kind === 'completed') return undefined;
  const el = h('div', 'il-banner');
  el.dataset.tone = TONE[o.kind] ?? 'warn';
  el.setAttribute('role', 'alert');
  el.append(h('strong', '', o.summary || o.kind));
  let text = o.explanation;
  if (o.error?.file) text += `\n${o.error.file}${o.error.line ? `:${o.error.line}` : ''}${o.error.col ? `:${o.error.col}` : ''}`;
  if (o.stuck?.length)
    text += `\nThe arrows right of the lanes show who waits for whom${o.kind === 'deadlock' ? ': they close into a loop, so no one can go on.' : '.'}`;
  if (text.trim()) el.append(h('pre', '', text.trim()));
  return el;
}

// ---- side panel ----------------------------------------------------------------------------------

export interface SidePanel {
  el: HTMLElement;
  /** Marks the lit-up primitive in the list. */
  select(prim: number): void;
  /** Shows where a click points ("Opened …" in VS Code, the path standalone). */
  location(text: string): void;
}

export function sidePanel(data: ViewData, cb: PanelCallbacks): SidePanel {
  const el = h('aside', 'il-side');
  el.setAttribute('aria-label', 'Legend and primitives');
  el.append(h('h2', '', 'Legend'));
  const legend = h('ul', 'il-legend');
  const swatch = (v: string, shape = '') => {
    const s = h('span', 'il-swatch');
    s.style.background = `var(--il-${v})`;
    if (shape) s.dataset.shape = shape;
    return s;
  };
  const item = (sw: HTMLElement, text: string) => {
    const li = h('li');
    li.append(sw, h('span', '', text));
    legend.append(li);
  };
  for (const st of STATES) item(swatch(st, st === 'sleeping' ? 'thin' : st === 'done' ? 'line' : ''), STATE_MEANING[st]);
  item(swatch('hold', 'thin'), 'holds a lock, no one waiting');
  item(swatch('hold-contended', 'thin'), 'holds a lock while others wait');
  item(swatch('link', 'line'), 'wake-up: release → acquire, notify/set → wait, put → get');
  if (data.model.tasks?.length) item(swatch('task', 'thin'), 'pool task, under the worker that ran it');
  item(swatch('log', 'diamond'), 'log()');
  item(swatch('exception', 'diamond'), 'exception');
  el.append(legend);

  const prims = data.trace.primitives.filter((p) => p.kind !== 'Shared');
  const items = new Map<number, HTMLElement>();
  if (prims.length) {
    el.append(h('h2', '', 'Primitives'));
    const list = h('ul', 'il-prims');
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', 'Primitives: pick one to light it up in every lane');
    for (const p of prims) {
      const li = h('li');
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.tabIndex = 0;
      li.dataset.prim = String(p.id);
      li.append(h('span', 'il-name', p.name), h('span', 'il-kind', p.kind));
      li.addEventListener('click', () => cb.pick(p.id));
      li.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          cb.pick(p.id);
        }
      });
      li.addEventListener('mouseenter', () => cb.hover(p.id));
      li.addEventListener('mouseleave', () => cb.hover(-1));
      items.set(p.id, li);
      list.append(li);
    }
    el.append(list);
  }
  el.append(h('h2', '', 'Source'));
  const loc = h('div', 'il-location', 'Click a span to see where it happened.');
  loc.setAttribute('aria-live', 'polite');
  el.append(loc);
  return {
    el,
    select(prim) {
      for (const [id, li] of items) li.setAttribute('aria-selected', String(id === prim));
    },
    location(text) {
      loc.textContent = text;
    },
  };
}

// ---- summary strip -----------------------------------------------------------------------------

export function summary(data: ViewData, cb: PanelCallbacks): { el: HTMLElement; select(prim: number): void } {
  const el = h('section', 'il-summary');
  el.setAttribute('aria-label', 'Summary');
  const m = data.model;

  const threads = scrollBox('il-h-threads', 'Where each thread spent its time');
  const tt = h('table', 'il-threads');
  tt.createCaption().className = 'il-sr';
  tt.caption!.textContent = 'Time per thread by state';
  const head = tt.createTHead().insertRow();
  for (const c of ['thread', '', 'running', 'blocked', 'waiting', 'sleeping', 'joining']) head.append(h('th', '', c));
  // The bar column's header is for screen readers only: the bars speak for themselves on screen.
  head.cells[1].append(h('span', 'il-sr', 'share of time'));
  const tb = tt.createTBody();
  for (const s of m.splits) {
    const th = data.trace.threads.find((t) => t.id === s.thread);
    const row = tb.insertRow();
    const total = s.runningNs + s.blockedNs + s.waitingNs + s.sleepingNs + s.joiningNs || 1;
    const bar = h('div', 'il-split');
    bar.setAttribute('aria-hidden', 'true');
    for (const [state, ns] of [
      ['running', s.runningNs],
      ['blocked', s.blockedNs],
      ['waiting', s.waitingNs],
      ['sleeping', s.sleepingNs],
      ['joining', s.joiningNs],
    ] as const) {
      const part = h('span');
      part.style.width = `${(100 * ns) / total}%`;
      part.style.background = `var(--il-${state})`;
      bar.append(part);
    }
    row.insertCell().textContent = th ? threadName(data.trace, th) : `#${s.thread}`;
    row.insertCell().append(bar);
    for (const ns of [s.runningNs, s.blockedNs, s.waitingNs, s.sleepingNs, s.joiningNs]) row.insertCell().textContent = ns ? formatDuration(ns) : '–';
  }
  threads.append(tt);
  el.append(threads);

  const rows = new Map<number, HTMLTableRowElement>();
  if (m.contention.length) {
    const box = scrollBox('il-h-contention', 'Contention');
    const ct = h('table', 'il-contention');
    ct.createCaption().className = 'il-sr';
    ct.caption!.textContent = 'Contention per primitive';
    const hr = ct.createTHead().insertRow();
    for (const c of ['primitive', ...CONTENTION_COLUMNS]) hr.append(h('th', '', c));
    const body = ct.createTBody();
    for (const r of [...m.contention].sort((a, b) => b.totalWaitNs - a.totalWaitNs)) {
      const row = body.insertRow();
      row.tabIndex = 0;
      row.dataset.prim = String(r.prim);
      row.setAttribute('aria-selected', 'false');
      row.insertCell().textContent = primLabel(data, r.prim);
      row.insertCell().textContent = String(r.acquisitions);
      row.insertCell().textContent = `${r.contended} (${Math.round((100 * r.contended) / Math.max(r.acquisitions, r.contended, 1))} %)`;
      row.insertCell().textContent = String(r.neverGranted);
      row.insertCell().textContent = formatDuration(r.totalWaitNs);
      row.insertCell().textContent = formatDuration(r.maxWaitNs);
      row.addEventListener('click', () => cb.pick(r.prim));
      row.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          cb.pick(r.prim);
        }
      });
      row.addEventListener('mouseenter', () => cb.hover(r.prim));
      row.addEventListener('mouseleave', () => cb.hover(-1));
      rows.set(r.prim, row);
    }
    box.append(ct);
    el.append(box);
  }
  return {
    el,
    select(prim) {
      for (const [id, row] of rows) row.setAttribute('aria-selected', String(id === prim));
    },
  };
}

/** A titled box that scrolls sideways in a narrow panel: focusable, so keys can scroll it too. */
function scrollBox(id: string, title: string): HTMLElement {
  const box = h('div');
  box.tabIndex = 0;
  box.setAttribute('role', 'group');
  box.setAttribute('aria-labelledby', id);
  box.append(Object.assign(h('h2', '', title), { id }));
  return box;
}

/** A standalone report's light/dark switch. */
export function themeToggle(root: HTMLElement, onChange: () => void): HTMLButtonElement {
  const b = button('', 'Switch between light and dark colours', () => {
    root.dataset.theme = root.dataset.theme === 'dark' ? 'light' : 'dark';
    b.textContent = root.dataset.theme === 'dark' ? '☀ light' : '☾ dark';
    onChange();
  });
  b.textContent = root.dataset.theme === 'dark' ? '☀ light' : '☾ dark';
  return b;
}
