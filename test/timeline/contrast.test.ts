import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contrast, inkFor, legibleOn, over, parseColor } from '../../src/core/timeline/contrast';

const ratio = (a: string, b: string) => contrast(parseColor(a)!, parseColor(b)!);

test('parses the colour forms getComputedStyle and VS Code themes hand out', () => {
  assert.deepEqual(parseColor('#fff'), { r: 255, g: 255, b: 255, a: 1 });
  assert.deepEqual(parseColor('#1F1F1F'), { r: 31, g: 31, b: 31, a: 1 });
  assert.deepEqual(parseColor('#cccccc80'), { r: 204, g: 204, b: 204, a: 128 / 255 });
  assert.deepEqual(parseColor('rgb(1, 2, 3)'), { r: 1, g: 2, b: 3, a: 1 });
  assert.deepEqual(parseColor('rgba(10, 20, 30, 0.5)'), { r: 10, g: 20, b: 30, a: 0.5 });
  assert.deepEqual(parseColor('rgb(10 20 30 / 50%)'), { r: 10, g: 20, b: 30, a: 0.5 });
  assert.equal(parseColor('var(--x)'), undefined);
  assert.equal(parseColor('#12345'), undefined);
});

test('WCAG ratios: black on white is 21, a colour on itself is 1', () => {
  assert.equal(Math.round(ratio('#000', '#fff') * 100) / 100, 21);
  assert.equal(ratio('#3794ff', '#3794ff'), 1);
  // A translucent colour is judged as painted: #cccccc80 on a dark editor is a mid grey.
  const seen = over(parseColor('#cccccc80')!, parseColor('#1f1f1f')!);
  assert.ok(Math.abs(seen.r - 117.9) < 0.5, String(seen.r));
});

test('a colour that already stands out is kept; a faint one moves just far enough', () => {
  assert.equal(legibleOn('#d1242f', '#ffffff', 3), '#d1242f');
  // The standalone light palette's sleeping grey-blue (about 1.9:1 on white) gets darker, to 3:1 and not much more.
  const sleeping = legibleOn('#a9b8c9', '#ffffff', 3);
  const r = ratio(sleeping, '#ffffff');
  assert.ok(r >= 3 && r < 3.2, `${sleeping}: ${r}`);
  const [c, was] = [parseColor(sleeping)!, parseColor('#a9b8c9')!];
  assert.ok(c.b - c.r >= (was.b - was.r) * 0.6, 'still bluish');
  // On a dark background it goes lighter.
  const onDark = legibleOn('#333844', '#1f1f1f', 3);
  assert.ok(ratio(onDark, '#1f1f1f') >= 3 && parseColor(onDark)!.r > 0x33, onDark);
});

test('a translucent theme colour becomes the opaque colour it paints', () => {
  const c = legibleOn('#cccccc80', '#1f1f1f', 3);
  assert.match(c, /^#[0-9a-f]{6}$/);
  assert.ok(ratio(c, '#1f1f1f') >= 3);
});

test('a translucent chart tint keeps its hue (opaque); a translucent grey stays faded', () => {
  assert.equal(legibleOn('rgba(234, 92, 0, 0.33)', '#ffffff', 3), '#ea5c00');
  assert.equal(legibleOn('rgba(234, 92, 0, 0.33)', '#1f1f1f', 3), '#ea5c00');
  // Light Modern's disabledForeground: lifted from the light grey it paints, not its dark opaque grey.
  const grey = legibleOn('rgba(97, 97, 97, 0.5)', '#ffffff', 3);
  assert.ok(ratio(grey, '#ffffff') < 3.2 && ratio(grey, '#ffffff') >= 3, grey);
});

test('on a mid-grey background the nearer way out wins, even through the background', () => {
  const c = legibleOn('#8a8a8a', '#808080', 3);
  assert.ok(ratio(c, '#808080') >= 3, c);
});

test('unparsable colours are left alone; ink is black or white, whichever reads better', () => {
  assert.equal(legibleOn('papayawhip', '#fff', 3), 'papayawhip');
  assert.equal(inkFor('#ffffff'), '#111');
  assert.equal(inkFor('#0d1117'), '#fff');
  assert.equal(inkFor('#d1242f'), '#fff');
  assert.equal(inkFor('#e8a317'), '#111');
});
