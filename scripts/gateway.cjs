#!/usr/bin/env node
// Installs and runs REAL OpenClaw gateways (npm `openclaw`, pinned versions) on loopback, each with an
// isolated state dir, a generated token and our fake OpenAI-compatible model (scripts/fake-llm.mjs),
// so agent runs work offline. Used by the jest global setup, `npm start`, the benchmark and by hand:
//
//   node scripts/gateway.cjs install [version...]     install the pinned versions into the cache
//   node scripts/gateway.cjs start [version]          start one, print its env lines, stay in the foreground
//
// Must run under Node >= 24 (scripts/with-node.sh). Installs go to $OPENCLAW_N8N_CACHE
// (default ~/.cache/n8n-nodes-openclaw-gateway), which a machine keeps between runs.
'use strict';
const { spawn, execFile } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { promisify } = require('node:util');

const execFileP = promisify(execFile);
const here = __dirname;
const PROJECT_DIR = path.resolve(here, '..');
const CACHE_DIR = process.env.OPENCLAW_N8N_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-openclaw-gateway');
const OPENCLAW_VERSIONS = { latest: '2026.9.6', legacy: '2026.2.22' };
const FAKE_LLM = path.join(here, 'fake-llm.mjs');
const log = (...a) => process.stderr.write(`[gateway] ${a.join(' ')}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function assertNode24() {
	const major = Number(process.versions.node.split('.')[0]);
	if (major < 24) throw new Error(`scripts/gateway.cjs needs Node >= 24 (run it through scripts/with-node.sh); this is ${process.version}`);
}

function installDir(version) {
	return path.join(CACHE_DIR, `openclaw-${version}`);
}
function openclawEntry(version) {
	return path.join(installDir(version), 'node_modules', 'openclaw', 'openclaw.mjs');
}

/** Installs openclaw@version into the cache (idempotent). */
async function ensureOpenClaw(version) {
	assertNode24();
	const dir = installDir(version);
	const marker = path.join(dir, '.installed');
	if (fs.existsSync(marker) && fs.existsSync(openclawEntry(version))) return dir;
	fs.mkdirSync(path.join(dir, 'tmp'), { recursive: true });
	// 2026.2.x depends (through @whiskeysockets/baileys) on a git URL that cannot be fetched here; the
	// registry's libsignal-node is the same library. WhatsApp is never started (OPENCLAW_SKIP_CHANNELS).
	fs.writeFileSync(
		path.join(dir, 'package.json'),
		JSON.stringify({ name: 'openclaw-holder', private: true, overrides: { libsignal: 'npm:libsignal-node@2.0.1' } }),
	);
	log(`installing openclaw@${version} from the npm registry into ${dir} (~650 MB, about a minute)`);
	const env = { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH}` };
	const args = ['install', '--prefix', dir, '--no-audit', '--no-fund', '--loglevel=error', `openclaw@${version}`];
	try {
		await execFileP('npm', args, { env, maxBuffer: 64 << 20 });
	} catch (e) {
		log(`install with scripts failed (${String(e.stderr ?? e).slice(-400)}); retrying with --ignore-scripts`);
		await execFileP('npm', [...args, '--ignore-scripts'], { env, maxBuffer: 64 << 20 });
	}
	// The first launch completes a pending package lifecycle and proves the runtime works.
	const { stdout } = await execFileP(process.execPath, [openclawEntry(version), '--version'], {
		env: { ...env, TMPDIR: path.join(dir, 'tmp'), HOME: path.join(dir, 'tmp') },
	});
	log(`openclaw ${version}: ${stdout.trim()}`);
	fs.writeFileSync(marker, new Date().toISOString());
	return dir;
}

function freePort() {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.once('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});
}

async function waitFor(fn, { timeoutMs, what, alive }) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (alive && !alive()) throw new Error(`${what}: process exited`);
		try {
			if (await fn()) return;
		} catch {
			/* not yet */
		}
		await sleep(250);
	}
	throw new Error(`${what}: not ready after ${timeoutMs} ms`);
}

function versionAtLeast(v, min) {
	const a = v.split('.').map(Number);
	const b = min.split('.').map(Number);
	for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
	return true;
}

function deepMerge(a, b) {
	for (const [k, v] of Object.entries(b ?? {})) {
		a[k] = v && typeof v === 'object' && !Array.isArray(v) && a[k] && typeof a[k] === 'object' ? deepMerge(a[k], v) : v;
	}
	return a;
}

