/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- end-to-end: real n8n in queue mode with its own Redis */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sleep } from 'n8n-workflow';

import { byLabel, fakeLlmCalls } from '../helpers/gateways';
import { gatewayModule } from '../helpers/gatewayModule';
import { n8nModule, type N8nServer } from '../helpers/n8nModule';

/**
 * n8n's distributed engine: a main process that only schedules, Redis, and one worker that runs the
 * nodes. Example 1's schedule (every 5 s here) must run on the worker, against the real gateway.
 */
const gw = byLabel('latest');
const root = path.join(__dirname, '..', '..');
const userFolder = fs.mkdtempSync(path.join(root, '.run', 'e2e-queue-'));
const owner = n8nModule.DEMO_OWNER;
const marker = `queue-mode answer ${Date.now()}`;
const workflowId = 'oclQueueExample1';
let redis: ChildProcess | undefined;
let main: N8nServer | undefined;
let worker: N8nServer | undefined;
let queueEnv: Record<string, string>;
const workerLog = path.join(root, '.run', 'e2e-queue-worker.log');

beforeAll(async () => {
	const redisPort = await gatewayModule.freePort();
	redis = spawn(
		'redis-server',
		['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
		{ stdio: 'ignore' },
	);
	queueEnv = {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redisPort),
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		QUEUE_HEALTH_CHECK_PORT: String(await gatewayModule.freePort()),
	};
	await n8nModule.ensureN8n();
	await n8nModule.provision({ userFolder, gateway: gw, extraEnv: queueEnv });
	// Example 1, on a 5-second schedule, with an answer of its own.
	const example = JSON.parse(
		fs.readFileSync(path.join(root, 'examples', '1-scheduled-agent-task.json'), 'utf8'),
	);
	example.id = workflowId;
	example.name = 'Queue mode: scheduled agent task';
	for (const n of example.nodes) {
		n.id = n.id.replace(/^a1/, 'b1');
		if (n.type === 'n8n-nodes-base.scheduleTrigger')
			n.parameters = { rule: { interval: [{ field: 'seconds', secondsInterval: 5 }] } };
		if (n.name === 'Summarise') n.parameters.message = `Summarise the last hour. echo:${marker}`;
	}
	const file = path.join(userFolder, 'queue-example.json');
	fs.writeFileSync(file, JSON.stringify(example));
	await n8nModule.n8nCli(userFolder, ['import:workflow', `--input=${file}`], {
		extraEnv: queueEnv,
	});
	await n8nModule.n8nCli(userFolder, ['publish:workflow', `--id=${workflowId}`], {
		extraEnv: queueEnv,
	});
	fs.rmSync(workerLog, { force: true });
	worker = await n8nModule.startN8n({
		userFolder,
		command: 'worker',
		extraEnv: queueEnv,
		logFile: workerLog,
	});
	main = await n8nModule.startN8n({
		userFolder,
		extraEnv: queueEnv,
		logFile: path.join(root, '.run', 'e2e-queue-main.log'),
	});
}, 600000);

afterAll(async () => {
	await main?.stop();
	await worker?.stop();
	redis?.kill('SIGTERM');
	fs.rmSync(userFolder, { recursive: true, force: true });
});

test('the scheduled example runs on the worker and gets the agent answer', async () => {
	const deadline = Date.now() + 120000;
	let finished: RegExpMatchArray | null = null;
	while (Date.now() < deadline) {
		const log = fs.existsSync(workerLog) ? fs.readFileSync(workerLog, 'utf8') : '';
		finished = log.match(/Worker finished execution (\d+)/);
		if (finished) break;
		await sleep(1000);
	}
	expect(finished).not.toBeNull();
	expect(fs.readFileSync(workerLog, 'utf8')).toMatch(
		new RegExp(`Worker started execution ${finished![1]}`),
	);
	expect((await fakeLlmCalls()).some((c) => c.text.includes(marker))).toBe(true);

	const { rest } = await n8nModule.ownerSession(main!.url, owner);
	const execution = (await rest('GET', `/executions/${finished![1]}`)) as {
		status: string;
		workflowId: string;
		mode: string;
	};
	expect(execution.workflowId).toBe(workflowId);
	expect(execution.mode).toBe('trigger');
	expect(execution.status).toBe('success');
}, 180000);
