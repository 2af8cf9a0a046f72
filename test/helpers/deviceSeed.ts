import { scryptSync } from 'node:crypto';

/**
 * The device seed the nodes derive from a secret (nodes/shared/device.ts: scrypt, N = 2^15, r = 8),
 * computed on its own: the tests compare the nodes' ids with it, and the secret scan looks for it.
 */
export const deviceSeedOf = (secret: string, mode: 'token' | 'password'): Buffer =>
	scryptSync(secret, `n8n-nodes-openclaw device identity v1 (${mode})`, 32, {
		N: 2 ** 15,
		r: 8,
		p: 1,
		maxmem: 64 * 1024 * 1024,
	});
