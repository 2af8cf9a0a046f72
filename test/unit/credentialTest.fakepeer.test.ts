import type { ICredentialsDecrypted, ICredentialTestFunctions } from 'n8n-workflow';

import { openClawGatewayApiTest } from '../../nodes/shared/credentialTest';
import { FakePeer } from '../helpers/fakePeer';

/**
 * The credential test applies the nodes' egress rules before it opens a socket: n8n's SSRF policy
 * (through the credential test's own request helper, as n8n hands it out) and the credential's
 * allowed domains (which, as for the nodes, always allow the credential's own gateway URL). A refusal
 * opens no connection, so the test cannot be used to probe hosts.
 */
let peer: FakePeer;
beforeEach(async () => {
	peer = await new FakePeer().start();
});
afterEach(async () => {
	await peer.stop();
});

const credential = (data: Record<string, unknown>) =>
	({ id: 'c1', name: 'OpenClaw', type: 'openClawGatewayApi', data }) as ICredentialsDecrypted;

/** A credential-test context whose request helper behaves as n8n's does with the given policy. */
function context(request: (options: { uri: string }) => Promise<unknown>) {
	const requested: string[] = [];
	const fns = {
		helpers: {
			request: async (options: { uri: string }) => {
				requested.push(options.uri);
				return request(options);
			},
		},
	} as unknown as ICredentialTestFunctions;
	return { fns, requested };
}

test('allowed: the sign-in runs and says which gateway answered', async () => {
	const { fns, requested } = context(async () => ({ statusCode: 404 }));
	const result = await openClawGatewayApiTest.call(
		fns,
		credential({ url: peer.url, token: 'peer-token' }),
	);
	expect(result).toEqual({ status: 'OK', message: 'Connected to OpenClaw fake (protocol 4)' });
	expect(requested[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/health$/);
	expect(peer.connections).toBe(1);
});

test("n8n's SSRF protection blocks the gateway's address: refused with the policy's words, no socket opened", async () => {
	const { fns } = context(async () => {
		const error = new Error(
			'The request was blocked because it resolves to a restricted IP address',
		);
		error.name = 'SsrfBlockedIpError';
		throw error;
	});
	const result = await openClawGatewayApiTest.call(
		fns,
		credential({ url: peer.url, token: 'peer-token' }),
	);
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(
		/^n8n's network policy does not allow connecting to the gateway at http:\/\/127\.0\.0\.1:\d+ \(The request was blocked because it resolves to a restricted IP address\)/,
	);
	expect(result.message).not.toContain('peer-token');
	expect(peer.connections).toBe(0);
});

test('a network failure of the probe is not a policy: the sign-in still says what happened', async () => {
	const { fns } = context(async () => {
		throw Object.assign(new Error('connect ECONNREFUSED'), { name: 'RequestError' });
	});
	const result = await openClawGatewayApiTest.call(
		fns,
		credential({ url: peer.url, token: 'peer-token' }),
	);
	expect(result.status).toBe('OK');
	expect(peer.connections).toBe(1);
});
