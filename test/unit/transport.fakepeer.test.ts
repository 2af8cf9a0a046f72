import { OPERATOR_SCOPES } from '../../nodes/shared/constants';
import { deviceIdentity, devicePayloadV2 } from '../../nodes/shared/device';
import { errorKind } from '../../nodes/shared/errors';
import { GatewayRpc, type EventFrame } from '../../nodes/shared/transport/rpc';
import { TEST_NODE } from '../helpers/context';
import { FakePeer, TOKEN_MISMATCH } from '../helpers/fakePeer';

/** Faults a real gateway cannot be made to produce on demand, against a protocol-level fake. */
const node = TEST_NODE;
const secret = 'peer-secret';
const connect = (url: string, handshakeTimeoutMs = 5000) =>
	GatewayRpc.connect({
		url,
		node,
		authMode: 'token',
		secret,
		device: deviceIdentity(secret),
		scopes: OPERATOR_SCOPES,
		handshakeTimeoutMs,
	});

let peer: FakePeer | undefined;
afterEach(async () => {
	await peer?.stop();
	peer = undefined;
});

test('connect carries protocol 3..4, the backend client id, explicit scopes and a v2 signature over the nonce', async () => {
	peer = await new FakePeer().start();
	const rpc = await connect(peer.url);
	rpc.close();
	const params = peer.requests[0].params as {
		minProtocol: number;
		maxProtocol: number;
		client: Record<string, string>;
		scopes: string[];
		auth: Record<string, string>;
		device: { nonce: string; signedAt: number; publicKey: string; signature: string };
	};
	expect(params.minProtocol).toBe(3);
	expect(params.maxProtocol).toBe(4);
	expect(params.client).toMatchObject({ id: 'gateway-client', mode: 'backend' });
	expect(params.scopes).toEqual([
		'operator.read',
		'operator.write',
		'operator.approvals',
		'operator.questions',
	]);
	expect(params.auth).toEqual({ token: secret });
	expect(params.device.nonce).toBe('nonce-1');
	const id = deviceIdentity(secret);
	const payload = devicePayloadV2(id.id, {
		clientId: 'gateway-client',
		clientMode: 'backend',
		role: 'operator',
		scopes: params.scopes,
		signedAt: params.device.signedAt,
		token: secret,
		nonce: 'nonce-1',
	});
	const { verify, createPublicKey } = await import('node:crypto');
	const key = createPublicKey({
		key: Buffer.concat([
			Buffer.from('302a300506032b6570032100', 'hex'),
			Buffer.from(params.device.publicKey, 'base64url'),
		]),
		format: 'der',
		type: 'spki',
	});
	expect(
		verify(null, Buffer.from(payload), key, Buffer.from(params.device.signature, 'base64url')),
	).toBe(true);
});

test('out-of-order replies reach the right callers', async () => {
	const held: Array<() => void> = [];
	peer = await new FakePeer({
		handlers: {
			'sessions.list': (req, ws) =>
				held.push(() => FakePeer.reply(ws, req.id, { n: req.params.limit })),
			health: (req, ws) => {
				FakePeer.reply(ws, req.id, { ok: true });
				for (const f of held.reverse()) f();
			},
		},
	}).start();
	const rpc = await connect(peer.url);
	const a = rpc.call('sessions.list', { limit: 1 });
	const b = rpc.call('sessions.list', { limit: 2 });
	const h = rpc.call('health', {});
	expect(await h).toEqual({ ok: true });
	expect(await a).toEqual({ n: 1 });
	expect(await b).toEqual({ n: 2 });
	rpc.close();
});

