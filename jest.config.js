/**
 * Jest runs under Node >= 24 (scripts/test.sh): the global WebSocket is the production default.
 * Projects: "unit" (pure code, descriptions, protocol-level fake peers: no gateway, no n8n, seconds)
 * and "integration" (real OpenClaw gateways started once by the global setup, and the real n8n).
 */
const ts = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] };
module.exports = {
	maxWorkers: 2,
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			roots: ['<rootDir>/test/unit'],
			testMatch: ['**/*.test.ts'],
			transform: ts,
		},
		{
			displayName: 'integration',
			testEnvironment: 'node',
			roots: ['<rootDir>/test/package', '<rootDir>/test/gateway', '<rootDir>/test/e2e'],
			testMatch: ['**/*.test.ts'],
			transform: ts,
			globalSetup: '<rootDir>/test/setup/global-setup.mjs',
			globalTeardown: '<rootDir>/test/setup/global-teardown.mjs',
		},
	],
	testTimeout: 120000,
};
