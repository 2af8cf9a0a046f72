#!/usr/bin/env node
'use strict';
// One more n8n version against one running gateway, as a user meets it: installs that n8n
// (OPENCLAW_N8N_VERSION, into the cache), installs this package into it as a community package,
// checks that it loads, that the credential test passes with the token and fails with a wrong one,
// that the OpenClaw Trigger, active in example 5, starts one execution for an agent run that finishes
// on the gateway, and runs each node once (test/e2e/fixtures/editor-tour.json through `n8n execute`).
// Prints one JSON line with what it saw. Needs Node >= 24 (scripts/with-node.sh).
//
//   OPENCLAW_N8N_VERSION=2.37.4 node scripts/n8n-check.cjs <gateway url> <gateway token>
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const n8n = require('./n8n.cjs');
const { PROJECT_DIR } = require('./gateway.cjs');

async function main() {
	const [url, token] = process.argv.slice(2);
	if (!url || !token)
		throw new Error('usage: node scripts/n8n-check.cjs <gateway url> <gateway token>');
	await n8n.ensureN8n();
	fs.mkdirSync(path.join(PROJECT_DIR, '.run'), { recursive: true });
	const userFolder = fs.mkdtempSync(
		path.join(PROJECT_DIR, '.run', `check-n8n-${n8n.N8N_VERSION}-`),
	);
	try {
		process.stdout.write(`${JSON.stringify(await check(userFolder, url, token))}\n`);
	} finally {
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

/** What this n8n does with the package (see the header). */
async function check(userFolder, url, token) {
	await n8n.provision({ userFolder, gateway: { url, token }, importWorkflows: false });
	// The editor tour without the nodes the editor e2e only opens or runs to read their error (Session →
	// Reset without Admin Access, a Cron Job → Create panel) or fills in from a list (Run → Wait, Artifact
	// → Download: empty until picked, which n8n refuses to run): every node left must run.
	const editorOnly = new Set(['Reset Session', 'New Cron Job', 'Pick Up Run', 'Download File']);
	const tourData = JSON.parse(
		fs.readFileSync(path.join(PROJECT_DIR, 'test', 'e2e', 'fixtures', 'editor-tour.json'), 'utf8'),
	);
	tourData.nodes = tourData.nodes.filter((n) => !editorOnly.has(n.name));
	for (const [from, outputs] of Object.entries(tourData.connections)) {
		if (editorOnly.has(from)) delete tourData.connections[from];
		else
			outputs.main = outputs.main.map((targets) => targets.filter((t) => !editorOnly.has(t.node)));
	}
	const tour = path.join(userFolder, 'editor-tour.json');
	fs.writeFileSync(tour, JSON.stringify(tourData));
	await n8n.n8nCli(userFolder, ['import:workflow', `--input=${tour}`]);
	const out = { version: n8n.N8N_VERSION, node: process.versions.node };

	// Example 5 with its summaries posted to a loopback receiver, narrowed to one session of its own
	// (other suites run agents on the same gateway), active when n8n starts.
	const receiver = await startReceiver();
	const sessionKey = `agent:main:n8n-check-${n8n.N8N_VERSION.replace(/\./g, '-')}-${Date.now()}`;
	const example = JSON.parse(
		fs.readFileSync(path.join(n8n.EXAMPLES_DIR, '5-run-finished-summary.json'), 'utf8'),
	);
	for (const node of example.nodes) {
		if (node.name === 'Post Summary') node.parameters.url = receiver.url;
		if (node.type.endsWith('.openClawTrigger')) node.parameters.filters = { sessionKey };
	}
	const exampleFile = path.join(userFolder, 'example5.json');
	fs.writeFileSync(exampleFile, JSON.stringify(example));
	await n8n.n8nCli(userFolder, ['import:workflow', `--input=${exampleFile}`]);
	// n8n 2.x publishes a workflow; 1.x sets it active.
	const major = Number(n8n.N8N_VERSION.split('.')[0]);
	await n8n.n8nCli(
		userFolder,
		major >= 2
			? ['publish:workflow', `--id=${example.id}`]
			: ['update:workflow', `--id=${example.id}`, '--active=true'],
	);

	const server = await n8n.startN8n({ userFolder, logFile: path.join(userFolder, 'n8n.log') });
	try {
		out.trigger = await triggerCheck(server, receiver, url, token, sessionKey);
		const { cookie, rest } = await n8n.ownerSession(server.url, n8n.DEMO_OWNER);
		// Deactivated, the trigger closes its socket (2.x has a deactivate route; 1.x patches `active`).
		if (major >= 2) await rest('POST', `/workflows/${example.id}/deactivate`, {});
		else {
			const wf = await rest('GET', `/workflows/${example.id}`);
			await rest('PATCH', `/workflows/${example.id}`, { active: false, versionId: wf.versionId });
		}
		const closedBy = Date.now() + 20000;
		while (socketsTo(url, server.pid) > 0 && Date.now() < closedBy) await sleep(250);
		out.trigger.socketsAfterDeactivation = socketsTo(url, server.pid);
		const types = await (
			await fetch(`${server.url}/types/nodes.json`, { headers: { cookie } })
		).json();
		out.types = types
			.map((t) => t.name)
			.filter((name) => name.startsWith('n8n-nodes-openclaw-gateway.'))
			.sort();
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
		receiver.server.close();
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

/** A loopback "chat webhook": every JSON body posted to it. */
function startReceiver() {
	const posts = [];
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (c) => (body += c));
		req.on('end', () => {
			try {
				posts.push(JSON.parse(body));
			} catch {
				posts.push({ unparsed: body });
			}
			res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
		});
	});
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () =>
			resolve({ server, posts, url: `http://127.0.0.1:${server.address().port}/` }),
		),
	);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Established connections from n8n's process to the gateway's port (the trigger's socket). */
function socketsTo(gatewayUrl, pid) {
	const port = new URL(gatewayUrl).port;
	const outText = execFileSync('ss', ['-Htnp', 'state', 'established', `( dport = :${port} )`], {
		encoding: 'utf8',
	});
	return outText.split('\n').filter((l) => l.includes(`pid=${pid},`)).length;
}

/**
 * Once the active trigger holds its socket, one agent run in its session (over the gateway's
 * /v1/chat/completions, so nothing of this package starts it), then what example 5 posted.
 */
async function triggerCheck(server, receiver, gatewayUrl, token, sessionKey) {
	const connectedBy = Date.now() + 60000;
	while (socketsTo(gatewayUrl, server.pid) === 0) {
		if (Date.now() > connectedBy) return { connected: false, posts: receiver.posts };
		await sleep(250);
	}
	const answer = await fetch(`${gatewayUrl}/v1/chat/completions`, {
		method: 'POST',
		headers: {
			authorization: `Bearer ${token}`,
			'content-type': 'application/json',
			'x-openclaw-session-key': sessionKey,
		},
		body: JSON.stringify({
			model: 'openclaw:main',
			messages: [{ role: 'user', content: 'echo:seen by the trigger' }],
		}),
	});
	if (!answer.ok) throw new Error(`/v1/chat/completions: ${answer.status} ${await answer.text()}`);
	const postedBy = Date.now() + 60000;
	while (receiver.posts.length === 0 && Date.now() < postedBy) await sleep(250);
	await sleep(2000); // time for a duplicate to show
	return { connected: true, sessionKey, posts: receiver.posts };
}

main().catch((e) => {
	process.stderr.write(`${e.stack ?? e}\n`);
	process.exit(1);
});
