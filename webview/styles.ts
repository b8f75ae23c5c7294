// The app's stylesheet. Colours are `--il-*` custom properties: inside VS Code they resolve to the
// theme's variables (dark, light and high contrast follow the editor); standalone they come from a
// built-in light or dark palette. The canvas reads the same properties (theme.ts), so DOM and
// canvas always agree.

// Every colour drawn as a shape reaches 3:1 on its background, text 4.5:1 (theme.ts lifts theme colours that do not).
const standaloneLight = `
  --il-bg: #ffffff; --il-fg: #1f2328; --il-muted: #59636e; --il-border: #d1d9e0; --il-panel: #f6f8fa;
  --il-running: #3b82d6; --il-blocked: #d1242f; --il-waiting: #b08800; --il-joining: #8250df;
  --il-sleeping: #8995a3; --il-done: #8c959f; --il-exception: #bf3989; --il-cutoff: #6e7781;
  --il-hold: #1f9d55; --il-hold-contended: #d4720b; --il-link: #424a53; --il-focus: #0969da;
  --il-log: #0969da; --il-task: #1b7c83; --il-danger-bg: #ffebe9; --il-warn-bg: #fff8c5; --il-info-bg: #ddf4ff; --il-outline: transparent;`;

const standaloneDark = `
  --il-bg: #0d1117; --il-fg: #e6edf3; --il-muted: #9198a1; --il-border: #3d444d; --il-panel: #151b23;
  --il-running: #4493f8; --il-blocked: #f85149; --il-waiting: #d29922; --il-joining: #ab7df8;
  --il-sleeping: #646d78; --il-done: #768390; --il-exception: #db61a2; --il-cutoff: #8b949e;
  --il-hold: #3fb950; --il-hold-contended: #f0883e; --il-link: #c9d1d9; --il-focus: #4493f8;
  --il-log: #79c0ff; --il-task: #39c5cf; --il-danger-bg: #3c1618; --il-warn-bg: #3a2d12; --il-info-bg: #0c2d48; --il-outline: transparent;`;

const vscode = `
  --il-bg: var(--vscode-editor-background, #1e1e1e); --il-fg: var(--vscode-editor-foreground, #d4d4d4);
  --il-muted: var(--vscode-descriptionForeground, #9d9d9d);
  --il-border: var(--vscode-panel-border, var(--vscode-widget-border, #80808059));
  --il-panel: var(--vscode-sideBar-background, var(--vscode-editorWidget-background, #252526));
  --il-running: var(--vscode-charts-blue, #3794ff); --il-blocked: var(--vscode-charts-red, #f14c4c);
  --il-waiting: var(--vscode-charts-yellow, #cca700); --il-joining: var(--vscode-charts-purple, #b180d7);
  --il-sleeping: var(--vscode-disabledForeground, #8c8c8c); --il-done: var(--vscode-editorLineNumber-foreground, #6e7681);
  --il-exception: var(--vscode-errorForeground, #f48771); --il-cutoff: var(--vscode-descriptionForeground, #9d9d9d);
  --il-hold: var(--vscode-charts-green, #89d185); --il-hold-contended: var(--vscode-charts-orange, #d18616);
  --il-link: var(--vscode-editor-foreground, #d4d4d4); --il-focus: var(--vscode-focusBorder, #007fd4);
  --il-log: var(--vscode-textLink-foreground, #3794ff); --il-task: var(--vscode-terminal-ansiCyan, #29b8db);
  --il-danger-bg: var(--vscode-inputValidation-errorBackground, #5a1d1d);
  --il-warn-bg: var(--vscode-inputValidation-warningBackground, #352a05);
  --il-info-bg: var(--vscode-inputValidation-infoBackground, #063b49);
  --il-outline: var(--vscode-contrastBorder, transparent);`;

