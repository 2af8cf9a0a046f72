/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- end-to-end: real n8n in queue mode with its own Redis */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sleep } from 'n8n-workflow';

import { byLabel, fakeLlmCalls } from '../helpers/gateways';
import { gatewayModule } from '../helpers/gatewayModule';
import { n8nModule, type N8nServer } from '../helpers/n8nModule';
import { run } from '../helpers/context';
import { ASK_COLOUR, humanExample, resumeWith } from '../helpers/examples';
import { runAgentDefaults } from '../helpers/defaults';
import {
	example5File,
	gatewaySockets,
	startReceiver,
	until,
	type Receiver,
} from '../helpers/summaryReceiver';
import { OpenClawRunAgent } from '../../nodes/OpenClawRunAgent/OpenClawRunAgent.node';

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
const triggerWorkflowId = 'oclQueueExample5';
const askWorkflowId = 'oclQueueExample9';
const ASK_PREFIX = `queue-ask-${Date.now()}`;
let receiver: Receiver;
let session: Promise<Awaited<ReturnType<typeof n8nModule.ownerSession>>> | undefined;
/** One sign-in for the suite: n8n rate-limits /rest/login. */
const sessionOf = () => (session ??= n8nModule.ownerSession(main!.url, owner));

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
	// Example 5: the OpenClaw Trigger listens on main, each execution runs on the worker.
	receiver = await startReceiver();
	const example5 = example5File(root, userFolder, receiver.url, triggerWorkflowId);
	await n8nModule.n8nCli(userFolder, ['import:workflow', `--input=${example5}`], {
		extraEnv: queueEnv,
	});
	await n8nModule.n8nCli(userFolder, ['publish:workflow', `--id=${triggerWorkflowId}`], {
		extraEnv: queueEnv,
	});
	// Example 9: Question Asked on main; its Wait node resumed through main's webhook, on the worker.
	const example9 = humanExample(
		'9-answer-agent-questions.json',
		userFolder,
		receiver.url,
		ASK_PREFIX,
		askWorkflowId,
	);
	await n8nModule.n8nCli(userFolder, ['import:workflow', `--input=${example9}`], {
		extraEnv: queueEnv,
	});
	await n8nModule.n8nCli(userFolder, ['publish:workflow', `--id=${askWorkflowId}`], {
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
	await receiver?.stop();
	await worker?.stop();
	redis?.kill('SIGTERM');
	fs.rmSync(userFolder, { recursive: true, force: true });
});

test('the scheduled example runs on the worker and gets the agent answer', async () => {
	const { rest } = await sessionOf();
	type Execution = { id: string; status: string; workflowId: string; mode: string };
	// The worker also runs example 5 (its trigger fires on example 1's runs): find example 1's.
	const deadline = Date.now() + 120000;
	let execution: Execution | undefined;
	const checked = new Set<string>();
	while (!execution && Date.now() < deadline) {
		const log = fs.existsSync(workerLog) ? fs.readFileSync(workerLog, 'utf8') : '';
		for (const [, id] of log.matchAll(/Worker finished execution (\d+)/g)) {
			if (checked.has(id)) continue;
			checked.add(id);
			const e = (await rest('GET', `/executions/${id}`)) as Execution;
			if (e.workflowId === workflowId) {
				execution = { ...e, id };
				break;
			}
		}
		if (!execution) await sleep(1000);
	}
	expect(execution).toBeDefined();
	expect(fs.readFileSync(workerLog, 'utf8')).toMatch(
		new RegExp(`Worker started execution ${execution!.id}\\b`),
	);
	expect((await fakeLlmCalls()).some((c) => c.text.includes(marker))).toBe(true);
	expect(execution!.mode).toBe('trigger');
	expect(execution!.status).toBe('success');
}, 180000);

test('example 5: the OpenClaw Trigger listens on main, each finished run is one execution on the worker', async () => {
	const wf = `queue-trigger-${Date.now()}`;
	const out = await run(new OpenClawRunAgent(), {
		credentials: { url: gw.url, token: gw.token },
		params: { ...runAgentDefaults, message: 'echo:queued summary' },
		workflowId: wf,
		executionId: `${wf}-1`,
	});
	const runId = String(out[0].json.runId);
	await until(() => receiver.posts.some((p) => p.runId === runId), 60000);
	await sleep(2000);
	expect(receiver.posts.filter((p) => p.runId === runId)).toHaveLength(1);
	// The socket is main's; the execution is the worker's.
	expect(gatewaySockets(gw.url, main!.pid)).toBeGreaterThanOrEqual(1);
	const { rest } = await sessionOf();
	const list = (await rest(
		'GET',
		`/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: triggerWorkflowId }))}`,
	)) as { results: Array<{ id: string; status: string; mode: string }> };
	const ids = list.results.filter((e) => e.status === 'success').map((e) => e.id);
	expect(ids.length).toBeGreaterThanOrEqual(1);
	const log = fs.readFileSync(workerLog, 'utf8');
	expect(ids.some((id) => log.includes(`Worker finished execution ${id}`))).toBe(true);
}, 180000);

test('example 9: a question waits in n8n without a worker, the answer at the resume URL reaches the agent; the execution ends on a worker', async () => {
	const wf = `${ASK_PREFIX}-1`;
	const sessionKey = `agent:main:n8n-wf-${wf}`;
	const turn = run(new OpenClawRunAgent(), {
		credentials: { url: gw.url, token: gw.token },
		params: { ...runAgentDefaults, message: ASK_COLOUR, options: { timeout: 240 } },
		workflowId: wf,
		executionId: `${wf}-1`,
	});
	turn.catch(() => undefined); // awaited below
	await until(() => receiver.posts.some((p) => p.sessionKey === sessionKey), 90000);
	const post = receiver.posts.find((p) => p.sessionKey === sessionKey)!;
	const resume = new URL(String(post.answerUrl));
	const res = await resumeWith(`${main!.url}${resume.pathname}${resume.search}`, {
		answers: { colour: 'Red' },
	});
	expect(res.status).toBe(200);
	const [final] = await turn;
	expect(String(final.json.text)).toContain('Colour: Red');
	const { rest } = await sessionOf();
	const executions = async () =>
		(
			(await rest(
				'GET',
				`/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: askWorkflowId }))}`,
			)) as { results: Array<{ id: string; status: string }> }
		).results;
	// It waited (status "waiting") and then finished once the answer came.
	await until(async () => (await executions()).some((e) => e.status === 'success'), 60000);
	const done = (await executions()).filter((e) => e.status === 'success');
	const log = fs.readFileSync(workerLog, 'utf8');
	expect(done.some((e) => log.includes(`Worker finished execution ${e.id}`))).toBe(true);
}, 240000);