/** Starts the fake model server on a free loopback port. */
async function startFakeLlm({ runDir, reply = 'pong', netns }) {
	fs.mkdirSync(runDir, { recursive: true });
	const portFile = path.join(runDir, 'fake-llm.port');
	fs.rmSync(portFile, { force: true });
	const out = fs.openSync(path.join(runDir, 'fake-llm.log'), 'a');
	const args = [FAKE_LLM, '--port', '0', '--reply', reply, '--port-file', portFile];
	const child = netns
		? spawn('ip', ['netns', 'exec', netns, process.execPath, ...args], { detached: true, stdio: ['ignore', out, out] })
		: spawn(process.execPath, args, { detached: true, stdio: ['ignore', out, out] });
	child.unref();
	await waitFor(() => fs.existsSync(portFile) && fs.readFileSync(portFile, 'utf8').length > 0, {
		timeoutMs: 15000,
		what: 'fake LLM',
		alive: () => child.exitCode === null,
	});
	const port = Number(fs.readFileSync(portFile, 'utf8'));
	const url = `http://127.0.0.1:${port}`;
	return {
		port,
		url,
		pid: child.pid,
		async calls() {
			return (await (await fetch(`${url}/__log`)).json()).calls;
		},
		async reset() {
			await fetch(`${url}/__reset`, { method: 'POST' });
		},
		stop: () => killGroup(child.pid, 5000),
	};
}

async function killGroup(pid, graceMs = 20000) {
	const alive = () => {
		try {
			process.kill(pid, 0);
			return true;
		} catch {
			return false;
		}
	};
	if (!pid || !alive()) return;
	try {
		process.kill(-pid, 'SIGTERM');
	} catch {
		try {
			process.kill(pid, 'SIGTERM');
		} catch {
			/* gone */
		}
	}
	const deadline = Date.now() + graceMs;
	while (alive() && Date.now() < deadline) await sleep(100);
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {
		/* gone */
	}
}

/**
 * Starts a real gateway. Options:
 *   version       openclaw version (default latest pinned)
 *   token         shared token (default random)
 *   authMode      'token' | 'password'
 *   extraConfig   object deep-merged into openclaw.json
 *   netns         run inside this network namespace (bound to `lan` there), to look remote to clients
 *   host          the address clients use (default 127.0.0.1)
 *   port          fixed port (default: free loopback port)
 *   fake          an existing fake LLM (from startFakeLlm) to share; default starts one
 */
