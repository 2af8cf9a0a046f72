/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- end-to-end: drives other real n8n versions */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

import { byLabel } from '../helpers/gateways';

/**
 * More n8n versions than the full e2e's 2.41.1, as users run them: one inside 2.28–2.37 (where
 * getSecureEgressFilter() hands out no filter) and the newest installable 1.x on Node.js 22, as its
 * Docker images run it. For each:
 * scripts/n8n-check.cjs installs that n8n, installs the packed package into it, and reports whether
 * it loads, what the credential test says (right and wrong token), what the OpenClaw Trigger of
 * example 5 (active) posts for one agent run in its session, and what each node returns when n8n runs
 * them once against the real gateway 2026.9.6. 1.123.x needs an npm override here
 * (xlsx 0.18.5: n8n pins a CDN tarball this registry cannot serve; scripts/n8n.cjs).
 */
const run = promisify(execFile);
const gw = byLabel('latest');
const OURS = [
	...['Gateway', 'Invoke', 'ListSessions', 'RunAgent', 'SkillStatus'].flatMap((n) => [
		`n8n-nodes-openclaw-gateway.openClaw${n}`,
		`n8n-nodes-openclaw-gateway.openClaw${n}Tool`,
	]),
	'n8n-nodes-openclaw-gateway.openClawTrigger',
];

interface Check {
	version: string;
	node: string;
	types: string[];
	credentialRight: { status: string; message: string };
	credentialWrong: { status: string; message: string };
	nodes: Record<string, { items?: Array<Record<string, unknown>>; error?: string }>;
	executeExit?: string;
	trigger: {
		connected: boolean;
		sessionKey?: string;
		posts: Array<Record<string, unknown>>;
		socketsAfterDeactivation: number;
	};
}

const root = path.join(__dirname, '..', '..');

/** The bin folder of the pinned Node.js of that major (scripts/node24.sh installs any version). */
async function nodeBin(version: string): Promise<string> {
	const { stdout } = await run('bash', [path.join(root, 'scripts', 'node24.sh')], {
		env: {
			...process.env,
			OPENCLAW_N8N_NODE_VERSION: version,
			OPENCLAW_N8N_FORCE_PINNED_NODE: '1',
		},
	});
	return stdout.trim();
}

test.each([
	['2.37.4', '24', undefined],
	['1.123.81', '22', '22.23.3'],
] as const)(
	'n8n %s on Node.js %s: the package loads, the credential test answers, the active trigger starts one execution per run and closes its socket when deactivated, each node runs once',
	async (version, major, pinnedNode) => {
		const bin = pinnedNode ? await nodeBin(pinnedNode) : path.dirname(process.execPath);
		const { stdout } = await run(
			path.join(bin, 'node'),
			[path.join(root, 'scripts', 'n8n-check.cjs'), gw.url, gw.token],
			{
				env: {
					...process.env,
					PATH: `${bin}:${process.env.PATH}`,
					OPENCLAW_N8N_VERSION: version,
				},
				maxBuffer: 64 << 20,
				timeout: 1_500_000,
			},
		);
		const check = JSON.parse(stdout.trim().split('\n').pop()!) as Check;
		expect(check.version).toBe(version);
		expect(check.node.split('.')[0]).toBe(major);
		expect(check.types).toEqual([...OURS].sort());
		expect(check.credentialRight).toMatchObject({ status: 'OK' });
		expect(check.credentialWrong.status).toBe('Error');
		expect(check.credentialWrong.message).toMatch(/rejected the token/);
		expect(`${check.credentialRight.message} ${check.credentialWrong.message}`).not.toContain(
			gw.token,
		);
		// The trigger, active in this n8n: its socket up, one execution for the one run that finished.
		expect(check.trigger.connected).toBe(true);
		expect(check.trigger.posts).toEqual([
			expect.objectContaining({
				text: `✅ Agent main finished (ok) in ${check.trigger.sessionKey}: seen by the trigger`,
				status: 'ok',
				model: 'fake-model',
			}),
		]);
		expect(check.trigger.socketsAfterDeactivation).toBe(0);
		const { nodes } = check;
		expect([check.executeExit, nodes['Invoke Tool'].error]).toEqual([undefined, undefined]);
		expect(nodes['Invoke Tool'].items![0]).toHaveProperty('sessions');
		expect(nodes['List Sessions'].error).toBeUndefined();
		expect(nodes['Skill Status'].items!.length).toBeGreaterThan(0);
		expect(nodes['Run Agent'].items![0].text).toBe('Hello from the n8n editor');
		expect(nodes.Gateway.items!.map((a) => a.id)).toContain('main');
	},
	1_600_000,
);
