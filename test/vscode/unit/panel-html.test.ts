import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPanelWebviewState, panelHtml } from '../../../src/extension/panel-html';

const html = () =>
  panelHtml({ scriptUri: 'https://x.vscode-cdn.net/dist/webview.js', cspSource: 'https://x.vscode-cdn.net', panelKey: '/ws/a.ts#</script>', title: 'T' });

test('the shim runs before the bundle, under the same fresh nonce, and cannot be closed by the key', () => {
  const page = html();
  const nonces = [...page.matchAll(/<script nonce="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(nonces.length, 2);
  assert.equal(nonces[0], nonces[1]);
  assert.ok(page.indexOf('acquireVsCodeApi()') < page.indexOf('src="https://x.vscode-cdn.net/dist/webview.js"'));
  assert.ok(page.includes('"/ws/a.ts#\\u003c/script>"'), 'the key is JSON with < escaped');
  assert.match(page, /Content-Security-Policy" content="default-src 'none';/);
  assert.notEqual(nonces[0], [...html().matchAll(/<script nonce="([^"]+)"/g)][0][1], 'a new nonce per page');
});

test('isPanelWebviewState accepts only states carrying a panel key', () => {
  assert.ok(isPanelWebviewState({ panelKey: 'k', view: { zoom: 1 } }));
  assert.ok(!isPanelWebviewState(undefined));
  assert.ok(!isPanelWebviewState({ view: 1 }));
});
