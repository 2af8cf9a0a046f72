import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { OpenClawInvoke } from '../../nodes/OpenClawInvoke/OpenClawInvoke.node';
import { expectNoSecrets, expectPaired } from '../helpers/assertions';
import { rl, run, type ContextOptions } from '../helpers/context';
import { GATEWAYS } from '../helpers/gateways';
import { seedSession } from '../helpers/seed';

const node = new OpenClawInvoke();

describe.each(GATEWAYS)('OpenClaw Invoke Tool on $version', (gw) => {
	const credentials = { url: gw.url, token: gw.token };
	const exec = (params: ContextOptions['params'], more: Partial<ContextOptions> = {}) =>
		run(node, { credentials, params, ...more });

	test('calls sessions_list and returns the parsed details, one item per input item', async () => {
		const items = [{ json: { n: 1 } }, { json: { n: 2 } }];
		const out = await exec({ tool: rl('sessions_list', 'list'), args: '{"limit": 1}' }, { items });
		expect(out).toHaveLength(2);
		expectPaired(out, 2);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		for (const o of out) expect(Array.isArray(o.json.sessions)).toBe(true);
		expect(items[0].json).toEqual({ n: 1 });
	});

	test('times in the parsed result are ISO 8601; Raw Output keeps what the gateway sent', async () => {
		// Other suites use the gateway meanwhile: compare the session only this test touches.
		const key = `agent:main:iso-${gw.label}`;
		await seedSession(gw, key);
		const params = { tool: rl('sessions_list'), args: '{"limit": 200}' };
		const [parsed] = await exec(params);
		const [raw] = await exec({ ...params, options: { raw: true } });
		const sessions = parsed.json.sessions as Array<{ key: string; updatedAt: unknown }>;
		expect(sessions.length).toBeGreaterThan(0);
		for (const s of sessions)
			expect(s.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
		const rawResult = raw.json.result as { content: Array<{ text: string }> };
		const rawSessions = (JSON.parse(rawResult.content[0].text) as typeof parsed.json)
			.sessions as Array<{ key: string; updatedAt: unknown }>;
		const mine = rawSessions.find((s) => s.key === key)!;
		expect(typeof mine.updatedAt).toBe('number');
		expect(sessions.find((s) => s.key === key)!.updatedAt).toBe(
			new Date(mine.updatedAt as number).toISOString(),
		);
	});

	test('Raw Output, Action, session, agent and the channel headers are sent as given', async () => {
		const httpLog: ContextOptions['httpLog'] = [];
		const out = await exec(
			{
				tool: rl('sessions_list'),
				args: { limit: 1 },
				agent: rl('main'),
				session: rl('main'),
				options: { raw: true, action: 'json', messageChannel: 'telegram', accountId: 'acct-1' },
			},
			{ httpLog },
		);
		expect(out[0].json.tool).toBe('sessions_list');
		expect(out[0].json.result).toHaveProperty('content');
		expect(httpLog[0].url).toBe(`${gw.url}/tools/invoke`);
		expect(httpLog[0].body).toEqual({
			tool: 'sessions_list',
			args: { limit: 1 },
			action: 'json',
			sessionKey: 'main',
			agentId: 'main',
		});
		expect(httpLog[0].headers).toMatchObject({
			'x-openclaw-message-channel': 'telegram',
			'x-openclaw-account-id': 'acct-1',
		});
	});

	test('an unknown tool is a NodeApiError that says it may be blocked and how to allow it', async () => {
		const error = await exec({ tool: rl('no_such_tool'), args: '{}' }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		// Auto on 2026.9 asks the WebSocket's tools.invoke first; a tool it does not offer to this
		// device (not the owner without Admin Access) is asked over HTTP, whose answer is said.
		expect((error as Error).message).toBe(
			'The tool "no_such_tool" is not available over HTTP [item 0]',
		);
		expect((error as NodeApiError).description).toContain('gateway.tools.allow');
		expectNoSecrets(error, [gw.token]);
	});

	test('Transport: Auto calls tools.invoke where the gateway has it, with the same output as HTTP', async () => {
		const params = { tool: rl('agents_list'), args: '{}' };
		const overHttp: ContextOptions['httpLog'] = [];
		const [viaHttp] = await exec(
			{ ...params, options: { transport: 'http' } },
			{ httpLog: overHttp },
		);
		const overAuto: ContextOptions['httpLog'] = [];
		const [viaAuto] = await exec(params, { httpLog: overAuto });
		expect(viaAuto.json).toEqual(viaHttp.json);
		expect(overHttp).toHaveLength(1);
		expect(overAuto).toHaveLength(gw.label === 'latest' ? 0 : 1);
		if (gw.label === 'latest') {
			const [viaWs] = await exec({ ...params, options: { transport: 'webSocket' } });
			expect(viaWs.json).toEqual(viaHttp.json);
		} else {
			const error = await exec({ ...params, options: { transport: 'webSocket' } }).catch(
				(e: unknown) => e as Error & { description?: string },
			);
			expect((error as Error).message).toMatch(/has no tools\.invoke/);
			expect((error as { description: string }).description).toMatch(/2026\.9 or later/);
		}
	});

	test("Transport: Auto and an owner-only tool (sessions): without Admin Access 2026.9's tools.invoke does not offer it to the device, so Auto asks HTTP (the owner); with Admin Access the WebSocket answers", async () => {
		const params = { tool: rl('sessions'), args: '{"action": "list"}' };
		const overHttp: ContextOptions['httpLog'] = [];
		const viaHttp = await exec({ ...params, options: { transport: 'http' } }, { httpLog: overHttp })
			.then((out) => out[0].json)
			.catch((e: unknown) => ({ error: (e as Error).message }));
		const overAuto: ContextOptions['httpLog'] = [];
		const viaAuto = await exec(params, { httpLog: overAuto })
			.then((out) => out[0].json)
			.catch((e: unknown) => ({ error: (e as Error).message }));
		// Whatever HTTP says of it, Auto says the same.
		expect(Object.keys(viaAuto).sort()).toEqual(Object.keys(viaHttp).sort());
		if ('error' in viaHttp) expect(viaAuto).toEqual(viaHttp);
		if (gw.label !== 'latest') return;
		expect(overAuto).toHaveLength(1);
		const overAdmin: ContextOptions['httpLog'] = [];
		const viaAdmin = await run(node, {
			credentials: { ...credentials, adminAccess: true },
			params,
			httpLog: overAdmin,
		})
			.then((out) => out[0].json)
			.catch((e: unknown) => ({ error: (e as Error).message }));
		expect(Object.keys(viaAdmin).sort()).toEqual(Object.keys(viaHttp).sort());
		expect(overAdmin).toHaveLength(0);
	});

	test('Parallel Items: 24 items, 8 at a time, give what one at a time gives, in input order', async () => {
		const items = Array.from({ length: 24 }, (_, i) => ({ json: { i } }));
		const params = (parallelItems: number) => (i: number) => ({
			tool: rl(i % 2 ? 'agents_list' : 'sessions_list'),
			args: '{"limit": 1}',
			options: { parallelItems },
		});
		const one = await exec(params(1), { items });
		const eight = await exec(params(8), { items });
		expect(eight.map((o) => o.pairedItem)).toEqual(one.map((o) => o.pairedItem));
		expect(eight.map((o) => Object.keys(o.json).sort())).toEqual(
			one.map((o) => Object.keys(o.json).sort()),
		);
		expect(eight.map((o) => Boolean(o.json.agents))).toEqual(items.map((_, i) => i % 2 === 1));
	});

	test('Transport: WebSocket with the channel headers says they need HTTP, before sending', async () => {
		const httpLog: ContextOptions['httpLog'] = [];
		const error = await exec(
			{
				tool: rl('sessions_list'),
				args: '{}',
				options: { transport: 'webSocket', messageChannel: 'telegram' },
			},
			{ httpLog },
		).catch((e: unknown) => e as Error);
		expect((error as Error).message).toMatch(/sent as HTTP headers/);
		expect(httpLog).toHaveLength(0);
	});

	test('a tool on the deny list says so, true for the transport it went by (one transport per message), with the setting that allows it', async () => {
		const transports = gw.label === 'latest' ? ['auto', 'webSocket', 'http'] : ['auto', 'http'];
		for (const [transport, adminAccess] of transports.flatMap((t) => [
			[t, false],
			[t, true],
		])) {
			const error = (await run(node, {
				credentials: { ...credentials, adminAccess: adminAccess as boolean },
				params: {
					tool: rl('exec'),
					args: '{"command":"echo hi"}',
					options: { transport },
				},
			}).catch((e: unknown) => e)) as NodeApiError;
			const via = /over (HTTP|the WebSocket)/.exec(error.message)?.[1];
			expect([transport, adminAccess, via]).toEqual([
				transport,
				adminAccess,
				transport === 'http' || (transport === 'auto' && (gw.label !== 'latest' || !adminAccess))
					? 'HTTP'
					: 'the WebSocket',
			]);
			expect(error.description).toMatch(
				/^"exec" is on the gateway's default deny list for tool calls from outside an agent run \(over HTTP and the WebSocket alike\)\. To allow it, add it to gateway\.tools\.allow/,
			);
			expect(`${error.message} ${error.description}`.match(/HTTP|WebSocket/g)).toHaveLength(3);
		}
	});

	test('continueOnFail: the failed item becomes an error item, the others go on', async () => {
		const out = await exec(
			(i) => ({ tool: rl(i === 1 ? 'no_such_tool' : 'sessions_list'), args: '{}' }),
			{ items: [{ json: {} }, { json: {} }, { json: {} }], continueOnFail: true },
		);
		expect(out).toHaveLength(3);
		expectPaired(out, 3);
		expect(out[1].json.error).toMatch(/no_such_tool.*\[item 1\]/);
		expect(out[1].json.description).toContain('gateway.tools.allow');
		expect(out[0].json.sessions).toBeDefined();
		expect(out[2].json.sessions).toBeDefined();
	});
});

describe('OpenClaw Invoke Tool input checks (nothing is sent)', () => {
	const gw = GATEWAYS[0];
	const credentials = { url: gw.url, token: gw.token };
	test.each([
		[
			{ tool: rl('sessions_list'), args: '{not json' },
			/The Args parameter is not valid JSON.*\[item 0\]/,
		],
		[
			{ tool: rl('sessions_list'), args: '[1,2]' },
			/The Args parameter must be a JSON object, not an array/,
		],
		[{ tool: rl(''), args: '{}' }, /The Tool parameter is empty/],
		[{ tool: rl('rm -rf /'), args: '{}' }, /is not a tool name/],
		[
			{ tool: rl('sessions_list'), args: '{}', options: { timeout: -1 } },
			/The Timeout parameter must be between 1 and 3600 seconds/,
		],
	])('%o', async (params, message) => {
		const httpLog: ContextOptions['httpLog'] = [];
		const error = await run(node, { credentials, params, httpLog }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toMatch(message);
		expect(httpLog).toHaveLength(0);
	});
});
