/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test servers */
import http from 'node:http';
import type { ICredentialsDecrypted, ICredentialTestFunctions } from 'n8n-workflow';
import { WebSocketServer } from 'ws';

import { openClawGatewayApiTest } from '../../nodes/shared/credentialTest';
import { FakePeer, TOKEN_MISMATCH } from '../helpers/fakePeer';

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

describe('a Gateway URL that is not an OpenClaw gateway: said within a few seconds (issue 25 item 6)', () => {
	const realRequest = (options: { uri: string }) =>
		fetch(options.uri).then((r) => ({ statusCode: r.status }));

	test('a WebSocket server that never greets: "not like an OpenClaw gateway" after 5 s, not the 15 s sign-in timeout', async () => {
		const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
		await new Promise((resolve) => server.once('listening', resolve));
		const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
		try {
			const started = Date.now();
			const result = await openClawGatewayApiTest.call(
				context(realRequest).fns,
				credential({ url, token: 'some-token' }),
			);
			const took = Date.now() - started;
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(
				/^Something at ws:\/\/127\.0\.0\.1:\d+\/? answered, but not like an OpenClaw gateway \(no greeting; nothing in 5 s\)\. Check the Gateway URL/,
			);
			expect(result.message).not.toMatch(/Timeout/);
			expect(took).toBeGreaterThanOrEqual(4900);
			expect(took).toBeLessThan(14000);
		} finally {
			for (const c of server.clients) c.terminate();
			await new Promise((resolve) => server.close(resolve));
		}
	}, 30000);

	/** The credential test against a plain HTTP server made by `setup`, closed after. */
	const testAgainst = async (setup: (server: http.Server) => void) => {
		const server = http.createServer();
		setup(server);
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
		try {
			const result = await openClawGatewayApiTest.call(
				context(realRequest).fns,
				credential({ url, token: 'some-token' }),
			);
			return { url, result };
		} finally {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		}
	};

	test('an HTTP server (no WebSocket): "answered HTTP, but not like an OpenClaw gateway"', async () => {
		const { url, result } = await testAgainst((server) =>
			server.on('request', (_req, res) => res.end('<html>n8n</html>')),
		);
		expect(result).toEqual({
			status: 'Error',
			message: `Something at ${url} answered HTTP (status 200), but did not take a WebSocket as an OpenClaw gateway does. Check the Gateway URL: the address and port of the gateway (default 18789), plus its path prefix behind a proxy.`,
		});
	});

	test('a gateway refusing the upgrade with 503 (starting, draining, too many sockets): "starting or busy"', async () => {
		const { url, result } = await testAgainst((server) => {
			server.on('request', (_req, res) => {
				res.writeHead(503);
				res.end('starting');
			});
			server.on('upgrade', (_req, socket) =>
				socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n'),
			);
		});
		expect(result).toEqual({
			status: 'Error',
			message: `The gateway at ${url} is starting or busy (HTTP 503) and refused the WebSocket. Test again in a few seconds.`,
		});
	});

	test('nothing listening: "Nothing answered at", at once', async () => {
		const server = http.createServer();
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const port = (server.address() as { port: number }).port;
		await new Promise((resolve) => server.close(resolve));
		const result = await openClawGatewayApiTest.call(
			context(realRequest).fns,
			credential({ url: `http://127.0.0.1:${port}`, token: 'some-token' }),
		);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(
			new RegExp(`^Nothing answered at http://127\\.0\\.0\\.1:${port}\\. Check the Gateway URL`),
		);
	});
});

test("a secret the gateway refused moments ago: a node holds back for 10 s, the credential test (a person's click after fixing the gateway) tries again", async () => {
	let refuse = true;
	const rotating = await new FakePeer({
		refuseConnect: () => (refuse ? TOKEN_MISMATCH : undefined),
	}).start();
	try {
		const { fns } = context(async () => ({ statusCode: 404 }));
		const data = { url: rotating.url, token: 'fixed-on-the-gateway' };
		const first = await openClawGatewayApiTest.call(fns, credential(data));
		expect(first.status).toBe('Error');
		expect(first.message).toMatch(/rejected the token/);
		refuse = false; // the gateway's token is set to the credential's
		const second = await openClawGatewayApiTest.call(fns, credential(data));
		expect(second).toEqual({ status: 'OK', message: 'Connected to OpenClaw fake (protocol 4)' });
		expect(rotating.connections).toBe(2);
	} finally {
		await rotating.stop();
	}
});
