/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- end-to-end: runs the README's `npm start` */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The README's first command: `npm start` (scripts/start.sh builds, then runs scripts/start.cjs)
 * brings up an embedded gateway and the real n8n with the package, both credentials and every
 * example workflow, and prints where they are. Run here with its own folder and port, told to stop
 * once ready: what its banner says is what the user reads.
 */
const root = path.join(__dirname, '..', '..');

test('npm start: a gateway and n8n come up, and the banner names every example workflow and both credentials', async () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openclaw-start-'));
	try {
		const child = spawn(process.execPath, [path.join(root, 'scripts', 'start.cjs')], {
			cwd: root,
			env: {
				...process.env,
				OPENCLAW_START_DIR: dir,
				OPENCLAW_START_EXIT_WHEN_READY: '1',
				// Not the default 5678: the start script takes the next free port if this one is busy.
				N8N_PORT: String(20000 + (process.pid % 20000)),
				OPENCLAW_URL: '',
				OPENCLAW_TOKEN: '',
			},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let out = '';
		let err = '';
		child.stdout.on('data', (d: Buffer) => (out += d.toString()));
		child.stderr.on('data', (d: Buffer) => (err += d.toString()));
		const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
		expect([code, err.slice(-2000)]).toEqual([0, expect.any(String)]);
		expect(out).toContain('n8n with the OpenClaw nodes is ready');
		expect(out).toMatch(/Editor {5}http:\/\/127\.0\.0\.1:\d+/);
		const names = fs
			.readdirSync(path.join(root, 'examples'))
			.filter((f) => f.endsWith('.json'))
			.map((f) => String(JSON.parse(fs.readFileSync(path.join(root, 'examples', f), 'utf8')).name));
		expect(names).toHaveLength(10);
		for (const name of names) expect(out).toContain(name);
		expect(out).toContain('"OpenClaw (local gateway)" (new nodes get it)');
		expect(out).toContain('"OpenClaw (local gateway, admin)"');
		// Everything it started is stopped again.
		expect(err).toContain('[start] stopping…');
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}, 600000);
