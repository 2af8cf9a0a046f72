/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/require-node-api-error -- load and soak: real n8n in queue mode, Redis, /proc */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { gatewayModule } from '../test/helpers/gatewayModule';
import { n8nModule, type N8nServer } from '../test/helpers/n8nModule';

export const SCALE_ROOT = path.resolve(
	__dirname,
	'..',
	fs.existsSync(path.resolve(__dirname, '..', 'package.json')) ? '' : '../..',
);
export const CREDENTIAL = { id: 'openclawLocal001', name: 'OpenClaw (local gateway)' };

/**
 * n8n in queue mode as users run it when one process is not enough: Redis, PostgreSQL, one main
 * process (the editor, webhooks, the triggers) and `workers` worker processes that run the executions, each with
 * `concurrency` jobs at once. The OpenClaw credential points at `gateway`.
 */
export interface QueueN8n {
	main: N8nServer;
	workers: N8nServer[];
	userFolder: string;
	env: Record<string, string>;
	/** Stops and starts the main process again (a deploy): same database, same port. */
	restartMain(): Promise<void>;
	stop(): Promise<void>;
}

/** PostgreSQL's server programs from Debian's package (the newest installed major version). */
function pgBin(name: string): string {
	const root = '/usr/lib/postgresql';
	const versions = fs.existsSync(root)
		? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', name)))
		: [];
	if (!versions.length)
		throw new Error(`PostgreSQL's ${name} is not installed (Debian package postgresql)`);
	return path.join(root, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin', name);
}

/**
 * A PostgreSQL server of our own on loopback, in a temporary folder (queue mode's database: n8n
 * supports queue mode on PostgreSQL; on SQLite the main and the workers lock each other out under
 * load, SQLITE_BUSY). Run as the `postgres` user when we are root (the server refuses root).
 */
export async function startPostgres(): Promise<{
	env: Record<string, string>;
	stop: () => Promise<void>;
}> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-pg-'));
	const asUser = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
	if (asUser.length) execFileSync('chown', ['postgres', dir]);
	const run = (cmd: string[]) =>
		execFileSync(
			asUser[0] ?? cmd[0],
			[...asUser.slice(1), ...(asUser.length ? cmd : cmd.slice(1))],
			{
				stdio: 'ignore',
			},
		);
	const data = path.join(dir, 'data');
	run([pgBin('initdb'), '-D', data, '-A', 'trust', '-U', 'n8n', '--no-sync']);
	const port = await gatewayModule.freePort();
	const server = spawn(
		asUser[0] ?? pgBin('postgres'),
		[
			...asUser.slice(1),
			...(asUser.length ? [pgBin('postgres')] : []),
			'-D',
			data,
			'-p',
			String(port),
			'-k',
			dir,
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			'fsync=off',
			'-c',
			'max_connections=200',
		],
		{ stdio: ['ignore', 'ignore', fs.openSync(path.join(dir, 'server.log'), 'a')], detached: true },
	);
	server.unref();
	const stop = async () => {
		try {
			process.kill(-server.pid!, 'SIGINT');
		} catch {
			/* gone */
		}
		for (let i = 0; i < 100 && server.exitCode === null && server.signalCode === null; i++)
			await new Promise((r) => setTimeout(r, 100));
		fs.rmSync(dir, { recursive: true, force: true });
	};
	for (let i = 0; ; i++) {
		try {
			execFileSync(pgBin('pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], {
				stdio: 'ignore',
			});
			break;
		} catch {
			if (i > 100 || server.exitCode !== null) {
				await stop();
				throw new Error('PostgreSQL did not start');
			}
			await new Promise((r) => setTimeout(r, 200));
		}
	}
	return {
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: 'postgres',
			DB_POSTGRESDB_USER: 'n8n',
			DB_POSTGRESDB_PASSWORD: '',
		},
		stop,
	};
}

