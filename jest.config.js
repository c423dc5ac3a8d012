/** Unit tests sit beside the code (*.spec.ts); integration and end-to-end suites live under test/. */
const fs = require('node:fs');
const swc = JSON.parse(fs.readFileSync(__dirname + '/.swcrc', 'utf8'));
const transform = { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }] };
const moduleNameMapper = {
  '^@touchbase/config$': '<rootDir>/config/index.ts',
  '^@touchbase/test-kit$': '<rootDir>/test/kit/index.ts',
  '^@touchbase/(core|store|ingest|rules|messaging|staff|insights)$': '<rootDir>/libs/$1/src/index.ts',
};
const common = { rootDir: __dirname, transform, moduleNameMapper, testEnvironment: 'node' };

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,config}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/browser/'],
    },
    // browser suites raise their own timeouts with jest.setTimeout where they need more
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.test.ts'] },
  ],
  testTimeout: 60000,
};
