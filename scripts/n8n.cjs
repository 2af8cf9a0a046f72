'use strict';
// Installs and runs the REAL n8n (pinned) with this package loaded as a community package, in an
// isolated user folder on loopback. Used by `npm start` and the e2e tests. Runs under Node 24 (and
// Node 22 for the 1.x check in test/e2e/versions.e2e.test.ts).
const { spawn, execFile } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { promisify } = require('node:util');
const { CACHE_DIR, PROJECT_DIR, freePort, waitFor, killGroup } = require('./gateway.cjs');

const execFileP = promisify(execFile);
const N8N_VERSION = process.env.OPENCLAW_N8N_VERSION || '2.41.1';
const log = (...a) => process.stderr.write(`[n8n] ${a.join(' ')}\n`);

// Native modules (sqlite3) are built for the Node that installs n8n: one install per Node major.
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);
const n8nDir = () => path.join(CACHE_DIR, `n8n-${N8N_VERSION}${NODE_MAJOR === 24 ? '' : `-node${NODE_MAJOR}`}`);
const n8nBin = () => path.join(n8nDir(), 'node_modules', 'n8n', 'bin', 'n8n');
const nodeDir = () => path.dirname(path.dirname(process.execPath));

/**
 * n8n@2.41.3 cannot be installed from this registry; 2.41.1 installs with --ignore-scripts (a plain
 * install dies building @confluentinc/kafka-javascript). sqlite3 is then built from source against
 * the running Node's headers (the Node binary package ships them).
 */
async function ensureN8n() {
	const dir = n8nDir();
	const marker = path.join(dir, '.installed');
	if (fs.existsSync(marker) && fs.existsSync(n8nBin())) return dir;
	fs.mkdirSync(dir, { recursive: true });
	// Where this registry lacks a pinned dependency of an n8n release, the nearest published one.
	const overrides = N8N_VERSION.startsWith('1.123.') ? { xlsx: '0.18.5' } : {};
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'n8n-holder', private: true, overrides }));
	const env = { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH}` };
	log(`installing n8n@${N8N_VERSION} from the npm registry into ${dir} (~2,400 packages, a few minutes)`);
	await execFileP('npm', ['install', '--prefix', dir, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', `n8n@${N8N_VERSION}`], {
		env,
		maxBuffer: 256 << 20,
	});
	log(`building sqlite3 against Node ${process.version}'s headers`);
	await execFileP('npm', ['rebuild', 'sqlite3', '--build-from-source', `--nodedir=${nodeDir()}`], {
		cwd: dir,
		env: { ...env, npm_config_nodedir: nodeDir() },
		maxBuffer: 256 << 20,
	});
	fs.writeFileSync(marker, new Date().toISOString());
	return dir;
}

/** Packs this package (dist must be built) and installs it the way n8n installs community packages. */
async function installPackageInto(userFolder) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', 'n8n-nodes-openclaw-gateway');
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	const tmp = fs.mkdtempSync(path.join(CACHE_DIR, 'pack-'));
	try {
		const { stdout } = await execFileP('npm', ['pack', '--silent', '--pack-destination', tmp], { cwd: PROJECT_DIR });
		const tgz = stdout.trim().split('\n').pop();
		await execFileP('tar', ['-xzf', path.join(tmp, tgz), '-C', target, '--strip-components=1']);
	} finally {
		fs.rmSync(tmp, { recursive: true, force: true });
	}
	const pkgFile = path.join(target, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...pkg } = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
	void devDependencies;
	void peerDependencies;
	void optionalDependencies;
	fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2));
	fs.writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { 'n8n-nodes-openclaw-gateway': pkg.version } }, null, 2));
	return target;
}

