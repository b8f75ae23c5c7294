// The text of "Interleave: New Scenario File": a small, commented scenario that runs as it is.
export const starterScenario = `// An Interleave scenario: threads, locks and queues with Python's threading semantics.
// Click "▶ Run" above the scenario (or run "Interleave: Run Concurrency Scenario") to see
// every thread on its own lane of the timeline. Times are in seconds, as in Python.
import { scenario, Thread, Lock, shared, sleep, log } from 'interleave';

// A thread's target must be an exported function: each thread loads this module afresh.
export function deposit(account: { balance: number }, lock: Lock, amount: number) {
  for (let i = 0; i < 3; i++) {
    lock.with(() => {
      const before = account.balance; // read-modify-write: safe only under the lock
      sleep(0.05);
      account.balance = before + amount;
    });
    sleep(0.02);
  }
  log(\`deposited \${amount} three times\`);
}

export default scenario('Two depositors share one lock', () => {
  // Primitives and shared records are created in the scenario's main, then passed to threads.
  const account = shared({ balance: 0 });
  const lock = new Lock();
  const threads = [10, 25].map(
    (amount, i) => new Thread({ target: deposit, args: [account, lock, amount], name: \`depositor-\${i + 1}\` }),
  );
  for (const t of threads) t.start();
  for (const t of threads) t.join();
  log(\`final balance: \${account.balance}\`); // 105: no deposit was lost
});
`;
