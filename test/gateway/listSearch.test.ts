import {
	searchAgents,
	searchSessions,
	searchSkills,
	searchTools,
} from '../../nodes/shared/listSearch';
import { loadOptionsContext } from '../helpers/context';
import { GATEWAYS } from '../helpers/gateways';
import { seedSession } from '../helpers/seed';

describe.each(GATEWAYS)('pickers load live from the gateway $version', (gw) => {
	const ctx = () => loadOptionsContext({ url: gw.url, token: gw.token });

	test('agents', async () => {
		const res = await searchAgents.call(ctx());
		expect(res.results).toContainEqual({ name: 'main (default)', value: 'main' });
	});

	test('sessions, filtered by the search text', async () => {
		const key = `agent:main:picker-${gw.label}`;
		await seedSession(gw, key);
		const res = await searchSessions.call(ctx(), `picker-${gw.label}`);
		expect(res.results.map((r) => r.value)).toEqual([key]);
	});

	test('tools: the catalog where the gateway has one, else the known list', async () => {
		const res = await searchTools.call(ctx());
		const ids = res.results.map((r) => r.value);
		expect(ids).toContain('sessions_list');
		expect(ids).toEqual([...ids].sort());
		if (gw.label === 'latest') expect(ids.length).toBeGreaterThan(10);
		const filtered = await searchTools.call(ctx(), 'sessions_l');
		expect(filtered.results.map((r) => r.value)).toContain('sessions_list');
	});

	test('skills', async () => {
		const res = await searchSkills.call(ctx(), 'weather');
		expect(res.results.map((r) => r.value)).toContain('weather');
	});
});