test('the two-stage agent reply resolves on the final frame, not the ack; unknown and duplicate frames are ignored', async () => {
	peer = await new FakePeer({
		handlers: {
			agent: (req, ws) => {
				FakePeer.reply(ws, req.id, { runId: 'r1', status: 'accepted' });
				ws.send(JSON.stringify({ type: 'event', event: 'brand.new.event', payload: { x: 1 } }));
				ws.send(
					JSON.stringify({
						type: 'event',
						event: 'agent',
						payload: { runId: 'r1', stream: 'assistant', data: { delta: 'hi' } },
					}),
				);
				FakePeer.reply(ws, req.id, {
					runId: 'r1',
					status: 'ok',
					result: { payloads: [{ text: 'hi' }] },
				});
				FakePeer.reply(ws, req.id, {
					runId: 'r1',
					status: 'ok',
					result: { payloads: [{ text: 'duplicate' }] },
				});
				ws.send(JSON.stringify({ type: 'res', id: 'nobody', ok: true, payload: {} }));
			},
		},
	}).start();
	const rpc = await connect(peer.url);
	const events: EventFrame[] = [];
	rpc.onEvent((e) => events.push(e));
	let ack: unknown;
	const final = await rpc.call(
		'agent',
		{ message: 'x' },
		{ expectFinal: true, onAccepted: (p) => (ack = p) },
	);
	expect(ack).toMatchObject({ status: 'accepted' });
	expect(final).toMatchObject({ status: 'ok', result: { payloads: [{ text: 'hi' }] } });
	expect(events.map((e) => e.event)).toEqual(['brand.new.event', 'agent']);
	expect((await rpc.call('health', {})).echo).toBe('health');
	rpc.close();
});

test('a socket dropped mid-call rejects every pending call with a clear error', async () => {
	peer = await new FakePeer({
		handlers: { 'sessions.list': (_req, ws) => ws.terminate() },
	}).start();
	const rpc = await connect(peer.url);
	const calls = [rpc.call('sessions.list', {}), rpc.call('health', {}).catch((e) => e)];
	const error = await calls[0].catch((e: unknown) => e);
	expect(errorKind(error)).toBe('connection-closed');
	expect((error as Error).message).toMatch(/connection ended before the answer arrived/);
	expect(errorKind(await calls[1])).toBe('connection-closed');
	// A call after the drop is never written: it says so (nothing reached the gateway).
	const after = await rpc.call('health', {}).catch((e: unknown) => e);
	expect(errorKind(after)).toBe('not-sent');
	expect((after as Error).message).toMatch(/had closed before health was sent/);
});

test('a malformed JSON frame ends the connection with a clear error', async () => {
	peer = await new FakePeer({ handlers: { health: (_req, ws) => ws.send('{not json') } }).start();
	const rpc = await connect(peer.url);
	const error = await rpc.call('health', {}).catch((e: unknown) => e);
	expect(errorKind(error)).toBe('malformed-frame');
	expect((error as Error).message).toMatch(/not valid JSON/);
});

test('a stalled peer (no reply, no tick) fails within twice the tick interval', async () => {
	peer = await new FakePeer({ tickIntervalMs: 150, handlers: { health: () => undefined } }).start();
	const rpc = await connect(peer.url);
	const started = Date.now();
	const error = await rpc.call('health', {}).catch((e: unknown) => e);
	const took = Date.now() - started;
	expect(errorKind(error)).toBe('stalled');
	expect(took).toBeGreaterThanOrEqual(250);
	expect(took).toBeLessThan(5000);
});

test('a per-call timeout rejects only that call', async () => {
	peer = await new FakePeer({ handlers: { 'sessions.list': () => undefined } }).start();
	const rpc = await connect(peer.url);
	const error = await rpc
		.call('sessions.list', {}, { signal: AbortSignal.timeout(100) })
		.catch((e: unknown) => e);
	expect(errorKind(error)).toBe('timeout');
	expect((await rpc.call('health', {})).echo).toBe('health');
	rpc.close();
});

test('a frame over policy.maxPayload is refused before sending', async () => {
	peer = await new FakePeer({ maxPayload: 1024 }).start();
	const rpc = await connect(peer.url);
	const error = await rpc.call('agent', { message: 'x'.repeat(2000) }).catch((e: unknown) => e);
	expect(errorKind(error)).toBe('too-large');
	expect(peer.requests.map((r) => r.method)).toEqual(['connect']);
	rpc.close();
});

