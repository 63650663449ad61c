/** Three projects so a developer can run one: `npm test -- --selectProjects unit`. */
const shared = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
};

export default {
  // The end-to-end tests wait for sped-up deadlines; a busy machine makes them slower, not wrong.
  testTimeout: 180_000,
  // On 7 Dec 2026 the e2e project, every test passed, kept jest open after its last test (a timer or
  // promise of a stopped local runtime, not yet traced to one test): once every test has finished,
  // jest ends. npm test's verdict is the tests'; README (Tests) keeps the handle on the open work.
  forceExit: true,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...shared, displayName: 'infra', testMatch: ['<rootDir>/test/infra/**/*.test.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
  ],
};
