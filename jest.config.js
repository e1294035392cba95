/** Jest 30 with @swc/jest: transpile only; `tsc --noEmit` (run first by `npm test`) type-checks. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['@swc/jest'],
  },
  setupFilesAfterEnv: ['aws-cdk-lib/testhelpers/jest-autoclean'],
  // Synth is CPU-heavy: two workers on this 2-core machine; generous per-test timeout for the
  // one suite that runs the CloudFormation Validate engine.
  maxWorkers: 2,
  testTimeout: 120000,
};
