// Starts the real OpenClaw gateways (both pinned versions) once for the whole test run.
// If they cannot be installed or started, the run fails loudly: nothing is skipped.
import fs from 'node:fs';
import path from 'node:path';
import gateway from '../../scripts/gateway.cjs';
const { OPENCLAW_VERSIONS, PROJECT_DIR, startGateway, startFakeLlm } = gateway;

export const GATEWAYS_FILE = path.join(PROJECT_DIR, '.run', 'gateways.json');

export default async function globalSetup() {
	const major = Number(process.versions.node.split('.')[0]);
	if (major < 24)
		throw new Error(`Tests need Node >= 24 (run them with "npm test"); this is ${process.version}`);
	fs.mkdirSync(path.dirname(GATEWAYS_FILE), { recursive: true });
	if (process.env.OPENCLAW_REUSE_GATEWAYS && fs.existsSync(GATEWAYS_FILE)) return; // developer loop
	const runDir = fs.mkdtempSync(path.join(PROJECT_DIR, '.run', 'fake-'));
	const fake = await startFakeLlm({ runDir });
	const started = await Promise.allSettled(
		Object.entries(OPENCLAW_VERSIONS).map(async ([label, version]) => [
			label,
			// As the README tells 2026.2.x users: let the sessions_list tool (HTTP) see every session.
			// Exec asks a human for commands off the allowlist (the trigger's Approval Requested).
			await startGateway({
				version,
				fake,
				extraConfig:
					label === 'legacy'
						? {
								tools: {
									sessions: { visibility: 'all' },
									exec: { host: 'gateway', security: 'allowlist', ask: 'on-miss' },
								},
							}
						: { tools: { exec: { host: 'gateway', mode: 'ask' } } },
			}),
		]),
	);
	const gateways = {};
	for (const s of started) if (s.status === 'fulfilled') gateways[s.value[0]] = s.value[1];
	globalThis.__OPENCLAW__ = { fake, gateways, fakeDir: runDir };
	const failed = started.filter((s) => s.status === 'rejected');
	if (failed.length) {
		for (const g of Object.values(gateways)) await g.stop();
		await fake.stop();
		throw new Error(
			`Could not start the real OpenClaw gateways:\n${failed.map((f) => f.reason?.stack ?? f.reason).join('\n')}`,
		);
	}
	const info = { fakeUrl: fake.url, gateways: {} };
	for (const [label, g] of Object.entries(gateways)) {
		info.gateways[label] = {
			version: g.version,
			url: g.url,
			wsUrl: g.wsUrl,
			token: g.token,
			runDir: g.runDir,
			pid: g.pid,
		};
	}
	fs.writeFileSync(GATEWAYS_FILE, JSON.stringify(info, null, 2));
}
