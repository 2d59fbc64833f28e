// Type-checks and tests every project, then prints one "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const resultsDir = join(import.meta.dirname, '..', 'tmp', 'test-results');
rmSync(resultsDir, { recursive: true, force: true });

const run = (command, args) => spawnSync(command, args, { stdio: 'inherit' });
const nx = (args) => run('npx', ['nx', 'run-many', ...args, '--outputStyle=static']);
// One workspace-wide type-check: every project shares the same compiler options.
const typecheck = run('npm', ['run', '--silent', 'typecheck']);
// Test projects one at a time, because the crash and chaos suites start their
// own processes and must not starve each other of the 2 cores.
const tests = nx(['-t', 'test', '--parallel=1', ...process.argv.slice(2)]);
const status = typecheck.status || tests.status;

const totals = { passed: 0, failed: 0, skipped: 0 };
if (existsSync(resultsDir)) {
  for (const file of readdirSync(resultsDir)) {
    const summary = JSON.parse(readFileSync(join(resultsDir, file), 'utf8'));
    for (const key of Object.keys(totals)) totals[key] += summary[key];
  }
}
// A failing typecheck or a crashed runner counts even when no test reported failing.
if (status !== 0 && totals.failed === 0) totals.failed = 1;
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(status ?? 1);