function n8nEnv(userFolder, port, brokerPort, extra = {}) {
	return {
		...process.env,
		PATH: `${path.dirname(process.execPath)}:${process.env.PATH}`,
		// Jest sets NODE_ENV=test, with which `n8n start` exits silently.
		NODE_ENV: 'production',
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}`,
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_RUNNERS_ENABLED: 'false',
		// Every n8n process (server, worker, CLI) starts a task broker: each needs its own port.
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
		N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL || 'info',
		N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'false',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		N8N_NO_DOCS: 'true',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		DB_SQLITE_POOL_SIZE: '2',
		...extra,
	};
}

/** Runs an n8n CLI command (import:workflow, execute, …) against a user folder. */
async function n8nCli(userFolder, args, { extraEnv = {}, timeoutMs = 300000 } = {}) {
	const port = await freePort();
	return execFileP(process.execPath, [n8nBin(), ...args], {
		env: n8nEnv(userFolder, port, await freePort(), extraEnv),
		timeout: timeoutMs,
		maxBuffer: 256 << 20,
	});
}

/** Starts `n8n start` (or `n8n worker`) in the background and waits until it answers. */
async function startN8n({ userFolder, port, command = 'start', extraEnv = {}, logFile, readyPath = '/healthz/readiness' }) {
	fs.mkdirSync(userFolder, { recursive: true });
	const out = fs.openSync(logFile ?? path.join(userFolder, `n8n-${command}.log`), 'a');
	const p = port ?? (await freePort());
	const env = n8nEnv(userFolder, p, await freePort(), extraEnv);
	const child = spawn(process.execPath, [n8nBin(), command], { env, detached: true, stdio: ['ignore', out, out] });
	child.unref();
	const url = `http://127.0.0.1:${p}`;
	const checkUrl = command === 'worker' ? `http://127.0.0.1:${extraEnv.QUEUE_HEALTH_CHECK_PORT}/healthz` : `${url}${readyPath}`;
	try {
		await waitFor(async () => (await fetch(checkUrl, { signal: AbortSignal.timeout(3000) })).status === 200, {
			timeoutMs: Number(process.env.N8N_READY_TIMEOUT_MS ?? 240000),
			what: `n8n ${command} at ${checkUrl} (log: ${logFile ?? userFolder})`,
			alive: () => child.exitCode === null,
		});
	} catch (e) {
		await killGroup(child.pid, 0);
		throw e;
	}
	return {
		url,
		port: p,
		pid: child.pid,
		stop: () => killGroup(child.pid),
	};
}

/** The owner account of the local n8n that npm start and the e2e suites create (loopback only). */
const DEMO_OWNER = { email: 'owner@example.com', firstName: 'Ada', lastName: 'Owner', password: 'Openclaw-n8n-1' };

