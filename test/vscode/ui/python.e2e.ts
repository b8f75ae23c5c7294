// A Python script in a real VS Code workbench: ▶ Run with Interleave above `if __name__ ==
// "__main__":` runs it under the tracer; the Lock program's deadlock shows as lanes, a banner, a
// Problems entry, and a click on a span opens its .py line; the palette runs a Python example.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureFiles } from '../harness/fixtures';
import { sessionForFile } from '../harness/session';
import { clickLane, waitForTimeline } from '../harness/timeline';
import { codeLens, goToLine, openFile, pickQuickItem, runCommand, screenshot, revealedLine } from '../harness/workbench';
import { interpreters } from '../../python/pythons';

const python = interpreters().at(-1)!.path;
const s = sessionForFile({ vsix: process.env.INTERLEAVE_VSIX!, files: fixtureFiles(), settings: { 'interleave.pythonPath': python } });
const step = s.step;

test('CodeLens ▶ Run with Interleave on lock.py → deadlock lanes, Problems entry, click → the .py line', () =>
  step('python-codelens-deadlock', async () => {
    const page = s.page;
    await openFile(page, 'lock.py');
    await goToLine(page, 33);
    const run = codeLens(page, '▶ Run with Interleave').first();
    await run.waitFor({ timeout: 30_000 });
    await screenshot(page, 'py-1a-codelens');
    await run.click();
    const { frame, state } = await waitForTimeline(page, 'the Python deadlock', (st) => st.title === 'lock.py' && st.outcome?.kind === 'deadlock', 60_000);
    await page.waitForTimeout(300);
    await screenshot(page, 'py-1b-deadlock-timeline');
    const names = state.lanes.map((l) => l.name);
    assert.ok(names.includes('MainThread') && names.some((n) => /worker1/.test(n)) && names.some((n) => /worker2/.test(n)), `lanes: ${names}`);
    assert.match(state.banner ?? '', /deadlock/i);
    await codeLens(page, 'deadlock').first().waitFor();

    await runCommand(page, 'View: Focus Problems');
    const problems = page.locator('.markers-panel');
    await problems.waitFor();
    assert.match(await problems.innerText(), /worker1\) waits for Lock `lock`/);
    await screenshot(page, 'py-1c-problems');

    // worker1 is blocked on its own `with lock:` (line 15) from its sleep's end to the end, whichever worker the
    // OS ran first: click the middle of that last span (its length is the lane's blocked time).
    const worker1 = names.find((n) => /worker1/.test(n))!;
    const blocked = state.lanes.find((l) => l.name === worker1)!.states.blocked ?? 0;
    assert.ok(blocked > 0, `${worker1} ends blocked`);
    await clickLane(frame, worker1, state.durationNs - blocked / 2);
    await revealedLine(page, 'lock.py', 15);
    await screenshot(page, 'py-1d-click-reveals-line');
  }));

test('palette: Run Concurrency Scenario → the Python Semaphore example → four lanes, one waits for a permit', () =>
  step('python-palette-semaphore', async () => {
    const page = s.page;
    await runCommand(page, 'Interleave: Run Concurrency Scenario');
    await page.locator('.quick-input-widget input').fill('semaphore.py');
    await pickQuickItem(page, 'semaphore.py (Python)');
    const { state } = await waitForTimeline(page, 'the Python Semaphore run', (st) => st.title === 'semaphore.py' && st.outcome?.kind === 'completed', 60_000);
    await page.waitForTimeout(300);
    await screenshot(page, 'py-2-semaphore-timeline');
    assert.equal(state.lanes.length, 4, `${state.lanes.map((l) => l.name)}`);
    assert.ok(
      state.lanes.some((l) => (l.states.blocked ?? 0) > 0),
      'a worker waited for a permit',
    );
  }));
