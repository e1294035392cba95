/**
 * End-to-end tests (`npm run test:e2e`): the built `cdk-scale` binary against moto_server, a local AWS
 * emulator (`pip install 'moto[server]'`). Kept out of `npm test`'s jest run: its files end in `.e2e.ts`.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.ts'],
  transform: {
    '^.+\\.tsx?$': ['@swc/jest'],
  },
  maxWorkers: 1,
  testTimeout: 300000,
};
