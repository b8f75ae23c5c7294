// Checks .dependency-cruiser.cjs's rules over src/ and webview/ through dependency-cruiser's API
// (its CLI refuses Node 20, on which this project builds and runs). Exit 1 on any violation.
import { createRequire } from 'node:module';
import { cruise } from 'dependency-cruiser';

const config = createRequire(import.meta.url)('../.dependency-cruiser.cjs');
const { output } = await cruise(['src', 'webview'], { ...config.options, ruleSet: { forbidden: config.forbidden }, validate: true });
const violations = output.summary.violations;
for (const v of violations) {
  const cycle = v.cycle?.length ? ` (cycle: ${v.cycle.map((c) => c.name ?? c).join(' → ')})` : '';
  console.error(`${v.rule.name}: ${v.from} → ${v.to}${cycle}`);
  const rule = config.forbidden.find((r) => r.name === v.rule.name);
  if (rule?.comment) console.error(`  ${rule.comment}`);
}
console.error(`depcruise: ${output.summary.totalCruised} modules, ${violations.length} violation${violations.length === 1 ? '' : 's'}`);
process.exit(violations.length ? 1 : 0);