/** A logged-in REST session of the owner (created on first use). */
async function ownerSession(url, owner) {
	// n8n 1.x answers its readiness check before its REST routes exist: 404 for a few seconds.
	let setup;
	for (let i = 0; i < 60; i++) {
		setup = await fetch(`${url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(owner),
		});
		if (setup.status !== 404) break;
		await new Promise((r) => setTimeout(r, 1000));
	}
	if (setup.status !== 200 && setup.status !== 400) throw new Error(`owner setup: ${setup.status} ${await setup.text()}`);
	const login = await fetch(`${url}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
	});
	if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
	const cookie = (login.headers.getSetCookie?.() ?? [login.headers.get('set-cookie')]).map((c) => String(c).split(';')[0]).join('; ');
	const rest = async (method, p, body) => {
		const r = await fetch(`${url}/rest${p}`, {
			method,
			headers: { cookie, 'content-type': 'application/json', 'browser-id': 'openclaw-e2e' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await r.text();
		let json;
		try {
			json = JSON.parse(text);
		} catch {
			json = text;
		}
		if (r.status >= 400) throw new Error(`${method} ${p}: ${r.status} ${text.slice(0, 500)}`);
		return json?.data ?? json;
	};
	return { cookie, rest };
}

/**
 * The run that `n8n execute --rawOutput` produced. n8n 2.x hands it (JSON.stringify(data, null, 2))
 * to its logger, which also writes other lines to stdout, sometimes right after it: so the logger
 * also writes to a file of its own (N8N_LOG_OUTPUT=console,file, N8N_LOG_FILE_LOCATION=logFile), one
 * JSON entry per line, and the run is the entry whose message is the run object. n8n 1.x prints the
 * run itself on stdout (pretty-printed, from a line "{" to the last "}").
 */
function executedRun(logFile, stdout = '') {
	const fromLog = fs.existsSync(logFile)
		? fs
				.readFileSync(logFile, 'utf8')
				.split('\n')
				.filter((line) => line.startsWith('{'))
				.map((line) => JSON.parse(line).message)
				.filter((message) => typeof message === 'string' && message.startsWith('{'))
				.map((message) => JSON.parse(message))
				.find((r) => r.data?.resultData)
		: undefined;
	if (fromLog) return fromLog;
	const start = stdout.search(/^\{$/m);
	try {
		return start >= 0 ? JSON.parse(stdout.slice(start, stdout.lastIndexOf('}') + 1)) : undefined;
	} catch {
		return undefined;
	}
}

const EXAMPLES_DIR = path.join(PROJECT_DIR, 'examples');
const OPENCLAW_CREDENTIAL_ID = 'openclawLocal001';
const FAKE_MODEL_CREDENTIAL_ID = 'oclFakeModel001';
const OPENCLAW_ADMIN_CREDENTIAL_ID = 'openclawAdmin001';
const MCP_BEARER_CREDENTIAL_ID = 'oclMcpBearer001';

/**
 * Prepares an isolated n8n user folder: this package installed as a community package, the
 * OpenClaw credential (and an OpenAI-compatible one for the local fake model) and the example
 * workflows, imported with n8n's own CLI.
 */
async function provision({ userFolder, gateway, fakeModelUrl, extraEnv = {}, importWorkflows = true, mcpToken }) {
	fs.mkdirSync(userFolder, { recursive: true });
	await installPackageInto(userFolder);
	// The editor gives a new node the credential of its type updated last: the one without Admin
	// Access (a public chat or an AI Agent's tool should not get admin by default).
	const now = Date.now();
	const at = (msAgo) => new Date(now - msAgo).toISOString();
	// The gateway's hooks.token, where it has its hooks on (npm start's embedded gateway).
	const hooks = gateway.hooksToken ? { hooksToken: gateway.hooksToken } : {};
	const credentials = [
		{
			// Admin Access on: cron job changes, and exec approvals on OpenClaw 2026.9 (examples 6 and 7).
			id: OPENCLAW_ADMIN_CREDENTIAL_ID,
			name: 'OpenClaw (local gateway, admin)',
			type: 'openClawGatewayApi',
			data: { url: gateway.url, authMode: 'token', token: gateway.token, adminAccess: true, ...hooks },
			createdAt: at(60000),
			updatedAt: at(60000),
		},
		{
			id: OPENCLAW_CREDENTIAL_ID,
			name: 'OpenClaw (local gateway)',
			type: 'openClawGatewayApi',
			data: { url: gateway.url, authMode: 'token', token: gateway.token, ...hooks },
			createdAt: at(0),
			updatedAt: at(0),
		},
	];
	// The bearer token MCP clients send to the examples' MCP Server Triggers (11 and 12): new each time
	// unless given, so a copy of the folder opens nothing.
	const mcpBearer = mcpToken ?? require('node:crypto').randomBytes(24).toString('base64url');
	credentials.push({
		id: MCP_BEARER_CREDENTIAL_ID,
		name: 'MCP clients of n8n (bearer token)',
		type: 'httpBearerAuth',
		data: { token: mcpBearer },
	});
	if (fakeModelUrl) {
		credentials.push({
			id: FAKE_MODEL_CREDENTIAL_ID,
			name: 'Local fake model (OpenAI-compatible)',
			type: 'openAiApi',
			data: { apiKey: 'fake-local-key', url: `${fakeModelUrl}/v1` },
		});
	}
	const importDir = path.join(userFolder, 'import');
	fs.mkdirSync(importDir, { recursive: true });
	const credFile = path.join(importDir, 'credentials.json');
	fs.writeFileSync(credFile, JSON.stringify(credentials), { mode: 0o600 });
	try {
		await n8nCli(userFolder, ['import:credentials', `--input=${credFile}`], { extraEnv });
	} finally {
		fs.rmSync(credFile, { force: true });
	}
	if (importWorkflows) await n8nCli(userFolder, ['import:workflow', '--separate', `--input=${EXAMPLES_DIR}`], { extraEnv });
	return { mcpToken: mcpBearer };
}

module.exports = {
	DEMO_OWNER,
	EXAMPLES_DIR,
	OPENCLAW_CREDENTIAL_ID,
	provision, N8N_VERSION, ensureN8n, installPackageInto, n8nEnv, n8nCli, startN8n, ownerSession, n8nBin, executedRun };

if (require.main === module) {
	const [cmd] = process.argv.slice(2);
	if (cmd !== 'install') {
		process.stderr.write('usage: node scripts/n8n.cjs install\n');
		process.exit(2);
	}
	ensureN8n().catch((e) => {
		process.stderr.write(`${e.stack ?? e}\n`);
		process.exit(1);
	});
}
