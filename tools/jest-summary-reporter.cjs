// Writes each Jest run's counts to tmp/test-results/<displayName>.json, so `npm test` can print one
// "N passed, N failed" line for the whole workspace (see scripts/test.mjs). The file is also the
// test target's Nx output: a cached run restores it, and its counts still add up.
const fs = require('node:fs');
const path = require('node:path');

class SummaryFileReporter {
  onRunComplete(contexts, results) {
    // No context: no test file matched (passWithNoTests), so there is nothing to count.
    const [context] = contexts;
    if (!context) return;
    const name = context.config.displayName?.name ?? path.basename(context.config.rootDir);
    const dir = path.join(__dirname, '..', 'tmp', 'test-results');
    fs.mkdirSync(dir, { recursive: true });
    const summary = {
      passed: results.numPassedTests,
      // A suite that failed to load has no failed test, but it did fail.
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
    };
    fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(summary));
  }
}

module.exports = SummaryFileReporter;
