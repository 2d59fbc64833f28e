const { nxPreset } = require('@nx/jest/preset');

// Nx's preset with the swc transform instead of ts-jest (see jest.swc.cjs) and a
// reporter that lets `npm test` print one workspace-wide summary line.
module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  transform: { '^.+\\.[tj]s$': require('./jest.swc.cjs') },
  moduleFileExtensions: ['ts', 'js'],
  // A project may have no tests yet (an app that only wires libs); that is not a failure.
  passWithNoTests: true,
  reporters: ['default', require.resolve('./tools/jest-summary-reporter.cjs')],
};
