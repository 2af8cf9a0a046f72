/** Jest runs under Node >= 24 (scripts/test.sh): the global WebSocket is the production default. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	globalSetup: '<rootDir>/test/setup/global-setup.mjs',
	globalTeardown: '<rootDir>/test/setup/global-teardown.mjs',
	testTimeout: 120000,
	maxWorkers: 2,
};
