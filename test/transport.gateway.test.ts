import { OPERATOR_SCOPES } from '../nodes/shared/constants';
import { deviceIdentity } from '../nodes/shared/device';
import { errorKind } from '../nodes/shared/errors';
import { GatewayClient } from '../nodes/shared/transport/client';
import { GatewayRpc } from '../nodes/shared/transport/rpc';
import { executeContext } from './helpers/context';
import { GATEWAYS, type TestGateway } from './helpers/gateways';

const node = { id: 'n', name: 'OpenClaw', type: 't', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };

async function client(gw: TestGateway, token = gw.token) {
	return GatewayClient.create(executeContext({ params: {}, credentials: { url: gw.url, token } }));
}

describe.each(GATEWAYS)('transport against the real gateway $version', (gw) => {
	test('handshake: protocol, features and scopes', async () => {
		const rpc = await GatewayRpc.connect({
			url: gw.wsUrl,
			node,
			authMode: 'token',
			secret: gw.token,
			device: deviceIdentity(gw.token),
			scopes: OPERATOR_SCOPES,
		});
		try {
			expect(rpc.hello.type).toBe('hello-ok');
			expect(rpc.protocol).toBe(gw.label === 'latest' ? 4 : 3);
			expect(rpc.has('sessions.list')).toBe(true);
			expect(rpc.has('agent')).toBe(true);
			const health = await rpc.call('health', {});
			expect(health.ok).toBe(true);
			const sessions = await rpc.call('sessions.list', { limit: 5 });
			expect(Array.isArray(sessions.sessions)).toBe(true);
		} finally {
			rpc.close();
		}
	});

	test('a wrong token is an auth error that names the token and leaks nothing', async () => {
		const wrong = 'wrong-token-abc';
		const c = await client(gw, wrong);
		const error = await c.rpc().catch((e: unknown) => e);
		c.close();
		expect(errorKind(error)).toBe('auth');
		expect((error as Error).message).toMatch(/rejected the token/);
		expect(JSON.stringify(error)).not.toContain(wrong);
		expect(JSON.stringify(error)).not.toContain(gw.token);
	});

	test('/tools/invoke: success and the 404 of an unknown tool', async () => {
		const c = await client(gw);
		const ok = await c.http({ method: 'POST', path: '/tools/invoke', body: { tool: 'sessions_list', args: {} }, tool: 'sessions_list' });
		expect(ok.status).toBe(200);
		expect((ok.body as { ok: boolean }).ok).toBe(true);
		const e404 = await c.http({ method: 'POST', path: '/tools/invoke', body: { tool: 'no_such_tool', args: {} }, tool: 'no_such_tool' }).catch((e: unknown) => e);
		expect(errorKind(e404)).toBe('tool-not-available');
		expect((e404 as { description: string }).description).toContain('gateway.tools.allow');
	});
});