export const CSS = `
:root[data-host=standalone] { ${standaloneLight} }
:root[data-host=standalone][data-theme=dark] { ${standaloneDark} }
:root[data-host=vscode] { ${vscode} }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; background: var(--il-bg); color: var(--il-fg);
  font: 13px/1.4 var(--vscode-font-family, system-ui, -apple-system, "Segoe UI", sans-serif); }
button, select { font: inherit; color: inherit; background: var(--il-panel); border: 1px solid var(--il-border);
  border-radius: 3px; padding: 2px 8px; cursor: pointer; }
button:focus-visible, [tabindex]:focus-visible, tr:focus-visible, li:focus-visible { outline: 2px solid var(--il-focus); outline-offset: 1px; }
.il-app { display: flex; flex-direction: column; min-height: 100vh; }
.il-head { display: flex; align-items: center; gap: 12px; padding: 8px 12px; border-bottom: 1px solid var(--il-border); flex-wrap: wrap; }
.il-head h1 { font-size: 15px; margin: 0; font-weight: 600; }
.il-head .il-file { color: var(--il-muted); }
.il-head .il-spacer { flex: 1; }
.il-badge { --tone: var(--il-muted); padding: 1px 8px; border-radius: 10px; font-weight: 600; border: 1px solid var(--tone); color: var(--il-fg);
  display: inline-flex; align-items: center; gap: 6px; }
/* The outcome's colour on the border and a dot (shapes: 3:1); the text keeps the foreground (4.5:1 in every theme). */
.il-badge::before { content: ''; width: 8px; height: 8px; border-radius: 50%; background: var(--tone); }
.il-badge[data-kind=completed] { --tone: var(--il-hold); }
.il-badge[data-kind=deadlock], .il-badge[data-kind=exception], .il-badge[data-kind=error] { --tone: var(--il-blocked); }
.il-badge[data-kind=stall], .il-badge[data-kind=timeout], .il-badge[data-kind=stopped], .il-badge[data-kind=exited] { --tone: var(--il-waiting); }
.il-badge[data-kind=live] { --tone: var(--il-running); }
.il-banner { margin: 8px 12px 0; padding: 8px 12px; border-radius: 4px; border-left: 4px solid var(--il-blocked); background: var(--il-danger-bg); }
.il-banner[data-tone=warn] { border-left-color: var(--il-waiting); background: var(--il-warn-bg); }
.il-banner[data-tone=info] { border-left-color: var(--il-running); background: var(--il-info-bg); }
.il-banner strong { display: block; margin-bottom: 2px; }
#interleave-note { margin: 8px 12px 0; padding: 8px 12px; border-radius: 4px; border-left: 4px solid var(--il-running); background: var(--il-info-bg); color: var(--il-fg); font: 13px system-ui, sans-serif; }
.il-banner pre { margin: 4px 0 0; white-space: pre-wrap; font: inherit; }
.il-step { margin: 8px 12px 0; padding: 6px 12px; border: 1px solid var(--il-border); border-left: 4px solid var(--il-running); border-radius: 4px; background: var(--il-panel); overflow-x: auto; }
.il-step.il-fork { display: flex; align-items: center; gap: 12px; }
.il-step-status { margin: 0 0 4px; color: var(--il-muted); }
.il-step table { border-collapse: collapse; }
.il-step caption { text-align: left; font-weight: 600; }
.il-step th, .il-step td { padding: 2px 12px 2px 0; text-align: left; vertical-align: top; }
.il-step td button, .il-step td:nth-child(2) { white-space: nowrap; }
.il-step .il-op { font-family: var(--vscode-editor-font-family, ui-monospace, monospace); white-space: nowrap; }
.il-step th { color: var(--il-muted); font-weight: 500; border-bottom: 1px solid var(--il-border); }
.il-step tr[aria-current=step] td:first-child { font-weight: 600; box-shadow: inset 3px 0 0 var(--il-focus); padding-left: 6px; }
.il-step tr[data-status=blocked] td:nth-child(2) { color: var(--il-blocked); }
.il-step-bar { display: flex; gap: 8px; margin-top: 6px; }
.il-main { display: flex; gap: 0; min-height: 0; }
.il-timeline { flex: 1; min-width: 0; display: flex; flex-direction: column; --il-gutter-now: min(var(--il-gutter), 32vw); }
.il-axisrow { display: flex; height: 26px; border-bottom: 1px solid var(--il-border); position: sticky; top: 0; background: var(--il-bg); z-index: 2; }
.il-axisrow .il-corner { width: var(--il-gutter-now); flex: none; display: flex; align-items: center; gap: 4px; padding: 0 6px; }
.il-axisrow .il-corner button { padding: 1px 6px; }
.il-axisrow svg { flex: 1; height: 26px; overflow: visible; }
.il-axisrow svg text { fill: var(--il-muted); font-size: 11px; }
.il-axisrow svg line, .il-axisrow svg path { stroke: var(--il-border); }
.il-body { position: relative; display: flex; outline: none; }
.il-body:focus-visible { box-shadow: inset 0 0 0 2px var(--il-focus); }
.il-labels { width: var(--il-gutter-now); flex: none; position: relative; border-right: 1px solid var(--il-border); }
.il-label { position: absolute; left: 0; right: 0; padding: 0 8px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; cursor: default; }
.il-label .il-sub { color: var(--il-muted); font-size: 11px; }
.il-label[data-kind=group] { font-weight: 600; color: var(--il-muted); text-transform: uppercase; font-size: 11px; }
.il-label[data-kind=counter] { color: var(--il-muted); font-size: 12px; }
.il-label[aria-current=true] { background: var(--il-panel); box-shadow: inset 0 0 0 2px var(--il-focus); font-weight: 600; }
.il-canvaswrap { flex: 1; position: relative; min-width: 0; }
.il-canvaswrap canvas { display: block; cursor: crosshair; touch-action: none; }
.il-tooltip { position: fixed; z-index: 10; max-width: 420px; pointer-events: none; padding: 6px 9px; border-radius: 4px;
  background: var(--vscode-editorHoverWidget-background, var(--il-panel)); color: var(--vscode-editorHoverWidget-foreground, var(--il-fg));
  border: 1px solid var(--vscode-editorHoverWidget-border, var(--il-border)); box-shadow: 0 2px 8px #0004; }
.il-tooltip[hidden] { display: none; }
.il-tooltip .il-tt-title { font-weight: 600; }
.il-tooltip .il-tt-reason { margin-top: 2px; }
.il-tooltip .il-tt-site, .il-tooltip .il-tt-hint { color: var(--il-muted); font-size: 12px; margin-top: 2px; }
.il-status { display: flex; gap: 16px; padding: 4px 12px; color: var(--il-muted); border-top: 1px solid var(--il-border); font-variant-numeric: tabular-nums; flex-wrap: wrap; }
.il-status .il-location { color: var(--il-fg); }
.il-status .il-btn { margin-left: auto; }
.il-keys { padding: 6px 12px 8px; border-top: 1px solid var(--il-border); background: var(--il-panel); }
.il-keys[hidden] { display: none; }
.il-keys h2 { font-size: 12px; margin: 0 0 4px; }
.il-keys dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0; }
.il-keys dt { font-weight: 600; white-space: nowrap; }
.il-keys dd { margin: 0; }
.il-side { width: 250px; flex: none; border-left: 1px solid var(--il-border); padding: 8px 10px; font-size: 12px; }
.il-side h2, .il-summary h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--il-muted); margin: 8px 0 4px; }
.il-legend { list-style: none; margin: 0; padding: 0; }
.il-legend li { display: flex; align-items: center; gap: 6px; margin: 2px 0; }
.il-swatch { width: 14px; height: 10px; border-radius: 2px; flex: none; border: 1px solid var(--il-outline); }
.il-swatch[data-shape=thin] { height: 5px; }
.il-swatch[data-shape=line] { height: 2px; }
.il-swatch[data-shape=diamond] { width: 8px; height: 8px; transform: rotate(45deg); }
.il-prims { list-style: none; margin: 0; padding: 0; }
.il-prims li { padding: 2px 4px; border-radius: 3px; cursor: pointer; display: flex; gap: 6px; }
.il-prims li .il-kind { color: var(--il-muted); }
.il-prims li[aria-selected=true] { background: var(--il-panel); box-shadow: inset 3px 0 0 var(--il-focus); }
.il-summary { padding: 4px 12px 16px; border-top: 1px solid var(--il-border); display: flex; gap: 32px; flex-wrap: wrap; align-items: flex-start; }
.il-summary > div { max-width: 100%; overflow-x: auto; }
.il-findings { flex-basis: 100%; }
.il-finding-list { margin: 0; padding-left: 20px; }
.il-finding-title { font: inherit; text-align: left; background: none; color: inherit; border: 1px solid var(--il-border); border-radius: 3px; padding: 2px 6px; cursor: pointer; }
.il-finding-title[aria-pressed="true"] { border-color: var(--il-focus); box-shadow: inset 0 0 0 1px var(--il-focus); }
.il-finding-title:focus-visible { outline: 2px solid var(--il-focus); outline-offset: 1px; }
.il-finding-details { margin: 2px 0 8px; padding-left: 16px; color: var(--il-muted); white-space: normal; }
.il-finding-status { margin: 4px 0 2px; }
.il-badge[data-kind=confirmed] { --tone: var(--il-blocked); }
.il-badge[data-kind=notReproduced], .il-badge[data-kind=confirming] { --tone: var(--il-waiting); }
.il-finding-replays { list-style: none; margin: 2px 0; padding: 0; display: flex; flex-direction: column; gap: 3px; align-items: flex-start; }
.il-finding-command { font-family: var(--vscode-editor-font-family, ui-monospace, monospace); font-size: 11px; overflow-wrap: anywhere; color: var(--il-muted); }
.il-summary table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
.il-summary th, .il-summary td { padding: 2px 10px 2px 0; text-align: right; white-space: nowrap; }
.il-summary th:first-child, .il-summary td:first-child { text-align: left; }
.il-summary th { color: var(--il-muted); font-weight: 500; border-bottom: 1px solid var(--il-border); }
.il-summary tbody tr { cursor: pointer; }
.il-summary tbody tr[aria-selected=true] { background: var(--il-panel); }
.il-split { display: flex; width: 160px; height: 10px; border-radius: 2px; overflow: hidden; background: var(--il-done); }
.il-split span { display: block; height: 100%; }
.il-message { margin: 24px; padding: 16px 20px; border-radius: 6px; border-left: 4px solid var(--il-blocked); background: var(--il-danger-bg); }
.il-message h2 { margin: 0 0 6px; font-size: 15px; overflow-wrap: anywhere; }
.il-run-error .il-where { margin: 6px 0; }
.il-link { font: inherit; font-family: var(--vscode-editor-font-family, ui-monospace, monospace); padding: 0; border: none; background: none; color: var(--vscode-textLink-foreground, #0b63c4); text-decoration: underline; cursor: pointer; }
.il-message pre { white-space: pre-wrap; margin: 8px 0 0; font-family: var(--vscode-editor-font-family, ui-monospace, monospace); font-size: 12px; }
.il-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
/* A narrow panel (VS Code beside an editor): the legend and lists go below the lanes, which keep the width. */
@media (max-width: 820px) { .il-main { flex-direction: column; } .il-side { width: auto; border-left: none; border-top: 1px solid var(--il-border); columns: 2; } }
/* Forced colours (Windows high contrast): the browser repaints the DOM but not the canvas, so the swatches and
   bars that stand for canvas colours keep theirs, and the legend still matches the drawing. */
@media (forced-colors: active) { .il-swatch, .il-split span, .il-badge::before { forced-color-adjust: none; } }
/* Narrower still: the time-split bars shrink so every column of the summary stays in view. */
@media (max-width: 620px) { .il-split { width: 64px; } .il-summary th, .il-summary td { padding-right: 8px; } }
`;

/** Adds the stylesheet under the page's CSP nonce (the one the app's own script carries). */
export function installStyles(doc: Document, nonce: string | undefined): void {
  const style = doc.createElement('style');
  if (nonce) style.nonce = nonce;
  style.textContent = CSS;
  doc.head.appendChild(style);
}
