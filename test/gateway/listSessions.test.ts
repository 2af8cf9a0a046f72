import { NodeApiError, type IDataObject } from 'n8n-workflow';

import { OpenClawListSessions } from '../../nodes/OpenClawListSessions/OpenClawListSessions.node';
import { expectPaired } from '../helpers/assertions';
import { rl, run, type ContextOptions } from '../helpers/context';
import { GATEWAYS } from '../helpers/gateways';
import { seedSession } from '../helpers/seed';
import { listSessionsDefaults } from '../helpers/defaults';

const node = new OpenClawListSessions();
const base = listSessionsDefaults;

describe.each(GATEWAYS)('OpenClaw List Sessions on $version', (gw) => {
	const credentials = { url: gw.url, token: gw.token };
	const exec = (params: IDataObject, more: Partial<ContextOptions> = {}) =>
		run(node, { credentials, params: { ...base, ...params }, ...more });
	const keys = [1, 2, 3, 4].map((n) => `agent:main:ls-${gw.label}-${n}`);

	beforeAll(async () => {
		for (const key of keys) await seedSession(gw, key, `seed ${key}`);
	}, 120000);

	test('one simplified item per session, newest first, within the limit', async () => {
		// Scoped to this suite's sessions: other suites use the same gateway at the same time.
		const out = await exec({ limit: 3, filters: { search: `ls-${gw.label}-` } });
		expect(out).toHaveLength(3);
		expectPaired(out, 1);
		const times = out.map((o) => Date.parse(String(o.json.updatedAt)));
		expect([...times].sort((a, b) => b - a)).toEqual(times);
		expect(Object.keys(out[0].json).sort()).toEqual([
			'agentId',
			'key',
			'kind',
			'model',
			'modelProvider',
			'title',
			'totalTokens',
			'updatedAt',
		]);
		expect(out.map((o) => o.json.key)).toEqual([keys[3], keys[2], keys[1]]);
	});

	test('Return All returns every session; Simplify off returns the raw session', async () => {
		const out = await exec({ returnAll: true, simplify: false });
		const got = out.map((o) => o.json.key);
		for (const key of keys) expect(got).toContain(key);
		expect(out[0].json).toHaveProperty('sessionId');
	});

	test('filters: search, agent, active within minutes', async () => {
		const bySearch = await exec({ filters: { search: `ls-${gw.label}-2` } });
		expect(bySearch.map((o) => o.json.key)).toEqual([keys[1]]);
		const byAgent = await exec({ agent: rl('main'), returnAll: true });
		expect(byAgent.length).toBeGreaterThanOrEqual(4);
		for (const o of byAgent) expect(o.json.agentId).toBe('main');
		const recent = await exec({ filters: { activeMinutes: 60 }, returnAll: true });
		expect(recent.map((o) => o.json.key)).toEqual(expect.arrayContaining(keys));
	});

	test('Last Messages per Session returns the history of each session', async () => {
		const out = await exec({
			filters: { search: `ls-${gw.label}-1` },
			options: { historyLimit: 5 },
		});
		expect(out).toHaveLength(1);
		const messages = out[0].json.messages as Array<{ role: string; text: string }>;
		expect(messages.map((m) => m.role)).toEqual(expect.arrayContaining(['user', 'assistant']));
		expect(messages.find((m) => m.role === 'assistant')?.text).toBe(`seed ${keys[0]}`);
		for (const m of messages as Array<{ timestamp?: unknown }>)
			expect(m.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
	});

	test('HTTP transport (sessions_list tool) lists the same sessions', async () => {
		const httpLog: ContextOptions['httpLog'] = [];
		const out = await exec({ options: { transport: 'http' }, returnAll: true }, { httpLog });
		expect(out.map((o) => o.json.key)).toEqual(expect.arrayContaining(keys));
		expect(httpLog[0].body).toMatchObject({ tool: 'sessions_list' });
		expect(out[0].json._openclaw).toBeUndefined();
	});

	test('continueOnFail off: a wrong token stops the node with an actionable error; on: an error item', async () => {
		const bad = { url: gw.url, token: 'not-the-token' };
		const error = await run(node, {
			credentials: bad,
			params: { ...base, options: { transport: 'http' } },
		}).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).description).toContain('Token or Password');
		const out = await run(node, {
			credentials: bad,
			params: { ...base, options: { transport: 'http' } },
			continueOnFail: true,
			items: [{ json: {} }, { json: {} }],
		});
		expect(out).toHaveLength(2);
		expectPaired(out, 2);
		expect(String(out[0].json.error)).toMatch(/rejected the credential/);
	});
});
