// The layers, held by dependency-cruiser (`npm run depcruise`, part of `npm test`): no import
// cycles, and no import running back up a layer. Ground floor src/core (trace and protocols,
// then model, analyses, then timeline geometry and exporters); above it src/runtime, whose folders
// say where code runs (README, "How it works"); then the CLI and the extension. Which packages a
// layer may import (vscode, Node built-ins, d3) is eslint.config.mjs's.
const rt = (folders) => `^src/runtime/(${folders})`;
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: split the shared part into a module both import.',
      from: { path: '^(src|webview)/' },
      to: { circular: true },
    },

    // Between the layers.
    {
      name: 'core-is-the-ground-floor',
      severity: 'error',
      comment: 'src/core imports only src/core.',
      from: { path: '^src/core/' },
      to: { path: '^(src/(runtime|cli|extension)|webview)/' },
    },
    { name: 'runtime-below-cli-and-extension', severity: 'error', from: { path: '^src/runtime/' }, to: { path: '^(src/(cli|extension)|webview)/' } },
    { name: 'cli-without-extension', severity: 'error', from: { path: '^src/cli/' }, to: { path: '^(src/extension|webview)/' } },
    { name: 'webview-on-core-only', severity: 'error', from: { path: '^webview/' }, to: { path: '^src/(?!core/)' } },

    // Inside src/core, bottom up: trace, protocol, format → model → analysis → timeline, export, render.
    // The webview protocol may name the shapes it carries (a type-only import compiles away).
    {
      name: 'core-trace-protocol-format-at-the-bottom',
      severity: 'error',
      from: { path: '^src/core/(trace|protocol|format)/' },
      to: { path: '^src/core/(model|analysis|timeline|export|render)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'core-model-below-analyses-and-views',
      severity: 'error',
      from: { path: '^src/core/model/' },
      to: { path: '^src/core/(analysis|timeline|export|render)/' },
    },
    { name: 'core-analysis-below-views', severity: 'error', from: { path: '^src/core/analysis/' }, to: { path: '^src/core/(timeline|export|render)/' } },
    {
      name: 'core-views-side-by-side',
      severity: 'error',
      from: { path: '^src/core/(timeline|export|render)/' },
      to: { path: '^src/core/(timeline|export|render)/', pathNot: '^src/core/$1/' },
      comment: 'The timeline, exporters and terminal view do not build on each other (shared parts go lower).',
    },

    // Inside src/runtime.
    { name: 'errors-are-a-leaf', severity: 'error', from: { path: '^src/runtime/errors\\.ts$' }, to: { path: '^src/' } },
    { name: 'shm-at-the-bottom', severity: 'error', from: { path: '^src/runtime/shm/' }, to: { path: '^src/runtime/(?!shm/)' } },
    { name: 'sched-below-primitives', severity: 'error', from: { path: '^src/runtime/sched/' }, to: { path: rt('primitives|mp|api|runner|host|child') } },
    {
      name: 'facade-on-top',
      severity: 'error',
      comment: 'The public facade (api/index.ts) re-exports the primitives; they must not import it back (errors.ts is the leaf they share).',
      from: { path: rt('primitives|mp|sched|worker/(?!main\\.ts$)|runner|host|child') },
      to: { path: '^src/runtime/api/' },
    },
    {
      name: 'entries-are-not-imported',
      severity: 'error',
      comment: 'A process entry (runner, worker, child) is bundled, never imported: move what others need into a module of its folder.',
      from: {},
      to: { path: rt('runner|worker|child') + '/main\\.ts$' },
    },
    {
      name: 'host-apart',
      severity: 'error',
      comment: 'The host (CLI, extension side) talks to the runner by messages (core/protocol), never by importing its code.',
      from: { path: '^src/runtime/host/' },
      to: { path: '^src/runtime/(?!host/|store/|tool-version\\.ts$)' },
    },
    { name: 'host-on-top', severity: 'error', from: { path: '^src/runtime/(?!host/)' }, to: { path: '^src/runtime/host/' } },
    {
      name: 'runner-sees-only-the-worker-protocol',
      severity: 'error',
      from: { path: '^src/runtime/runner/' },
      to: { path: '^src/runtime/worker/(?!protocol\\.ts$)' },
    },
    {
      name: 'thread-code-below-the-runner',
      severity: 'error',
      comment: 'Code that runs in scenario threads does not import the runner, host or child entry.',
      from: { path: rt('worker|primitives|api|sched') + '/' },
      to: { path: rt('runner|host|child') + '/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    exclude: { path: '\\.d\\.ts$' },
  },
};
