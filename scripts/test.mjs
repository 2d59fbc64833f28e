// Type-checks and tests every project, then prints one "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const resultsDir = join(import.meta.dirname, '..', 'tmp', 'test-results');
rmSync(resultsDir, { recursive: true, force: true });

const run = spawnSync(
  'npx',
  ['nx', 'run-many', '-t', 'typecheck', 'test', '--parallel=2', '--outputStyle=static', ...process.argv.slice(2)],
  { stdio: 'inherit' },
);

const totals = { passed: 0, failed: 0, skipped: 0 };
if (existsSync(resultsDir)) {
  for (const file of readdirSync(resultsDir)) {
    const summary = JSON.parse(readFileSync(join(resultsDir, file), 'utf8'));
    for (const key of Object.keys(totals)) totals[key] += summary[key];
  }
}
// A failing typecheck or a crashed runner counts even when no test reported failing.
if (run.status !== 0 && totals.failed === 0) totals.failed = 1;
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(run.status ?? 1);
