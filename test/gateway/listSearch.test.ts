import {
	searchAgents,
	searchSessions,
	searchSkills,
	searchTools,
	BLOCKED_MARK,
} from '../../nodes/shared/listSearch';
import { GatewayClient } from '../../nodes/shared/transport/client';
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

	test("sessions: the default agent's main session comes first, listed before it has a transcript", async () => {
		await seedSession(gw, `agent:main:picker-first-${gw.label}`);
		const res = await searchSessions.call(ctx());
		expect(res.results[0]).toEqual({
			name: "agent:main:main (the default agent's main session)",
			value: 'agent:main:main',
		});
		expect(res.results.filter((r) => r.value === 'agent:main:main')).toHaveLength(1);
		expect(res.results.map((r) => r.value)).toContain(`agent:main:picker-first-${gw.label}`);
		expect((await searchSessions.call(ctx(), 'main:main')).results[0].value).toBe(
			'agent:main:main',
		);
	});

	test('tools: each with its short description; tools the HTTP deny list blocks come last, marked', async () => {
		const res = await searchTools.call(ctx());
		const ids = res.results.map((r) => r.value as string);
		expect(ids).toContain('sessions_list');
		const list = res.results.find((r) => r.value === 'sessions_list')!;
		expect(list.name).toMatch(/^sessions_list — \S/);
		const blocked = res.results.filter((r) => r.name.includes(BLOCKED_MARK));
		const open = res.results.filter((r) => !r.name.includes(BLOCKED_MARK));
		expect(res.results).toEqual([...open, ...blocked]);
		expect(open.map((r) => r.value)).toEqual(open.map((r) => r.value).sort());
		for (const r of blocked) expect(r.description).toContain('gateway.tools.allow');
		if (gw.label === 'latest') {
			expect(ids.length).toBeGreaterThan(10);
			expect(blocked.map((r) => r.value)).toEqual(expect.arrayContaining(['exec', 'automations']));
		} else {
			// 2026.2.22 allows cron over HTTP (later gateways deny it).
			expect(open.map((r) => r.value)).toContain('cron');
		}
		// What the picker marks is what the gateway does: a marked tool is refused over HTTP.
		for (const r of [...blocked.slice(0, 2), open.find((o) => o.value === 'sessions_list')!]) {
			const http = await fetch(`${gw.url}/tools/invoke`, {
				method: 'POST',
				headers: { authorization: `Bearer ${gw.token}`, 'content-type': 'application/json' },
				body: JSON.stringify({ tool: r.value, args: {} }),
			});
			expect([r.value, http.status === 404]).toEqual([r.value, blocked.includes(r)]);
		}
		// The search text matches what the entry shows: the id or the description.
		const filtered = await searchTools.call(ctx(), 'sessions_l');
		expect(filtered.results.map((r) => r.value)).toContain('sessions_list');
		for (const r of filtered.results) expect(r.name.toLowerCase()).toContain('sessions_l');
		// The tool named exactly as typed comes first, blocked or not (2026.9 lists exec, and tools
		// that mention it); its mark says how to allow it.
		if (gw.label === 'latest') {
			const exact = await searchTools.call(ctx(), 'exec');
			expect(exact.results.length).toBeGreaterThan(1);
			expect(exact.results[0].value).toBe('exec');
			expect(exact.results[0].name).toMatch(
				/^exec \(blocked: allow it in gateway\.tools\.allow\) — /,
			);
		}
	});

	test('tools: with a session chosen, what tools.effective allows in it (where the gateway has it)', async () => {
		const key = `agent:main:tools-${gw.label}`;
		await seedSession(gw, key);
		const res = await searchTools.call(
			loadOptionsContext({ url: gw.url, token: gw.token }, { session: key }),
		);
		const client = await GatewayClient.create(ctx());
		try {
			if (!(await client.has('tools.effective'))) {
				expect(res.results.map((r) => r.value)).toEqual(
					(await searchTools.call(ctx())).results.map((r) => r.value),
				);
				return;
			}
			const effective = (await client.call('tools.effective', { sessionKey: key })) as {
				groups: Array<{ tools: Array<{ id: string }> }>;
			};
			const expected = new Set(effective.groups.flatMap((g) => g.tools.map((t) => t.id)));
			expect(new Set(res.results.map((r) => r.value))).toEqual(expected);
		} finally {
			client.close();
		}
	});

	test('skills', async () => {
		const res = await searchSkills.call(ctx(), 'weather');
		expect(res.results.map((r) => r.value)).toContain('weather');
	});
});