test('a handshake that never gets a challenge times out', async () => {
	const { WebSocketServer } = await import('ws');
	const silent = new WebSocketServer({ host: '127.0.0.1', port: 0 });
	await new Promise((r) => silent.once('listening', r));
	const url = `ws://127.0.0.1:${(silent.address() as { port: number }).port}/`;
	try {
		const error = await connect(url, 300).catch((e: unknown) => e);
		expect(errorKind(error)).toBe('timeout');
	} finally {
		for (const c of silent.clients) c.terminate();
		await new Promise((r) => silent.close(r));
	}
});

test.each([
	[
		{
			code: 'NOT_PAIRED',
			message: 'pairing required',
			details: { code: 'PAIRING_REQUIRED', requestId: 'req-123', reason: 'not-paired' },
		},
		'pairing-required',
		'openclaw devices approve req-123',
	],
	[
		{
			code: 'INVALID_REQUEST',
			message: 'protocol mismatch',
			details: { code: 'PROTOCOL_MISMATCH', expectedProtocol: 5 },
		},
		'protocol-mismatch',
		'Update n8n-nodes-openclaw-gateway',
	],
	[
		{
			code: 'INVALID_REQUEST',
			message: 'unauthorized: too many failed authentication attempts',
			details: { code: 'AUTH_RATE_LIMITED' },
			retryAfterMs: 300000,
		},
		'rate-limited',
		'300 seconds',
	],
])('handshake error %#: %o is mapped to %s', async (connectError, kind, fix) => {
	peer = await new FakePeer({ connectError }).start();
	const error = await connect(peer.url).catch((e: unknown) => e);
	expect(errorKind(error)).toBe(kind);
	expect((error as { description: string }).description).toContain(fix);
	expect(peer.connections).toBe(1);
});

test("a refused secret is not tried again for 10 s in this process (n8n's reactivations and several triggers stay under the gateway's lockout); another secret is, and so is this one after 10 s or once it signed in", async () => {
	let refuse = true;
	peer = await new FakePeer({
		refuseConnect: () => (refuse ? TOKEN_MISMATCH : undefined),
	}).start();
	const url = peer.url;
	const as = (token: string) =>
		GatewayRpc.connect({
			url,
			node,
			authMode: 'token',
			secret: token,
			device: deviceIdentity(token),
			scopes: OPERATOR_SCOPES,
		});
	const errors: unknown[] = [];
	// Five sign-ins in a row, as n8n's reactivations of five triggers on one rotated token.
	for (let i = 0; i < 5; i++) errors.push(await as('rotated-away').catch((e: unknown) => e));
	expect(peer.connections).toBe(1);
	for (const e of errors) {
		expect(errorKind(e)).toBe('auth');
		expect((e as Error).message).toMatch(/rejected the token/);
		expect(JSON.stringify(e)).not.toContain('rotated-away');
	}
	expect((errors[4] as Error).message).toMatch(/\(\d+ s ago; not tried again for \d+ s\)$/);
	expect((errors[4] as { description: string }).description).toMatch(/lockout/);
	// Another secret is tried.
	await as('another-wrong').catch((e: unknown) => e);
	expect(peer.connections).toBe(2);
	// 10 s later the refused one is tried again; once it signs in, the refusal is forgotten.
	refuse = false;
	const now = Date.now();
	const clock = jest.spyOn(Date, 'now').mockImplementation(() => now + 10001);
	try {
		(await as('rotated-away')).close();
	} finally {
		clock.mockRestore();
	}
	expect(peer.connections).toBe(3);
	(await as('rotated-away')).close();
	expect(peer.connections).toBe(4);
});

test('five sign-ins at once with a secret the gateway refuses (triggers reconnecting together): one reaches the gateway, all get its refusal', async () => {
	peer = await new FakePeer({
		connectDelayMs: 200,
		connectError: TOKEN_MISMATCH,
	}).start();
	const url = peer.url;
	const errors = await Promise.all(
		Array.from({ length: 5 }, () =>
			GatewayRpc.connect({
				url,
				node,
				authMode: 'token',
				secret: 'rotated-at-once',
				device: deviceIdentity('rotated-at-once'),
				scopes: OPERATOR_SCOPES,
			}).catch((e: unknown) => e),
		),
	);
	expect(peer.connections).toBe(1);
	for (const e of errors) expect((e as Error).message).toMatch(/rejected the token/);
});
