import type { IDataObject } from 'n8n-workflow';

import { OpenClawSkillStatus } from '../../nodes/OpenClawSkillStatus/OpenClawSkillStatus.node';
import { expectPaired } from '../helpers/assertions';
import { rl, run } from '../helpers/context';
import { GATEWAYS } from '../helpers/gateways';
import { skillStatusDefaults } from '../helpers/defaults';

const node = new OpenClawSkillStatus();
const base = skillStatusDefaults;

describe.each(GATEWAYS)('OpenClaw Skill Status on $version', (gw) => {
	const credentials = { url: gw.url, token: gw.token };
	const exec = (params: IDataObject, more = {}) =>
		run(node, { credentials, params: { ...base, ...params }, ...more });

	test('one simplified item per skill: a one-line summary, only the requirements that are missing', async () => {
		const out = await exec({});
		expect(out.length).toBeGreaterThan(5);
		expectPaired(out, 1);
		const raw = await exec({ simplify: false });
		for (const [i, o] of out.entries()) {
			expect(typeof o.json.name).toBe('string');
			expect(typeof o.json.eligible).toBe('boolean');
			const missing = o.json.missing as Record<string, string[]>;
			for (const [kind, list] of Object.entries(missing)) {
				expect(['bins', 'anyBins', 'env', 'config', 'os']).toContain(kind);
				expect(list.length).toBeGreaterThan(0);
				for (const what of list) expect(o.json.summary).toContain(what);
			}
			const rawMissing = (raw[i].json.missing ?? {}) as Record<string, unknown[]>;
			expect(Object.keys(missing).sort()).toEqual(
				Object.keys(rawMissing)
					.filter((k) => (rawMissing[k] ?? []).length > 0)
					.sort(),
			);
			if (o.json.eligible) expect(o.json.summary).toBe('eligible');
			else expect(o.json.summary).not.toBe('eligible');
		}
		expect(out.some((o) => String(o.json.summary).startsWith('missing '))).toBe(true);
	});

	test('filters: status missing requirements, status eligible, a skill by name, for an agent', async () => {
		const all = await exec({});
		expect(await exec({ filters: { status: 'all' } })).toHaveLength(all.length);
		const missing = await exec({ filters: { status: 'missing' } });
		expect(missing.length).toBeGreaterThan(0);
		expect(missing.length).toBeLessThan(all.length + 1);
		for (const o of missing)
			expect(
				Object.values(o.json.missing as Record<string, unknown[]>).some((l) => l.length > 0),
			).toBe(true);
		const eligible = await exec({ filters: { status: 'eligible' } });
		expect(eligible.length).toBeGreaterThan(0);
		for (const o of eligible) expect(o.json.eligible).toBe(true);
		expect(eligible.length).toBe(all.filter((o) => o.json.eligible).length);
		const name = String(all[0].json.name);
		const one = await exec({ filters: { skill: rl(name) }, agent: rl('main') });
		expect(one.map((o) => o.json.name)).toEqual([name]);
	});

	test('Simplify off returns the raw skill with its requirements', async () => {
		const out = await exec({ simplify: false });
		expect(out[0].json).toHaveProperty('requirements');
		expect(out[0].json).toHaveProperty('skillKey');
	});

	test('continueOnFail turns a connection that cannot be made into one error item per input', async () => {
		const out = await run(node, {
			credentials: { url: 'http://127.0.0.1:1', token: gw.token },
			params: base,
			continueOnFail: true,
			items: [{ json: {} }, { json: {} }],
		});
		expect(out).toHaveLength(2);
		expectPaired(out, 2);
		expect(String(out[1].json.error)).toMatch(/\[item 1\]/);
	});
});
