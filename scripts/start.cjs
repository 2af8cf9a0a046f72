'use strict';
// The main job (npm start): a local OpenClaw gateway (embedded default, or the user's own with
// OPENCLAW_URL + OPENCLAW_TOKEN) and the real n8n on loopback with this package, an OpenClaw
// credential and the example workflows. Isolated folders; Ctrl-C stops everything it started.
const fs = require('node:fs');
const path = require('node:path');
const {
	OPENCLAW_VERSIONS,
	PROJECT_DIR,
	startGateway,
	startFakeLlm,
	freePort,
} = require('./gateway.cjs');
const crypto = require('node:crypto');
const {
	DEMO_OWNER: OWNER,
	EXAMPLES_DIR,
	ensureN8n,
	provision,
	startN8n,
	ownerSession,
	n8nCli,
	N8N_VERSION,
} = require('./n8n.cjs');

const log = (...a) => process.stderr.write(`[start] ${a.join(' ')}\n`);

async function portIsFree(port) {
	const net = require('node:net');
	return new Promise((resolve) => {
		const s = net.createServer();
		s.once('error', () => resolve(false));
		s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
	});
}

async function main() {
	const startDir = path.resolve(
		process.env.OPENCLAW_START_DIR || path.join(PROJECT_DIR, '.run', 'start'),
	);
	const userFolder = path.join(startDir, 'n8n');
	fs.mkdirSync(startDir, { recursive: true });
	const stoppers = [];
	let stopping = false;
	const stopAll = async (code = 0) => {
		if (stopping) return;
		stopping = true;
		log('stopping…');
		for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
		process.exit(code);
	};
	process.on('SIGINT', () => stopAll(0));
	process.on('SIGTERM', () => stopAll(0));

	try {
		const n8nInstall = ensureN8n();
		const wanted = Number(process.env.N8N_PORT || 5678);
		const port = (await portIsFree(wanted)) ? wanted : await freePort();
		const n8nUrl = `http://127.0.0.1:${port}`;
		// The bearer token of the examples' MCP Server Triggers (11 and 12), and the embedded gateway's
		// hooks.token: new each start.
		const mcpToken = crypto.randomBytes(24).toString('base64url');
		let gateway;
		let fakeModelUrl;
		if (process.env.OPENCLAW_URL && process.env.OPENCLAW_TOKEN) {
			gateway = {
				url: process.env.OPENCLAW_URL,
				token: process.env.OPENCLAW_TOKEN,
				external: true,
			};
			log(`using your gateway at ${gateway.url}`);
		} else {
			const fake = await startFakeLlm({ runDir: path.join(startDir, 'fake-model') });
			stoppers.push(() => fake.stop());
			fakeModelUrl = fake.url;
			log(`starting an OpenClaw gateway ${OPENCLAW_VERSIONS.latest} on loopback (about 15 s)…`);
			const hooksToken = crypto.randomBytes(24).toString('hex');
			// Exec asks a human for commands off the allowlist, so example 6 (approve agent actions) has work.
			// Its hooks are on (Agent → Wake and Run via Hook), and its agents have the tools of example 12's
			// MCP Server Trigger (an n8n workflow as a tool), as Agent → Connect MCP Server would set them.
			gateway = await startGateway({
				version: OPENCLAW_VERSIONS.latest,
				fake,
				runDir: path.join(startDir, `gateway-${Date.now()}`),
				extraConfig: {
					tools: { exec: { host: 'gateway', mode: 'ask' } },
					hooks: {
						enabled: true,
						token: hooksToken,
						allowRequestSessionKey: true,
						allowedSessionKeyPrefixes: ['hook:'],
					},
					mcp: {
						servers: {
							n8n: {
								url: `${n8nUrl}/mcp/openclaw-tools`,
								transport: 'streamable-http',
								headers: { Authorization: `Bearer ${mcpToken}` },
							},
						},
					},
				},
			});
			gateway.hooksToken = hooksToken;
			stoppers.push(async () => {
				await gateway.stop();
				fs.rmSync(gateway.runDir, { recursive: true, force: true });
			});
		}
		await n8nInstall;
		log('preparing n8n: package, credential, example workflows…');
		const imported = path.join(userFolder, '.examples-imported');
		const firstStart = !fs.existsSync(imported);
		await provision({ userFolder, gateway, fakeModelUrl, importWorkflows: firstStart, mcpToken });
		// Example 12 is what the embedded gateway's agents call: published once, as a user would.
		if (firstStart && !gateway.external)
			await n8nCli(userFolder, ['publish:workflow', '--id=oclExample00012']);
		fs.writeFileSync(imported, new Date().toISOString());
		log(`starting n8n ${N8N_VERSION} on 127.0.0.1:${port}…`);
		const n8n = await startN8n({ userFolder, port, logFile: path.join(startDir, 'n8n.log') });
		stoppers.push(() => n8n.stop());
		await ownerSession(n8n.url, OWNER);

		// Every example workflow by name (the files in examples/), in their order.
		const workflows = fs
			.readdirSync(EXAMPLES_DIR)
			.filter((f) => f.endsWith('.json'))
			.sort((a, b) => parseInt(a, 10) - parseInt(b, 10))
			.map((f) => JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, f), 'utf8')).name);
		const lines = [
			'',
			'  n8n with the OpenClaw nodes is ready',
			'',
			`  Editor     ${n8n.url}`,
			`  Login      ${OWNER.email} / ${OWNER.password}`,
			`  Gateway    ${gateway.url}${gateway.external ? ' (yours)' : ` (OpenClaw ${OPENCLAW_VERSIONS.latest}; its token is in ${gateway.configPath})`}`,
			...workflows.map((name, i) => `${i ? '           ' : '  Workflows'}  ${name}`),
			`  Credentials "OpenClaw (local gateway)" (new nodes get it) and "OpenClaw (local gateway, admin)"`,
			`             (Admin Access: examples 6, 7 and 10)`,
			`  Webhook    curl -X POST ${n8n.url}/webhook/openclaw-ask -H 'content-type: application/json' -d '{"message":"echo:hi"}'`,
			`             (publish "OpenClaw: ask an agent over a webhook" first)`,
			`  MCP        clients reach OpenClaw at ${n8n.url}/mcp/openclaw (publish example 11 first)`,
			`             with the header  Authorization: Bearer ${mcpToken}`,
			...(gateway.external
				? []
				: [
						`             the gateway's agents have n8n's tools: mcp.servers.n8n -> ${n8n.url}/mcp/openclaw-tools (example 12)`,
						`  Hooks      ${gateway.url}/hooks/agent and /hooks/wake take the credentials' Hooks Token`,
					]),
			`  Logs       ${startDir}`,
			'',
			'  Press Ctrl-C to stop n8n and the gateway.',
			'',
		];
		process.stdout.write(`${lines.join('\n')}\n`);
		if (process.env.OPENCLAW_START_EXIT_WHEN_READY) await stopAll(0);
		setInterval(() => undefined, 1 << 30);
	} catch (error) {
		log(`could not start: ${error.stack ?? error}`);
		await stopAll(1);
	}
}

main();
