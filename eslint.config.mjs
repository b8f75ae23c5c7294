// The house's boundaries, held by the linter (README, "How it works"): only src/extension imports
// vscode; src/core imports no Node built-in, worker_threads or DOM; the webview imports only
// src/core and d3. Layer order and cycles inside src/runtime and src/core: .dependency-cruiser.cjs.
// Types and unused code are tsc's (the per-layer tsconfig*.json): this config checks imports only.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...new Set(builtinModules.flatMap((m) => (m.startsWith('node:') ? [m] : [m, `node:${m}`])))];

const vscode = { name: 'vscode', message: 'Only src/extension imports vscode: the CLI, runtime, core and webview run without VS Code.' };
const node = (why) => nodeBuiltins.map((name) => ({ name, message: why }));
const upperLayers = (from) => ({
  regex: '^(\\.\\./)+(runtime|extension|cli|webview)(/|$)',
  message: `${from} is the ground floor: it imports only src/core (runtime, cli, extension and webview build on it).`,
});

// Globals only a browser (DOM) or only Node has: core runs in both.
const domGlobals = [
  'window',
  'document',
  'navigator',
  'location',
  'self',
  'localStorage',
  'sessionStorage',
  'requestAnimationFrame',
  'getComputedStyle',
  'HTMLElement',
  'HTMLCanvasElement',
  'acquireVsCodeApi',
];
const nodeGlobals = ['process', 'Buffer', 'require', 'module', '__dirname', '__filename', 'setImmediate'];

export default [
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-artifacts/**'] },
  {
    files: ['src/**/*.ts', 'webview/**/*.ts'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2023, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: { 'no-restricted-imports': ['error', { paths: [vscode] }] },
  },
  {
    files: ['src/extension/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [vscode, ...node('src/core runs in the webview too: no Node built-ins (pass what it needs in from the runtime).')],
          patterns: [upperLayers('src/core'), { group: ['d3', 'd3-*'], message: "d3 is the webview's: src/core computes, the webview draws." }],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...[...domGlobals, ...nodeGlobals].map((name) => ({
          name,
          message: `src/core runs in Node and in the browser: '${name}' exists in only one of them.`,
        })),
      ],
    },
  },
  {
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [vscode, ...node('The webview runs in a browser: no Node built-ins.')],
          patterns: [
            { regex: '^(?!\\.|d3(-[a-z]+)?$)', message: 'The webview imports only src/core and d3.' },
            {
              group: ['**/src/runtime/**', '**/src/extension/**', '**/src/cli/**', '**/test/**', '**/scripts/**', '**/bench/**'],
              message: 'The webview imports only src/core and d3.',
            },
          ],
        },
      ],
    },
  },
];
