import { deviceIdentity } from '../../nodes/shared/device';
import { errorKind } from '../../nodes/shared/errors';
import { GatewayClient } from '../../nodes/shared/transport/client';
import type { EventFrame } from '../../nodes/shared/transport/rpc';
import { parseSse } from '../../nodes/shared/transport/sse';
import { executeContext, type Credentials } from '../helpers/context';
import { fakeLlmCalls, GATEWAYS, type TestGateway } from '../helpers/gateways';
import { countingSockets } from '../helpers/sockets';

async function client(gw: TestGateway, creds: Partial<Credentials> = {}) {
	return GatewayClient.create(
		executeContext({ params: {}, credentials: { url: gw.url, token: gw.token, ...creds } }),
	);
}

const invoke = (c: GatewayClient, tool: string, args: Record<string, unknown> = {}) =>
	c.http({ method: 'POST', path: '/tools/invoke', body: { tool, args }, tool });

describe.each(GATEWAYS)('transport against the real gateway $version', (gw) => {
	let c: GatewayClient;
	beforeEach(async () => {
		c = await client(gw);
	});
	afterEach(() => c.close());

	test('handshake: protocol, features, scopes; one connection serves many calls', async () => {
		const rpc = await c.rpc();
		expect(rpc.hello.type).toBe('hello-ok');
		expect(rpc.protocol).toBe(gw.label === 'latest' ? 4 : 3);
		expect(rpc.has('sessions.list')).toBe(true);
		expect(rpc.has('skills.status')).toBe(true);
		expect((await c.call('health', {})).ok).toBe(true);
		const many = await Promise.all(
			Array.from({ length: 10 }, () => c.call('sessions.list', { limit: 1 })),
		);
		expect(many.every((r) => Array.isArray(r.sessions))).toBe(true);
		expect(c.handshakes).toBe(1);
	});

	test('ws:// and a trailing slash in the Gateway URL work the same', async () => {
		const c2 = await client(gw, { url: `${gw.wsUrl}///` });
		try {
			expect((await c2.call('health', {})).ok).toBe(true);
			expect((await invoke(c2, 'sessions_list')).status).toBe(200);
		} finally {
			c2.close();
		}
	});

	test('a wrong token fails once, with an auth error that leaks nothing, and is not tried again', async () => {
		const wrong = 'wrong-token-abc';
		const bad = await client(gw, { token: wrong });
		const error = await bad.rpc().catch((e: unknown) => e);
		expect(errorKind(error)).toBe('auth');
		expect((error as Error).message).toMatch(/rejected the token/);
		for (const secret of [wrong, gw.token]) expect(JSON.stringify(error)).not.toContain(secret);
		// The rest of the execution gets the same answer without another sign-in attempt.
		expect(await bad.rpc().catch((e: unknown) => e)).toBe(error);
		expect(await invoke(bad, 'sessions_list').catch((e: unknown) => e)).toBe(error);
		expect(bad.handshakes).toBe(1);
		bad.close();
		const overHttp = await client(gw, { token: wrong });
		const http = await invoke(overHttp, 'sessions_list').catch((e: unknown) => e);
		expect(errorKind(http)).toBe('auth');
		expect((http as { httpCode: string }).httpCode).toBe('401');
	});

	test('the secret in the wrong auth mode', async () => {
		const wrongMode = await client(gw, { authMode: 'password', password: gw.token });
		try {
			if (gw.label === 'legacy') {
				// 2026.2.x reads the field that matches its mode: the node says which mode to pick.
				const error = await wrongMode.rpc().catch((e: unknown) => e);
				expect(errorKind(error)).toBe('auth-mode');
				expect((error as { description: string }).description).toContain('gateway.auth.mode');
			} else {
				// Newer gateways accept the secret in either field.
				expect((await wrongMode.call('health', {})).ok).toBe(true);
			}
		} finally {
			wrongMode.close();
		}
		// A wrong secret in the wrong mode: 2026.9 answers AUTH_TOKEN_MISMATCH, which is about the mode
		// the credential did not send; the error names the mode, not "the token" (issue 25 item 6).
		const wrongBoth = await client(gw, { authMode: 'password', password: `${gw.token}-not` });
		try {
			const error = await wrongBoth.rpc().catch((e: unknown) => e);
			expect(errorKind(error)).toBe('auth-mode');
			expect((error as Error).message).toBe(
				'The gateway expects a token, but the credential sends a password',
			);
		} finally {
			wrongBoth.close();
		}
	});

	test('/tools/invoke: success, unknown tool, HTTP-denied tool, bad args', async () => {
		const ok = await invoke(c, 'sessions_list');
		expect(
			(ok.body as { ok: boolean; result: { details: unknown } }).result.details,
		).toHaveProperty('sessions');
		const unknown = await invoke(c, 'no_such_tool').catch((e: unknown) => e);
		expect(errorKind(unknown)).toBe('tool-not-available');
		expect((unknown as { httpCode: string }).httpCode).toBe('404');
		const denied = await invoke(c, 'sessions_send', { message: 'hi' }).catch((e: unknown) => e);
		expect(errorKind(denied)).toBe('tool-not-available');
		expect((denied as { description: string }).description).toMatch(
			/default deny list.*gateway\.tools\.allow/,
		);
		const bad = await invoke(c, 'web_fetch', {}).catch((e: unknown) => e);
		expect((bad as { httpCode: string }).httpCode).toBe('400');
		expect((bad as Error).message).toMatch(/url required/);
	});

	test('sessions.list and skills.status', async () => {
		const skills = await c.call('skills.status', {});
		expect(Array.isArray(skills.skills)).toBe(true);
		expect((skills.skills as unknown[]).length).toBeGreaterThan(5);
		const first = (skills.skills as Array<Record<string, unknown>>)[0];
		expect(first).toHaveProperty('eligible');
		expect(first).toHaveProperty('missing');
	});

	test('agent: the two-stage reply (accepted, then the final answer) with streamed events', async () => {
		const rpc = await c.rpc();
		const events: EventFrame[] = [];
		rpc.onEvent((e) => events.push(e));
		let acked: Record<string, unknown> | undefined;
		const key = `t-${gw.label}-${Date.now()}`;
		const final = await rpc.call(
			'agent',
			{
				message: `echo:final-${gw.label}`,
				sessionKey: `agent:main:transport-${gw.label}`,
				idempotencyKey: key,
				deliver: false,
				timeout: 120,
			},
			{ expectFinal: true, onAccepted: (p) => (acked = p) },
		);
		expect(acked?.status).toBe('accepted');
		expect(final.status).toBe('ok');
		const payloads = (final.result as { payloads: Array<{ text: string }> }).payloads;
		expect(payloads[0].text).toBe(`final-${gw.label}`);
		expect(events.some((e) => e.event === 'agent' && e.payload?.runId === key)).toBe(true);
		const calls = await fakeLlmCalls();
		expect(calls.filter((x) => x.text.includes(`echo:final-${gw.label}`))).toHaveLength(1);
	});

	test('/v1/chat/completions non-streaming and streaming; /v1/responses streaming', async () => {
		const headers = { 'x-openclaw-session-key': `agent:main:http-${gw.label}` };
		const plain = await c.http({
			method: 'POST',
			path: '/v1/chat/completions',
			headers,
			body: { model: 'openclaw', messages: [{ role: 'user', content: 'echo:plain-answer' }] },
		});
		expect(
			(plain.body as { choices: Array<{ message: { content: string } }> }).choices[0].message
				.content,
		).toBe('plain-answer');
		const streamed = await c.http({
			method: 'POST',
			path: '/v1/chat/completions',
			headers,
			stream: true,
			body: {
				model: 'openclaw',
				stream: true,
				messages: [{ role: 'user', content: 'echo:streamed-answer' }],
			},
		});
		let text = '';
		let done = false;
		for await (const m of parseSse(streamed.body as AsyncIterable<Uint8Array>)) {
			if (m.data === '[DONE]') done = true;
			else text += JSON.parse(m.data).choices?.[0]?.delta?.content ?? '';
		}
		expect(done).toBe(true);
		expect(text).toBe('streamed-answer');
		const responses = await c.http({
			method: 'POST',
			path: '/v1/responses',
			headers,
			stream: true,
			body: { model: 'openclaw', stream: true, input: 'echo:responses-answer' },
		});
		const types: string[] = [];
		let deltas = '';
		for await (const m of parseSse(responses.body as AsyncIterable<Uint8Array>)) {
			if (m.data === '[DONE]') continue;
			const data = JSON.parse(m.data);
			types.push(data.type);
			if (data.type === 'response.output_text.delta') deltas += data.delta;
		}
		expect(types).toContain('response.completed');
		expect(deltas).toBe('responses-answer');
	});

	test('a pasted device key is used as given (same device id everywhere)', async () => {
		const seed = 'a'.repeat(64);
		const c2 = await client(gw, { devicePrivateKey: seed });
		try {
			expect(c2.device.id).toBe(deviceIdentity('ignored', seed).id);
			expect((await c2.call('sessions.list', { limit: 1 })).sessions).toBeDefined();
		} finally {
			c2.close();
		}
	});
});

test('the device identity derived from a secret is stable and differs per secret', () => {
	expect(deviceIdentity('one').id).toBe(deviceIdentity('one').id);
	expect(deviceIdentity('one').id).not.toBe(deviceIdentity('two').id);
	expect(deviceIdentity('one').id).toMatch(/^[0-9a-f]{64}$/);
});

test("n8n's egress policy applies to the WebSocket path: a refused host gets a clear error and no socket", async () => {
	const gw = GATEWAYS[0];
	const sockets = countingSockets();
	try {
		const ctx = executeContext({ params: {}, credentials: { url: gw.url, token: gw.token } });
		(ctx.helpers as unknown as { getSecureEgressFilter: () => unknown }).getSecureEgressFilter =
			() => ({
				validateUrl: async () => ({
					ok: false,
					error: new Error('private addresses are not allowed'),
				}),
			});
		const c = await GatewayClient.create(ctx);
		const error = await c.call('health', {}).catch((e: unknown) => e);
		expect(errorKind(error)).toBe('egress-blocked');
		expect((error as Error).message).toMatch(
			/network policy does not allow.*private addresses are not allowed/,
		);
		expect(sockets.count).toBe(0);
		c.close();
	} finally {
		sockets.restore();
	}
});
