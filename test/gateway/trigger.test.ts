/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test checks a file the approved command wrote */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { sleep, type IDataObject, type ITriggerResponse } from 'n8n-workflow';

import { OpenClawRunAgent } from '../../nodes/OpenClawRunAgent/OpenClawRunAgent.node';
import { OpenClawTrigger } from '../../nodes/OpenClawTrigger/OpenClawTrigger.node';
import { deviceIdentity } from '../../nodes/shared/device';
import { errorKind } from '../../nodes/shared/errors';
import { GatewayRpc, setSocketFactory, type SocketLike } from '../../nodes/shared/transport/rpc';
import { expectNoSecrets } from '../helpers/assertions';
import { run, TEST_NODE, triggerContext, type Credentials } from '../helpers/context';
import { runAgentDefaults } from '../helpers/defaults';
import { gatewayModule, type RunningGateway } from '../helpers/gatewayModule';
import { GATEWAYS, type TestGateway } from '../helpers/gateways';
import { gatewaySockets, settledSockets, until } from '../helpers/summaryReceiver';

const trigger = new OpenClawTrigger();
const runAgent = new OpenClawRunAgent();
const unique = (what: string) => `${what}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;

/** Activates the trigger as n8n does; `close` is its closeFunction (deactivation). */
async function activate(
	credentials: Credentials,
	params: IDataObject,
	mode: 'trigger' | 'manual' = 'trigger',
) {
	const { ctx, record } = triggerContext({
		credentials,
		params: { filters: {}, options: {}, ...params },
		mode,
	});
	const response: ITriggerResponse = await trigger.trigger!.call(ctx);
	return { record, close: () => response.closeFunction?.() };
}

/** Runs one agent turn through the Run Agent node, in the session of workflow `workflowId`. */
async function agentTurn(credentials: Credentials, workflowId: string, message: string) {
	const out = await run(runAgent, {
		credentials,
		params: { ...runAgentDefaults, message },
		workflowId,
		executionId: unique('exec'),
	});
	return out[0].json;
}

/** An operator connection with admin rights (cron jobs, approvals), as the gateway's owner has. */
async function adminRpc(gw: { wsUrl: string; token: string }): Promise<GatewayRpc> {
	return GatewayRpc.connect({
		url: gw.wsUrl,
		node: TEST_NODE,
		authMode: 'token',
		secret: gw.token,
		device: deviceIdentity(gw.token),
		scopes: ['operator.read', 'operator.write', 'operator.approvals', 'operator.admin'],
	});
}

const latest = (gw: TestGateway) => gw.label === 'latest';

/** An hourly agent-turn job that delivers nothing (cron.add); its ID. */
async function addJob(admin: GatewayRpc, name: string, message: string): Promise<string> {
	const job = await admin.call('cron.add', {
		name,
		enabled: true,
		schedule: { kind: 'every', everyMs: 3600000 },
		sessionTarget: 'isolated',
		wakeMode: 'now',
		payload: { kind: 'agentTurn', message },
		delivery: { mode: 'none' },
	});
	return String(job.id);
}

describe.each(GATEWAYS)('OpenClaw Trigger on $version', (gw) => {
	const credentials: Credentials = { url: gw.url, token: gw.token };
	let admin: GatewayRpc;
	beforeAll(async () => {
		admin = await adminRpc(gw);
	});
	afterAll(() => admin?.close());

	test('Agent Run Finished: one item per run with its text, status, run and session; nothing twice', async () => {
		const wf = unique('trig');
		const sessionKey = `agent:main:n8n-wf-${wf}`;
		const t = await activate(credentials, {
			events: ['agentRunFinished'],
			filters: { sessionKey },
		});
		try {
			const marker = unique('finished');
			const result = await agentTurn(credentials, wf, `echo:${marker}`);
			const item = await t.record.next();
			expect(item).toMatchObject({
				event: 'agentRunFinished',
				runId: result.runId,
				sessionKey,
				agentId: 'main',
				status: 'ok',
				text: marker,
				error: null,
			});
			expect(Date.parse(String(item.endedAt))).toBeGreaterThan(0);
			if (latest(gw)) expect(item.model).toBe('fake-model');
			// A second run, and time for late duplicates (2026.9 may send two terminal chat events).
			const second = await agentTurn(credentials, wf, `echo:${marker}-2`);
			expect((await t.record.next()).runId).toBe(second.runId);
			await sleep(1500);
			expect(t.record.emitted.map((e) => e.runId)).toEqual([result.runId, second.runId]);
			expectNoSecrets(t.record.emitted, [gw.token]);
		} finally {
			await t.close();
		}
	});

	test('Agent Run Finished with a Status filter: a run that ended otherwise starts nothing', async () => {
		const wf = unique('trig-status');
		const t = await activate(credentials, {
			events: ['agentRunFinished'],
			filters: { sessionKey: `agent:main:n8n-wf-${wf}`, statuses: ['error', 'timeout'] },
		});
		try {
			await agentTurn(credentials, wf, 'echo:fine');
			await sleep(1500);
			expect(t.record.emitted).toEqual([]);
		} finally {
			await t.close();
		}
	});

	test("New Session Message: the session's messages by role (user messages where the gateway sends them)", async () => {
		const wf = unique('trig-msg');
		const sessionKey = `agent:main:n8n-wf-${wf}`;
		const t = await activate(credentials, {
			events: ['sessionMessage'],
			filters: { sessionKey: `${sessionKey.slice(0, -3)}*` },
		});
		try {
			const marker = unique('said');
			await agentTurn(credentials, wf, `echo:${marker}`);
			const answer = await waitFor(t.record.emitted, (e) => e.role === 'assistant');
			expect(answer).toMatchObject({
				event: 'sessionMessage',
				sessionKey,
				role: 'assistant',
				text: marker,
			});
			if (latest(gw)) {
				const question = await waitFor(t.record.emitted, (e) => e.role === 'user');
				expect(question.text).toBe(`echo:${marker}`);
			}
			await sleep(1000);
			const keys = t.record.emitted.map((e) => `${e.role}:${e.messageId ?? e.runId}`);
			expect(new Set(keys).size).toBe(keys.length);
		} finally {
			await t.close();
		}
	});

	test('a 20,000-character answer: whole in Agent Run Finished and in New Session Message (2026.9 cuts session.message at 8,000; the trigger reads the whole message)', async () => {
		const wf = unique('trig-long');
		const sessionKey = `agent:main:n8n-wf-${wf}`;
		const t = await activate(credentials, {
			events: ['agentRunFinished', 'sessionMessage'],
			filters: { sessionKey, roles: ['assistant'] },
		});
		try {
			await agentTurn(credentials, wf, 'big:20000');
			const finished = await waitFor(t.record.emitted, (e) => e.event === 'agentRunFinished');
			const message = await waitFor(t.record.emitted, (e) => e.event === 'sessionMessage');
			for (const item of [finished, message]) {
				expect(String(item.text)).toHaveLength(20000);
				expect(item.truncated).toBeUndefined();
			}
		} finally {
			await t.close();
		}
	});

	test('Sessions Changed: 2026.9 sends them; an older gateway fails activation naming the version', async () => {
		const wf = unique('trig-sess');
		const sessionKey = `agent:main:n8n-wf-${wf}`;
		if (!latest(gw)) {
			const error = await activate(credentials, { events: ['sessionsChanged'] }).then(
				() => undefined,
				(e: unknown) => e as Error & { description?: string },
			);
			expect(errorKind(error)).toBe('event-unavailable');
			expect(error?.message).toMatch(/does not send "sessions.changed" events/);
			expect(error?.description).toMatch(/2026\.9 or later/);
			return;
		}
		const t = await activate(credentials, { events: ['sessionsChanged'], filters: { sessionKey } });
		try {
			await agentTurn(credentials, wf, 'echo:changed');
			const item = await t.record.next();
			expect(item).toMatchObject({ event: 'sessionsChanged', sessionKey, agentId: 'main' });
			expect(typeof item.reason).toBe('string');
		} finally {
			await t.close();
		}
	});

	test('Cron Job Finished: a job run now (cron.add + cron.run) starts one item with job, status and summary', async () => {
		const name = unique('trig-job');
		const t = await activate(credentials, {
			events: ['cronJobFinished'],
			filters: { job: name },
		});
		let jobId = '';
		try {
			jobId = await addJob(admin, name, 'echo:from cron');
			await admin.call('cron.run', { id: jobId, mode: 'force' });
			const item = await t.record.next(60000);
			expect(item).toMatchObject({ event: 'cronJobFinished', jobId, jobName: name, status: 'ok' });
			expect(item.summary).toBe('from cron');
			expect(Date.parse(String(item.runAt))).toBeGreaterThan(0);
			await sleep(1000);
			expect(t.record.emitted).toHaveLength(1);
		} finally {
			await t.close();
			if (jobId) await admin.call('cron.remove', { id: jobId });
		}
	});

	test('Cron Job Finished: a run that finished while the connection was down is recovered once it is back', async () => {
		const name = unique('trig-gap-job');
		// The network between n8n and the gateway drops (sockets closed, new ones refused), then returns.
		let blocked = false;
		const sockets: WebSocket[] = [];
		setSocketFactory((url) => {
			const ws = new WebSocket(blocked ? 'ws://127.0.0.1:9/' : url);
			sockets.push(ws);
			return ws as unknown as SocketLike;
		});
		let jobId = '';
		const t = await activate(credentials, {
			events: ['cronJobFinished'],
			filters: { job: name },
			options: { reportGaps: true },
		});
		try {
			jobId = await addJob(admin, name, 'echo:cron run');
			const runs = async () =>
				((await admin.call('cron.runs', { id: jobId })).entries as IDataObject[]).length;
			await admin.call('cron.run', { id: jobId, mode: 'force' });
			const live = await t.record.next(60000);
			blocked = true;
			for (const ws of sockets) ws.close();
			await admin.call('cron.run', { id: jobId, mode: 'force' });
			await until(async () => (await runs()) >= 2, 30000);
			blocked = false;
			const recovered = await t.record.next(60000);
			expect(recovered).toMatchObject({
				event: 'cronJobFinished',
				jobId,
				status: 'ok',
				recovered: true,
			});
			expect(recovered.runAt).not.toBe(live.runAt);
			expect(await t.record.next(10000)).toMatchObject({ event: 'gap', recoveredCronRuns: 1 });
			await sleep(1000);
			expect(t.record.emitted.map((e) => e.event)).toEqual([
				'cronJobFinished',
				'cronJobFinished',
				'gap',
			]);
			expect(t.record.errors).toEqual([]);
		} finally {
			setSocketFactory(undefined);
			await t.close();
			if (jobId) await admin.call('cron.remove', { id: jobId });
		}
	}, 120000);

	test('Approval Requested: the command waiting for a human, resolved from outside, then the run goes on', async () => {
		const wf = unique('trig-appr');
		const sessionKey = `agent:main:n8n-wf-${wf}`;
		const file = path.join(os.tmpdir(), `${unique('approved')}.txt`);
		// On 2026.9 the gateway routes exec approvals to admin connections only: the credential opts in.
		// Approval Requested takes every approval (Filters cannot narrow it): ours is found by its session.
		const t = await activate(
			{ ...credentials, ...(latest(gw) ? { adminAccess: true } : {}) },
			{ events: ['approvalRequested'] },
		);
		try {
			const turn = agentTurn(credentials, wf, `tool:exec {"command":"touch ${file}"}`);
			const item = await waitFor(t.record.emitted, (e) => e.sessionKey === sessionKey, 60000);
			expect(item).toMatchObject({
				event: 'approvalRequested',
				kind: 'exec',
				command: `touch ${file}`,
				agentId: 'main',
				sessionKey,
				host: 'gateway',
			});
			expect(item.allowedDecisions).toContain('allow-once');
			expect(Date.parse(String(item.expiresAt))).toBeGreaterThan(Date.now());
			expect(fs.existsSync(file)).toBe(false);
			await admin.call('exec.approval.resolve', { id: item.id, decision: 'allow-once' });
			const result = await turn;
			expect(result.status).toBe('ok');
			// 2026.2.x answers "approval required" at once and runs the command once approved.
			await until(() => fs.existsSync(file), 15000);
		} finally {
			await t.close();
			fs.rmSync(file, { force: true });
		}
	}, 90000);

	if (GATEWAYS.some(latest) && gw.label === 'latest') {
		test('Approval Requested on 2026.9 without Admin Access fails activation with what to change', async () => {
			const error = await activate(credentials, { events: ['approvalRequested'] }).then(
				() => undefined,
				(e: unknown) => e as Error & { description?: string },
			);
			expect(errorKind(error)).toBe('missing-scope');
			expect(error?.message).toMatch(/operator\.admin/);
			expect(error?.description).toMatch(/Turn on Admin Access in the OpenClaw credential/);
			expectNoSecrets(error, [gw.token]);
		});
	}

	test('Any Event: named gateway events with their raw payload', async () => {
		const wf = unique('trig-any');
		const t = await activate(credentials, { events: ['anyEvent'], eventNames: 'chat' });
		try {
			const marker = unique('raw');
			const result = await agentTurn(credentials, wf, `echo:${marker}`);
			const item = await waitFor(
				t.record.emitted,
				(e) =>
					(e.payload as IDataObject)?.runId === result.runId &&
					(e.payload as IDataObject).state === 'final',
			);
			expect(item.event).toBe('chat');
			expect(Date.parse(String(item.receivedAt))).toBeGreaterThan(0);
		} finally {
			await t.close();
		}
	});

	test('Agent Tool Called: once per tool call, with tool, status and duration; Tool Names filters; 2026.2.x fails activation naming 2026.9', async () => {
		const wf = unique('trig-tool');
		const sessionKey = `agent:main:n8n-wf-${wf}`;
		if (!latest(gw)) {
			const error = await activate(credentials, { events: ['agentToolCalled'] }).then(
				() => undefined,
				(e: unknown) => e as Error & { description?: string },
			);
			expect(errorKind(error)).toBe('event-unavailable');
			expect(error?.description).toMatch(/2026\.9/);
			return;
		}
		const t = await activate(credentials, {
			events: ['agentToolCalled'],
			filters: { sessionKey, toolNames: 'sessions_list' },
		});
		try {
			const result = await agentTurn(credentials, wf, 'tool:sessions_list {"limit":1}');
			const item = await t.record.next();
			expect(item).toMatchObject({
				event: 'agentToolCalled',
				tool: 'sessions_list',
				status: 'ok',
				runId: result.runId,
				sessionKey,
				agentId: 'main',
				durationMs: expect.any(Number),
			});
			// A tool the filter leaves out (read), and time for late duplicates: nothing more.
			await agentTurn(credentials, wf, `tool:read {"path":"${unique('none')}.png"}`);
			await sleep(1500);
			expect(t.record.emitted).toHaveLength(1);
		} finally {
			await t.close();
		}
	}, 180000);

	test('Any Event naming an event the gateway does not send fails activation', async () => {
		const error = await activate(credentials, {
			events: ['anyEvent'],
			eventNames: 'no.such.event',
		}).then(
			() => undefined,
			(e: unknown) => e as Error,
		);
		expect(errorKind(error)).toBe('event-unavailable');
		expect(error?.message).toMatch(/"no.such.event"/);
	});

	test('Listen for test event: the first matching event only, and a clear error when none comes in time', async () => {
		const wf = unique('trig-manual');
		const t = await activate(
			credentials,
			{ events: ['agentRunFinished'], filters: { sessionKey: `agent:main:n8n-wf-${wf}` } },
			'manual',
		);
		try {
			await agentTurn(credentials, wf, 'echo:one');
			await agentTurn(credentials, wf, 'echo:two');
			await sleep(1000);
			expect(t.record.emitted.map((e) => e.text)).toEqual(['one']);
		} finally {
			await t.close();
		}
		const quiet = await activate(
			credentials,
			{
				events: ['cronJobFinished'],
				filters: { job: unique('never') },
				options: { testTimeout: 5 },
			},
			'manual',
		);
		try {
			await expect(quiet.record.next(15000)).rejects.toThrow(
				/No matching OpenClaw event arrived within 5 s/,
			);
		} finally {
			await quiet.close();
		}
	});

	test('a wrong token fails activation with the sign-in error, and no secret in it', async () => {
		const wrong = `wrong-${gw.token.slice(0, 6)}`;
		const error = await activate(
			{ url: gw.url, token: wrong },
			{ events: ['agentRunFinished'] },
		).then(
			() => undefined,
			(e: unknown) => e as Error,
		);
		expect(errorKind(error)).toBe('auth');
		expectNoSecrets(error, [wrong, gw.token]);
	});

	test('deactivation closes the socket: one connection to the gateway less', async () => {
		const before = await settledSockets(gw.url);
		const t = await activate(credentials, { events: ['agentRunFinished'] });
		expect(await settledSockets(gw.url)).toBe(before + 1);
		await t.close();
		await until(() => gatewaySockets(gw.url) === before);
	});
});

describe('OpenClaw Trigger across a gateway restart', () => {
	let gw: RunningGateway;
	beforeAll(async () => {
		gw = await gatewayModule.startGateway({ version: gatewayModule.OPENCLAW_VERSIONS.latest });
	}, 240000);
	afterAll(async () => gw?.stop());

	test('reconnects by itself, reports the gap once, and emits no event twice', async () => {
		const credentials: Credentials = { url: gw.url, token: gw.token };
		const wf = unique('trig-restart');
		const t = await activate(credentials, {
			events: ['agentRunFinished'],
			filters: { sessionKey: `agent:main:n8n-wf-${wf}` },
		});
		try {
			const first = await agentTurn(credentials, wf, 'echo:before');
			expect((await t.record.next()).runId).toBe(first.runId);
			await gw.kill();
			await gw.restart();
			const gap = await t.record.next(90000);
			expect(gap).toMatchObject({ event: 'gap', recoveredCronRuns: 0 });
			expect(Number(gap.durationMs)).toBeGreaterThan(0);
			const second = await agentTurn(credentials, wf, 'echo:after');
			expect((await t.record.next()).runId).toBe(second.runId);
			await sleep(1500);
			expect(t.record.emitted.map((e) => e.event)).toEqual([
				'agentRunFinished',
				'gap',
				'agentRunFinished',
			]);
			expect(t.record.errors).toEqual([]);
		} finally {
			await t.close();
		}
	}, 180000);
});

async function waitFor(
	list: IDataObject[],
	match: (e: IDataObject) => boolean,
	timeoutMs = 30000,
): Promise<IDataObject> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const found = list.find(match);
		if (found) return found;
		if (Date.now() > deadline)
			throw new Error(`no matching item in ${JSON.stringify(list).slice(0, 500)}`);
		await sleep(100);
	}
}
