/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- end-to-end: runs the README's `npm start` */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { OpenClawRunAgent } from '../../nodes/OpenClawRunAgent/OpenClawRunAgent.node';
import { run } from '../helpers/context';
import { runAgentDefaults } from '../helpers/defaults';
import { until } from '../helpers/summaryReceiver';

/**
 * The README's first command: `npm start` (scripts/start.sh builds, then runs scripts/start.cjs)
 * brings up an embedded gateway and the real n8n with the package, both credentials and every
 * example workflow, and prints where they are. Run here with its own folder and port, told to stop
 * once ready: what its banner says is what the user reads.
 */
const root = path.join(__dirname, '..', '..');

test("npm start: a gateway and n8n come up, the banner names every example workflow and both credentials, and the gateway's agents call example 12's n8n tool over MCP", async () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openclaw-start-'));
	let child: ReturnType<typeof spawn> | undefined;
	try {
		child = spawn(process.execPath, [path.join(root, 'scripts', 'start.cjs')], {
			cwd: root,
			env: {
				...process.env,
				OPENCLAW_START_DIR: dir,
				// Not the default 5678: the start script takes the next free port if this one is busy.
				N8N_PORT: String(20000 + (process.pid % 20000)),
				OPENCLAW_URL: '',
				OPENCLAW_TOKEN: '',
			},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let out = '';
		let err = '';
		child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
		child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
		const started = child;
		const exited = new Promise<number | null>((resolve) => started.on('exit', resolve));
		await until(() => out.includes('Press Ctrl-C') || started.exitCode !== null, 420000);
		expect([child.exitCode, err.slice(-2000)]).toEqual([null, expect.any(String)]);
		expect(out).toContain('n8n with the OpenClaw nodes is ready');
		expect(out).toMatch(/Editor {5}http:\/\/127\.0\.0\.1:\d+/);
		const names = fs
			.readdirSync(path.join(root, 'examples'))
			.filter((f) => f.endsWith('.json'))
			.map((f) => String(JSON.parse(fs.readFileSync(path.join(root, 'examples', f), 'utf8')).name));
		expect(names).toHaveLength(13);
		for (const name of names) expect(out).toContain(name);
		expect(out).toContain('"OpenClaw (local gateway)" (new nodes get it)');
		expect(out).toContain('"OpenClaw (local gateway, admin)"');
		expect(out).toMatch(
			/MCP {8}clients reach OpenClaw at http:\/\/127\.0\.0\.1:\d+\/mcp\/openclaw/,
		);

		// What the banner promises: the embedded gateway's agents have example 12's n8n tool.
		const configPath = /its token is in (\S+)\)/.exec(out)![1];
		const gatewayUrl = /Gateway {4}(\S+)/.exec(out)![1];
		const config = JSON.parse(fs.readFileSync(configPath, 'utf8')) as {
			gateway: { auth: { token: string } };
			mcp: { servers: { n8n: { url: string } } };
		};
		expect(config.mcp.servers.n8n.url).toMatch(/\/mcp\/openclaw-tools$/);
		// n8n registers the published workflow's webhooks shortly after its banner: once it refuses a
		// request without the bearer token (403), example 12 is there.
		await until(async () => {
			const r = await fetch(config.mcp.servers.n8n.url, { method: 'POST', body: '{}' });
			await r.text();
			return r.status === 403;
		}, 90000);
		const order = `S-${Date.now()}`;
		const [answer] = await run(new OpenClawRunAgent(), {
			credentials: { url: gatewayUrl, token: config.gateway.auth.token },
			params: {
				...runAgentDefaults,
				message: `tool:n8n__Order_Status {"input":"${order}"}`,
				options: { timeout: 180 },
			},
		});
		expect(String(answer.json.text)).toContain(`Order ${order}: shipped by n8n`);

		child.kill('SIGINT');
		expect(await exited).toBe(0);
		// Everything it started is stopped again.
		expect(err).toContain('[start] stopping…');
	} finally {
		// A failed expectation must not leave the gateway and n8n running.
		if (child && child.exitCode === null) {
			const gone = new Promise((resolve) => child!.on('exit', resolve));
			child.kill('SIGINT');
			await gone;
		}
		fs.rmSync(dir, { recursive: true, force: true });
	}
}, 600000);