async function startGateway(opts = {}) {
	assertNode24();
	const version = opts.version ?? OPENCLAW_VERSIONS.latest;
	await ensureOpenClaw(version);
	const runsDir = path.join(CACHE_DIR, 'runs');
	fs.mkdirSync(runsDir, { recursive: true });
	const runDir = opts.runDir ?? fs.mkdtempSync(path.join(runsDir, `gw-${version}-`));
	fs.mkdirSync(runDir, { recursive: true });
	const stateDir = path.join(runDir, 'state');
	const home = path.join(runDir, 'home');
	fs.mkdirSync(path.join(stateDir, 'logs'), { recursive: true });
	fs.mkdirSync(home, { recursive: true });
	// Inside a namespace the gateway reaches only the namespace's own loopback: its model goes there too.
	const fake = opts.fake ?? (await startFakeLlm({ runDir, netns: opts.netns }));
	const ownFake = !opts.fake;
	const secret = opts.token ?? crypto.randomBytes(12).toString('hex');
	const authMode = opts.authMode ?? 'token';
	const port = opts.port ?? (await freePort());
	const host = opts.host ?? '127.0.0.1';
	const bind = opts.netns ? 'lan' : 'loopback';
	const config = deepMerge(
		{
			gateway: {
				mode: 'local',
				port,
				bind,
				auth: authMode === 'password' ? { mode: 'password', password: secret } : { mode: 'token', token: secret },
				http: { endpoints: { chatCompletions: { enabled: true }, responses: { enabled: true } } },
			},
			logging: { file: path.join(stateDir, 'logs', 'openclaw.log') },
			models: {
				mode: 'replace',
				providers: {
					fake: {
						baseUrl: `${fake.url}/v1`,
						apiKey: 'fake-local-key',
						api: 'openai-completions',
						models: [
							{
								id: 'fake-model',
								name: 'Fake Model',
								reasoning: false,
								// Images too: attachments reach the model inline (a text-only model gets a file reference).
								input: ['text', 'image'],
								cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
								contextWindow: 128000,
								maxTokens: 4096,
							},
						],
					},
				},
			},
			agents: { defaults: { model: { primary: 'fake/fake-model' }, heartbeat: { every: '0m' } } },
			update: { checkOnStart: false },
		},
		opts.extraConfig,
	);
	// Only latest knows models.catalogRefresh; 2026.2.x rejects unknown config keys.
	if (versionAtLeast(version, '2026.3.0')) deepMerge(config, { models: { catalogRefresh: { enabled: false } } });
	// A plugin approval offline (2026.9): the Skill Workshop asks one before it applies, rejects or
	// restores skills when its policy is "pending" (the default, "auto", asks nobody).
	if (versionAtLeast(version, '2026.3.0')) deepMerge(config, { skills: { workshop: { approvalPolicy: 'pending' } } });
	const configPath = path.join(stateDir, 'openclaw.json');
	fs.writeFileSync(configPath, JSON.stringify(config, null, 2), { mode: 0o600 });
	const env = {
		...process.env,
		HOME: home,
		OPENCLAW_HOME: home,
		OPENCLAW_STATE_DIR: stateDir,
		OPENCLAW_CONFIG_PATH: configPath,
		TMPDIR: path.join(installDir(version), 'tmp'),
		PATH: `${path.dirname(process.execPath)}:${process.env.PATH}`,
		OPENCLAW_DISABLE_BONJOUR: '1',
		OPENCLAW_NO_RESPAWN: '1',
		OPENCLAW_SKIP_CHANNELS: '1',
		OPENCLAW_EXEC_SHELL_SNAPSHOT: '0',
		OPENCLAW_OFFLINE: '1',
		OPENCLAW_NO_AUTO_UPDATE: '1',
		NO_COLOR: '1',
		FORCE_COLOR: '0',
	};
	delete env.OPENCLAW_GATEWAY_TOKEN;
	delete env.OPENCLAW_GATEWAY_PASSWORD;
	const logFile = path.join(runDir, 'gateway.log');
	const cliPrefix = opts.netns ? ['ip', ['netns', 'exec', opts.netns, process.execPath]] : [process.execPath, []];
	const t0 = Date.now();
	const launch = () => {
		const out = fs.openSync(logFile, 'a');
		const child = spawn(cliPrefix[0], [...cliPrefix[1], openclawEntry(version), 'gateway', 'run', '--port', String(port), '--bind', bind], {
			env,
			detached: true,
			stdio: ['ignore', out, out],
		});
		child.unref();
		return child;
	};
	let child = launch();
	const baseUrl = `http://${host}:${port}`;
	const ready = async (c) => {
		await waitFor(
			async () => {
				const r = await fetch(`${baseUrl}/tools/invoke`, {
					method: 'POST',
					headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
					body: JSON.stringify({ tool: 'sessions_list', args: {} }),
					signal: AbortSignal.timeout(5000),
				});
				// 2026.9 answers tool calls during its startup with {ok:false} ("sessions.list unavailable
				// during gateway startup"): ready when a tool call works.
				const body = await r.text();
				return r.status === 200 && body.startsWith('{') && JSON.parse(body).ok === true;
			},
			{ timeoutMs: Number(process.env.OPENCLAW_READY_TIMEOUT_MS ?? 180000), what: `openclaw ${version}`, alive: () => c.exitCode === null },
		);
	};
	try {
		await ready(child);
	} catch (e) {
		const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n') : '';
		await killGroup(child.pid);
		if (ownFake) await fake.stop();
		throw new Error(`${e.message}\n--- gateway log tail ---\n${tail}`);
	}
	log(`openclaw ${version} ready on ${baseUrl} after ${Date.now() - t0} ms (run dir ${runDir})`);
	const gw = {
		version,
		url: baseUrl,
		wsUrl: `ws://${host}:${port}`,
		port,
		host,
		token: secret,
		authMode,
		runDir,
		stateDir,
		configPath,
		fake,
		get pid() {
			return child.pid;
		},
		/** Runs the gateway's own CLI (e.g. ['devices', 'approve', id]) against this gateway's state. */
		async cli(args, { timeoutMs = 120000 } = {}) {
			const [cmd, pre] = cliPrefix;
			const { stdout, stderr } = await execFileP(cmd, [...pre, openclawEntry(version), ...args], {
				env,
				timeout: timeoutMs,
				maxBuffer: 64 << 20,
			});
			return { stdout, stderr };
		},
		/** Kills the gateway process (SIGKILL), as a crash would. */
		async kill() {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				/* gone */
			}
			while (child.exitCode === null && child.signalCode === null) await sleep(50);
		},
		/** Starts the gateway again on the same port and state. */
		async restart() {
			child = launch();
			await ready(child);
		},
		async stop() {
			await killGroup(child.pid);
			if (ownFake) await fake.stop();
		},
	};
	return gw;
}

// ------------------------------------------------------------------------------------------ CLI
module.exports = {
	PROJECT_DIR,
	CACHE_DIR,
	OPENCLAW_VERSIONS,
	installDir,
	openclawEntry,
	ensureOpenClaw,
	freePort,
	waitFor,
	killGroup,
	versionAtLeast,
	startFakeLlm,
	startGateway,
};

async function main() {
	const [cmd, ...rest] = process.argv.slice(2);
	if (cmd === 'install') {
		const versions = rest.length ? rest : Object.values(OPENCLAW_VERSIONS);
		for (const v of versions) await ensureOpenClaw(v);
	} else if (cmd === 'start') {
		const gw = await startGateway({ version: rest[0] ?? OPENCLAW_VERSIONS.latest });
		process.stdout.write(`OPENCLAW_URL=${gw.url}\nOPENCLAW_TOKEN=${gw.token}\nOPENCLAW_RUN_DIR=${gw.runDir}\n`);
		const stop = async () => {
			await gw.stop();
			process.exit(0);
		};
		process.on('SIGINT', stop);
		process.on('SIGTERM', stop);
		setInterval(() => {}, 1 << 30);
	} else {
		process.stderr.write('usage: node scripts/gateway.cjs install [version...] | start [version]\n');
		process.exit(2);
	}
}
if (require.main === module) {
	main().catch((e) => {
		process.stderr.write(`${e.stack ?? e}\n`);
		process.exit(1);
	});
}
