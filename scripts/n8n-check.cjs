#!/usr/bin/env node
'use strict';
// One more n8n version against one running gateway, as a user meets it: installs that n8n
// (OPENCLAW_N8N_VERSION, into the cache), installs this package into it as a community package,
// checks that it loads, that the credential test passes with the token and fails with a wrong one,
// and runs each node once (test/e2e/fixtures/editor-tour.json through `n8n execute`).
// Prints one JSON line with what it saw. Needs Node >= 24 (scripts/with-node.sh).
//
//   OPENCLAW_N8N_VERSION=2.37.4 node scripts/n8n-check.cjs <gateway url> <gateway token>
const fs = require('node:fs');
const path = require('node:path');
const n8n = require('./n8n.cjs');
const { PROJECT_DIR } = require('./gateway.cjs');

async function main() {
	const [url, token] = process.argv.slice(2);
	if (!url || !token) throw new Error('usage: node scripts/n8n-check.cjs <gateway url> <gateway token>');
	await n8n.ensureN8n();
	fs.mkdirSync(path.join(PROJECT_DIR, '.run'), { recursive: true });
	const userFolder = fs.mkdtempSync(path.join(PROJECT_DIR, '.run', `check-n8n-${n8n.N8N_VERSION}-`));
	try {
		process.stdout.write(`${JSON.stringify(await check(userFolder, url, token))}\n`);
	} finally {
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

/** What this n8n does with the package (see the header). */
async function check(userFolder, url, token) {
	await n8n.provision({ userFolder, gateway: { url, token }, importWorkflows: false });
	const tour = path.join(PROJECT_DIR, 'test', 'e2e', 'fixtures', 'editor-tour.json');
	await n8n.n8nCli(userFolder, ['import:workflow', `--input=${tour}`]);
	const out = { version: n8n.N8N_VERSION, node: process.versions.node };

	const server = await n8n.startN8n({ userFolder, logFile: path.join(userFolder, 'n8n.log') });
	try {
		const { cookie, rest } = await n8n.ownerSession(server.url, n8n.DEMO_OWNER);
		const types = await (await fetch(`${server.url}/types/nodes.json`, { headers: { cookie } })).json();
		out.types = types.map((t) => t.name).filter((name) => name.startsWith('n8n-nodes-openclaw-gateway.')).sort();
		const check = (secret) =>
			rest('POST', '/credentials/test', {
				credentials: {
					id: n8n.OPENCLAW_CREDENTIAL_ID,
					name: 'OpenClaw (local gateway)',
					type: 'openClawGatewayApi',
					data: { url, authMode: 'token', token: secret },
				},
			});
		out.credentialRight = await check(token);
		out.credentialWrong = await check('not-the-token');
	} finally {
		await server.stop();
	}

	// Each node once, run by this n8n's own CLI; its logger also writes the run to a file of its own.
	const logFile = path.join(userFolder, 'execute.log');
	let stdout = '';
	await n8n
		.n8nCli(userFolder, ['execute', '--id=oclEditorTour001', '--rawOutput'], {
			extraEnv: { N8N_LOG_OUTPUT: 'console,file', N8N_LOG_FILE_LOCATION: logFile },
		})
		.then((r) => (stdout = r.stdout))
		.catch((e) => {
			stdout = String(e.stdout ?? '');
			out.executeExit = `${e.code ?? ''} ${String(e.stderr ?? '').slice(-500)}`;
		});
	const run = n8n.executedRun(logFile, stdout);
	const runData = run?.data?.resultData?.runData ?? {};
	out.nodes = {};
	for (const name of ['Invoke Tool', 'List Sessions', 'Skill Status', 'Run Agent', 'Gateway']) {
		const task = runData[name]?.[0];
		out.nodes[name] = task?.error
			? { error: String(task.error.message ?? task.error) }
			: { items: (task?.data?.main?.[0] ?? []).map((i) => i.json) };
	}
	return out;
}

main().catch((e) => {
	process.stderr.write(`${e.stack ?? e}\n`);
	process.exit(1);
});