export async function startQueueN8n(opts: {
	gateway: { url: string; token: string };
	workflows: Array<{ id: string }>;
	workers: number;
	concurrency: number;
	name: string;
}): Promise<QueueN8n> {
	const runDir = path.join(SCALE_ROOT, '.run');
	fs.mkdirSync(runDir, { recursive: true });
	const userFolder = fs.mkdtempSync(path.join(runDir, `${opts.name}-n8n-`));
	const redisPort = await gatewayModule.freePort();
	const redis: ChildProcess = spawn(
		'redis-server',
		['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
		{ stdio: 'ignore' },
	);
	const postgres = await startPostgres();
	const env: Record<string, string> = {
		...postgres.env,
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redisPort),
		// Each worker takes this many jobs at once (n8n's default: 10).
		N8N_CONCURRENCY_PRODUCTION_LIMIT: String(opts.concurrency),
		N8N_LOG_LEVEL: 'warn',
	};
	const started: N8nServer[] = [];
	const stopAll = async () => {
		for (const s of started.reverse()) await s.stop().catch(() => undefined);
		redis.kill('SIGTERM');
		await postgres.stop();
	};
	try {
		await n8nModule.ensureN8n();
		await n8nModule.provision({
			userFolder,
			gateway: opts.gateway,
			extraEnv: env,
			importWorkflows: false,
		});
		for (const workflow of opts.workflows) {
			const file = path.join(userFolder, `${workflow.id}.json`);
			fs.writeFileSync(file, JSON.stringify(workflow));
			await n8nModule.n8nCli(userFolder, ['import:workflow', `--input=${file}`], { extraEnv: env });
			await n8nModule.n8nCli(userFolder, ['publish:workflow', `--id=${workflow.id}`], {
				extraEnv: env,
			});
		}
		const workers: N8nServer[] = [];
		for (let i = 0; i < opts.workers; i++) {
			const worker = await n8nModule.startN8n({
				userFolder,
				command: 'worker',
				extraEnv: {
					...env,
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(await gatewayModule.freePort()),
				},
				logFile: path.join(runDir, `${opts.name}-worker-${i + 1}.log`),
			});
			started.push(worker);
			workers.push(worker);
		}
		const mainLog = path.join(runDir, `${opts.name}-main.log`);
		let main = await n8nModule.startN8n({ userFolder, extraEnv: env, logFile: mainLog });
		started.push(main);
		const result: QueueN8n = {
			main,
			workers,
			userFolder,
			env,
			restartMain: async () => {
				const port = main.port;
				await main.stop();
				started.splice(started.indexOf(main), 1);
				main = await n8nModule.startN8n({ userFolder, port, extraEnv: env, logFile: mainLog });
				started.push(main);
				result.main = main;
			},
			stop: async () => {
				await stopAll();
				fs.rmSync(userFolder, { recursive: true, force: true });
			},
		};
		return result;
	} catch (e) {
		await stopAll();
		throw e;
	}
}

/** Resident memory (bytes) of a process and every process of its group (n8n, the gateway). */
export function groupRss(pid: number): number {
	let total = 0;
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			// pid (comm) state ppid pgrp …: comm may hold spaces, so read after the last ')'.
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (Number(entry) !== pid && Number(fields[2]) !== pid) continue;
			const status = fs.readFileSync(`/proc/${entry}/status`, 'utf8');
			const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
			total += Number(kb ?? 0) * 1024;
		} catch {
			/* gone meanwhile */
		}
	}
	return total;
}

/** Samples `read()` every `everyMs` until stopped: the peak and every sample. */
export function sampler(read: () => number, everyMs = 500) {
	const samples: Array<{ at: number; value: number }> = [];
	const take = () => samples.push({ at: Date.now(), value: read() });
	take();
	const timer = setInterval(take, everyMs);
	return {
		samples,
		peak: () => Math.max(...samples.map((s) => s.value)),
		stop: () => {
			clearInterval(timer);
			take();
		},
	};
}

export const percentile = (xs: number[], p: number): number => {
	if (!xs.length) return NaN;
	const sorted = [...xs].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

export const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

/** Waits until a just-published webhook answers something other than 404. */
export async function webhookReady(url: string, body: unknown, timeoutMs = 120000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const res = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		}).catch(() => undefined);
		await res?.text();
		if (res && res.status !== 404) {
			if (res.status !== 200) throw new Error(`warm-up of ${url}: ${res.status}`);
			return;
		}
		if (Date.now() > deadline) throw new Error(`${url} never registered`);
		await new Promise((r) => setTimeout(r, 1000));
	}
}
