// Writes each Jest run's counts to tmp/test-results/, so `npm test` can print one
// "N passed, N failed" line for the whole workspace (see scripts/test.mjs).
const fs = require('node:fs');
const path = require('node:path');

class SummaryFileReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const workspace = path.resolve(__dirname, '..');
    const dir = path.join(workspace, 'tmp', 'test-results');
    fs.mkdirSync(dir, { recursive: true });
    const name = path.relative(workspace, this.rootDir).replace(/[\\/]/g, '-') || 'root';
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
