import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createNonce, embedJson, embedScript, renderHtmlReport, webviewHtml } from '../../src/core/export/html';
import { semaphoreTrace } from '../helpers/traces';

test('the standalone report is one offline file: strict CSP, nonce on the script, nothing remote', () => {
  const trace = semaphoreTrace();
  const html = renderHtmlReport(trace, 'console.log(1)', { nonce: 'abc123' });
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'nonce-abc123'/);
  assert.match(csp, /style-src 'nonce-abc123'/);
  assert.doesNotMatch(csp, /unsafe|https?:/);
  assert.match(html, /<script nonce="abc123">console.log\(1\)<\/script>/);
  assert.doesNotMatch(html, /\s(src|href)=/, 'no external resource');
  const json = /<script type="application\/json" id="interleave-trace">([\s\S]*?)<\/script>/.exec(html)?.[1];
  assert.deepEqual(JSON.parse(json!), trace);
  assert.match(html, /<title>Semaphore\(2\) with three workers — Interleave<\/title>/);
});

test('text that would close the script element is neutralised, with the same meaning', () => {
  const trace = semaphoreTrace();
  trace.strings.push('</script><script>alert(1)</script><!--');
  const html = renderHtmlReport(trace, 'const s = "</script>"; /<!--/.test(s);', { nonce: 'n' });
  assert.equal(html.match(/<\/script>/g)?.length, 2, 'only the two real closing tags');
  assert.deepEqual(JSON.parse(embedJson(JSON.stringify(trace.strings))), trace.strings);
  const js = embedScript('const s = "</script><!--"; const r = /<!--/;');
  assert.doesNotMatch(js, /<\/script|<!--/i);
  assert.deepEqual(new Function(`${js}; return [s, r.test('a<!--b')];`)(), ['</script><!--', true]);
});

test('the VS Code panel shell loads the bundle from the webview URI under the CSP source', () => {
  const html = webviewHtml({ scriptUri: 'vscode-resource://x/dist/webview.js', nonce: 'N1', cspSource: 'vscode-webview://abc' });
  assert.match(html, /<script nonce="N1" src="vscode-resource:\/\/x\/dist\/webview.js"><\/script>/);
  assert.match(html, /style-src vscode-webview:\/\/abc 'nonce-N1'/);
  assert.match(html, /script-src 'nonce-N1'/);
  assert.doesNotMatch(html, /interleave-trace/);
});

test('nonces are fresh and long enough', () => {
  const a = createNonce();
  assert.notEqual(a, createNonce());
  assert.ok(Buffer.from(a, 'base64').length === 16);
});
