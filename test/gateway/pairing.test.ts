import { errorKind } from '../../nodes/shared/errors';
import { GatewayClient } from '../../nodes/shared/transport/client';
import { OpenClawInvoke } from '../../nodes/OpenClawInvoke/OpenClawInvoke.node';
import { OpenClawListSessions } from '../../nodes/OpenClawListSessions/OpenClawListSessions.node';
import { executeContext, run } from '../helpers/context';
import { gatewayModule, type RunningGateway } from '../helpers/gatewayModule';
import { createNetns, type TestNetns } from '../helpers/netns';
import { countingSockets } from '../helpers/sockets';

/**
 * Pairing, as a remote n8n meets it: the gateway runs in a network namespace of the test's own, so
 * our connection comes from another address. Real gateways, real CLI approval.
 */
describe.each([
	['2026.9.6', 'requires pairing, then works after "openclaw devices approve"'],
	['2026.2.22', 'lets a signed device in without pairing (2026.2.22-2.24 behaviour)'],
])('a remote n8n against a real gateway %s %s', (version) => {
	let ns: TestNetns;
	let gw: RunningGateway;
	const port = 18789;

	beforeAll(async () => {
		ns = createNetns();
		gw = await gatewayModule.startGateway({ version, netns: ns.name, host: ns.nsIp, port });
	}, 240000);

	afterAll(async () => {
		await gw?.stop();
		ns?.remove();
	});

	const credentials = () => ({ url: `http://${ns.nsIp}:${port}`, token: gw.token });
	const newClient = () =>
		GatewayClient.create(executeContext({ params: {}, credentials: credentials() }));

	test('WebSocket access, pairing and the HTTP fallback', async () => {
		const first = await newClient();
		const outcome = await first.call('sessions.list', { limit: 1 }).catch((e: unknown) => e);
		first.close();
		if (version === '2026.2.22') {
			expect(Array.isArray((outcome as { sessions: unknown[] }).sessions)).toBe(true);
			return;
		}
		expect(errorKind(outcome)).toBe('pairing-required');
		const description = (outcome as { description: string }).description;
		const requestId = /openclaw devices approve (\S+)/.exec(description)?.[1];
		expect(requestId).toBeTruthy();
		expect(description).toContain(first.device.id);

		// A session to list: HTTP needs no pairing.
		const seeded = await fetch(`${credentials().url}/v1/chat/completions`, {
			method: 'POST',
			headers: {
				authorization: `Bearer ${gw.token}`,
				'content-type': 'application/json',
				'x-openclaw-session-key': 'agent:main:pairing-seed',
			},
			body: JSON.stringify({
				model: 'openclaw',
				messages: [{ role: 'user', content: 'echo:seeded' }],
			}),
		});
		expect(seeded.status).toBe(200);

		// Unpaired, List Sessions (Auto) still answers, through the sessions_list tool over HTTP, and
		// tries the WebSocket once for the execution, not once per item (each try counts toward the
		// gateway's lockout).
		const sockets = countingSockets();
		const perItem = await run(new OpenClawListSessions(), {
			credentials: credentials(),
			items: [{ json: {} }, { json: {} }, { json: {} }],
			params: {
				returnAll: false,
				limit: 1,
				simplify: true,
				filters: {},
				options: { transport: 'auto' },
			},
		});
		sockets.restore();
		expect(perItem).toHaveLength(3);
		expect(sockets.count).toBe(1);
		const items = await run(new OpenClawListSessions(), {
			credentials: credentials(),
			params: {
				returnAll: false,
				limit: 5,
				simplify: true,
				filters: {},
				options: { transport: 'auto' },
			},
		});
		expect(items.map((i) => i.json.key)).toContain('agent:main:pairing-seed');
		for (const item of items) expect(item.json._openclaw).toMatchObject({ transport: 'http' });
		// Invoke Tool (Auto) too: unpaired, the WebSocket's tools.invoke is out of reach, HTTP answers.
		const invoked = await run(new OpenClawInvoke(), {
			credentials: credentials(),
			params: {
				tool: { __rl: true, mode: 'id', value: 'sessions_list' },
				args: '{"limit": 5}',
				options: {},
			},
		});
		expect(Array.isArray(invoked[0].json.sessions)).toBe(true);
		// ...and forced WebSocket says how to pair.
		const forced = await run(new OpenClawListSessions(), {
			credentials: credentials(),
			continueOnFail: true,
			params: {
				returnAll: false,
				limit: 5,
				simplify: true,
				filters: {},
				options: { transport: 'webSocket' },
			},
		});
		expect(String(forced[0].json.description)).toContain('openclaw devices approve');

		await gw.cli(['devices', 'approve', requestId!]);

		const paired = await newClient();
		try {
			const res = await paired.call('sessions.list', { limit: 1 });
			expect(Array.isArray(res.sessions)).toBe(true);
		} finally {
			paired.close();
		}
	}, 180000);
});
