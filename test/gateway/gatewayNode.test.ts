/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test checks a file the approved command wrote */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { sleep, type IDataObject, type ITriggerResponse } from 'n8n-workflow';

import { OpenClawGateway } from '../../nodes/OpenClawGateway/OpenClawGateway.node';
import { OpenClawTrigger } from '../../nodes/OpenClawTrigger/OpenClawTrigger.node';
import { errorKind } from '../../nodes/shared/errors';
import { ADMIN_METHODS } from '../../nodes/shared/listSearch';
import { expectNoSecrets, expectPaired } from '../helpers/assertions';
import { loadOptionsContext, rl, run, triggerContext, type Credentials } from '../helpers/context';
import { gatewayModule } from '../helpers/gatewayModule';
import { fakeLlmCalls, GATEWAYS } from '../helpers/gateways';
import { binaryOf, png, sha256 } from '../helpers/png';
import { until } from '../helpers/summaryReceiver';

const node = new OpenClawGateway();
const unique = (what: string) => `${what}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;

describe.each(GATEWAYS)('OpenClaw Gateway node on $version', (gw) => {
	const latest = gw.label === 'latest';
	const plain: Credentials = { url: gw.url, token: gw.token };
	const admin: Credentials = { ...plain, adminAccess: true };
	const exec = async (
		params: IDataObject,
		credentials: Credentials = admin,
		items?: IDataObject[],
	) =>
		run(node, {
			credentials,
			params,
			items: items?.map((json) => ({ json })),
			executionId: unique('exec'),
		});
	const fails = (params: IDataObject, credentials: Credentials = admin) =>
		exec(params, credentials).then(
			() => {
				throw new Error('expected an error');
			},
			(e: unknown) => e as Error & { description?: string },
		);
	/**
	 * A channel send's failure, sent again (a new execution: a new key) while the gateway's state
	 * database gave up under the suite's load (2026.9.6: "database is locked", its own error kind).
	 */
	const sendFailure = async (attempt: () => Promise<unknown>) => {
		for (let tries = 1; ; tries++) {
			const error = await attempt().then(
				() => {
					throw new Error('expected an error');
				},
				(e: unknown) => e as Error & { description?: string },
			);
			if (errorKind(error) !== 'gateway-busy' || tries === 3) return error;
			await sleep(2000);
		}
	};

	test('Agent → Get Many: one item per agent, the default marked', async () => {
		const out = await exec({ resource: 'agent', operation: 'getAll' }, plain);
		expect(out.find((i) => i.json.id === 'main')?.json.isDefault).toBe(true);
		expectPaired(out.slice(0, 1), 1);
	});

	test('Session → Send Message with an image attachment: the model sees the image', async () => {
		const marker = unique('seen');
		const image = png(32, 7);
		const [answer] = await run(node, {
			credentials: plain,
			params: {
				resource: 'session',
				operation: 'sendMessage',
				session: rl(`agent:main:${unique('gwimg')}`),
				message: `echo:${marker}`,
				waitForAnswer: true,
				options: { attachments: 'data' },
			},
			items: [{ json: {}, binary: { data: binaryOf(image, 'image/png', 'dot.png') } }],
			executionId: unique('exec'),
		});
		expect(answer.json.text).toBe(marker);
		const call = (await fakeLlmCalls()).find((c) => c.text.includes(marker));
		expect(call?.images).toEqual([
			{ mimeType: 'image/png', bytes: image.length, sha256: sha256(image) },
		]);
	});

	test('Session → Send Message with a file attachment: its text in the model prompt (2026.9), refused clearly before (2026.2)', async () => {
		const marker = unique('filed');
		const note = `minutes of ${marker}`;
		const sent = run(node, {
			credentials: plain,
			params: {
				resource: 'session',
				operation: 'sendMessage',
				session: rl(`agent:main:${unique('gwfile')}`),
				message: `echo:${marker}`,
				waitForAnswer: true,
				options: { attachments: 'data' },
			},
			items: [
				{ json: {}, binary: { data: binaryOf(Buffer.from(note), 'text/plain', 'minutes.txt') } },
			],
			executionId: unique('exec'),
		});
		if (latest) {
			const [answer] = await sent;
			expect(answer.json).toMatchObject({ text: marker, status: 'ok' });
			const call = (await fakeLlmCalls()).find((c) => c.text.includes(`echo:${marker}`));
			expect(call?.text).toContain(note);
		} else {
			const error = await sent.catch((e: unknown) => e as Error & { description?: string });
			expect(errorKind(error)).toBe('bad-input');
			expect((error as Error).message).toMatch(/"minutes.txt" .* takes images only/);
			expect((await fakeLlmCalls()).some((c) => c.text.includes(marker))).toBe(false);
		}
	});

	test('Session → Send Message (wait and start only), Get History, Update, Abort Run, Reset, Delete', async () => {
		// A bare name starts the main agent's session of that name, as Run Agent's Custom Key does.
		const name = unique('GwNode');
		const session = rl(`agent:main:${name.toLowerCase()}`);
		const marker = unique('said');
		const [answer] = await exec(
			{
				resource: 'session',
				operation: 'sendMessage',
				session: rl(name),
				message: `echo:${marker}`,
				waitForAnswer: true,
				options: {},
			},
			plain,
		);
		expect(answer.json).toMatchObject({ text: marker, status: 'ok', sessionKey: session.value });
		const [started] = await exec(
			{
				resource: 'session',
				operation: 'sendMessage',
				session,
				message: 'echo:later',
				waitForAnswer: false,
				options: {},
			},
			plain,
		);
		expect(started.json.status).toMatch(/accepted|in_flight|ok/);
		await sleep(1500);

		const history = await exec(
			{ resource: 'session', operation: 'getHistory', session, returnAll: true, simplify: true },
			plain,
		);
		const texts = history.map((h) => `${h.json.role}:${h.json.text}`);
		expect(texts).toEqual(expect.arrayContaining([`user:echo:${marker}`, `assistant:${marker}`]));
		expect(Date.parse(String(history[0].json.timestamp))).toBeGreaterThan(0);
		const two = await exec(
			{
				resource: 'session',
				operation: 'getHistory',
				session,
				returnAll: false,
				limit: 2,
				simplify: true,
			},
			plain,
		);
		expect(two).toHaveLength(2);

		const [updated] = await exec({
			resource: 'session',
			operation: 'update',
			session,
			updateFields: { label: 'from n8n' },
		});
		expect(updated.json.updated).toEqual(['label']);
		const [thinking] = await exec({
			resource: 'session',
			operation: 'update',
			session,
			// The fake model has no reasoning: 2026.9 takes "off" only for it.
			updateFields: { thinkingLevel: 'off' },
		});
		expect(thinking.json).toMatchObject({ thinkingLevel: 'off', updated: ['thinkingLevel'] });
		// Thinking Level added and left at Default: the session's level is cleared.
		const [cleared] = await exec({
			resource: 'session',
			operation: 'update',
			session,
			updateFields: { thinkingLevel: '' },
		});
		expect(cleared.json.updated).toEqual(['thinkingLevel']);
		expect(cleared.json.thinkingLevel).toBeUndefined();
		expect(cleared.json.label).toBe('from n8n');

		const [slow] = await exec(
			{
				resource: 'session',
				operation: 'sendMessage',
				session,
				message: 'slow:8000 echo:never',
				waitForAnswer: false,
				options: {},
			},
			plain,
		);
		await sleep(500);
		const [aborted] = await exec(
			{ resource: 'session', operation: 'abort', session, runId: String(slow.json.runId) },
			plain,
		);
		// 2026.2.x's chat.abort stops only runs started by chat.send, not agent runs: it says so.
		expect(aborted.json.aborted).toBe(latest);

		const [reset] = await exec({ resource: 'session', operation: 'reset', session });
		expect(reset.json).toMatchObject({ key: session.value, reset: true });
		const [deleted] = await exec({
			resource: 'session',
			operation: 'delete',
			session,
			deleteTranscript: true,
		});
		expect(deleted.json).toMatchObject({ key: session.value, deleted: true });
		expectNoSecrets([answer, history, updated, reset, deleted], [gw.token]);
	}, 90000);

	test('Session → Compact: the newest lines kept, nothing to do when it is short; the admin scope named without it', async () => {
		const session = rl(`agent:main:${unique('gwcompact')}`);
		for (const word of ['one', 'two', 'three'])
			await exec({
				resource: 'session',
				operation: 'sendMessage',
				session,
				message: `echo:${word}`,
				waitForAnswer: true,
				options: {},
			});
		const compact = (maxLines: number, credentials: Credentials = admin) =>
			exec({ resource: 'session', operation: 'compact', session, maxLines }, credentials);
		const [short] = await compact(1000);
		expect(short.json).toEqual({ key: session.value, compacted: false, kept: expect.any(Number) });
		const [trimmed] = await compact(2);
		expect(trimmed.json).toMatchObject({ key: session.value, compacted: true, kept: 2 });
		const history = await exec({
			resource: 'session',
			operation: 'getHistory',
			session,
			returnAll: true,
			simplify: true,
		});
		// 2026.2.x keeps the last two transcript lines (the last turn); 2026.9's last two are not messages.
		expect(history.map((h) => h.json.text)).toEqual(latest ? [] : ['echo:three', 'three']);
		if (latest) {
			// No Keep Last Lines: the model would summarise; this short a session has nothing to summarise.
			const [summarised] = await compact(0);
			expect(summarised.json).toEqual({
				key: session.value,
				compacted: false,
				reason: 'Nothing to compact (session too small)',
			});
		}
		const denied = await fails(
			{ resource: 'session', operation: 'compact', session, maxLines: 2 },
			plain,
		);
		expect(denied.message).toMatch(/^sessions\.compact needs the scope operator\.admin/);
		expect(denied.description).toMatch(/Turn on Admin Access/);
		const bad = await fails({ resource: 'session', operation: 'compact', session, maxLines: 2.5 });
		expect(errorKind(bad)).toBe('bad-input');
		expect(bad.message).toMatch(/Keep Last Lines parameter must be a whole number/);
	});

	test('Session → Get History: a 20,000-character answer whole on 2026.9 (maxChars); on 2026.2 cut at 12,000 and said so', async () => {
		const session = rl(`agent:main:${unique('long-history')}`);
		const [answer] = await exec(
			{
				resource: 'session',
				operation: 'sendMessage',
				session,
				message: 'big:20000',
				waitForAnswer: true,
				options: {},
			},
			plain,
		);
		expect(String(answer.json.text)).toHaveLength(20000);
		const history = await exec(
			{ resource: 'session', operation: 'getHistory', session, returnAll: true, simplify: true },
			plain,
		);
		const reply = history.find((h) => h.json.role === 'assistant')!.json;
		if (latest) {
			expect(String(reply.text)).toHaveLength(20000);
			expect(reply.truncated).toBeUndefined();
		} else {
			expect(String(reply.text).length).toBeLessThan(20000);
			expect(reply.truncated).toBe(true);
		}
	});

	test("as an AI Agent's tool: Call Method of a method that changes the gateway, Delete and Reset are refused unless the user allowed changes; reads go through", async () => {
		// n8n 2.x runs a tool call as a run of the node whose item holds the model's toolCallId.
		const asTool = [{ toolCallId: 'call_1' }];
		const refused = await exec(
			{
				resource: 'gateway',
				operation: 'call',
				method: 'config.patch',
				params: '{"raw": "{}"}',
			},
			admin,
			asTool,
		).catch((e: unknown) => e as Error & { description?: string });
		expect(errorKind(refused)).toBe('forbidden');
		expect((refused as Error).message).toMatch(/An AI Agent may not call config\.patch/);
		expect((refused as { description?: string }).description).toMatch(/Allow Changes/);
		const reset = await exec(
			{ resource: 'session', operation: 'reset', session: rl('agent:main:main') },
			admin,
			asTool,
		).catch((e: unknown) => e as Error);
		expect(errorKind(reset)).toBe('forbidden');
		// A read goes through as a tool; a change goes through when the user allowed it.
		const [health] = await exec(
			{ resource: 'gateway', operation: 'call', method: 'health', params: '{}' },
			plain,
			asTool,
		);
		expect(health.json).toBeDefined();
		const session = `agent:main:${unique('tool-reset')}`;
		await exec(
			{
				resource: 'session',
				operation: 'sendMessage',
				session: rl(session),
				message: 'echo:hi',
				waitForAnswer: true,
				options: {},
			},
			plain,
		);
		const [allowed] = await exec(
			{ resource: 'session', operation: 'reset', session: rl(session), toolChanges: true },
			admin,
			asTool,
		);
		expect(allowed.json).toMatchObject({ reset: true });
	});

	test('Session → Abort Run: This Run with an empty Run ID is refused naming it (never every run of the session)', async () => {
		const error = await fails(
			{ resource: 'session', operation: 'abort', session: rl('agent:main:main'), runId: '' },
			plain,
		);
		expect(errorKind(error)).toBe('bad-input');
		expect(error.message).toMatch(/The Run ID parameter is empty/);
		expect(error.description).toMatch(/All Runs of the Session/);
	});

	test('Session → Reset without Admin Access: the scope it needs and how to get it', async () => {
		const error = await fails(
			{ resource: 'session', operation: 'reset', session: rl('agent:main:main') },
			plain,
		);
		expect(errorKind(error)).toBe('missing-scope');
		expect(error.message).toMatch(/sessions\.reset needs the scope operator\.admin/);
		expect(error.description).toMatch(/Turn on Admin Access in the OpenClaw credential/);
	});

	test('Cron Job → Create, Get, Get Many, Update, Run Now (wait), Get Runs, Delete', async () => {
		const name = unique('gw-job');
		const [job] = await exec({
			resource: 'cronJob',
			operation: 'create',
			name,
			scheduleKind: 'every',
			everyMinutes: 60,
			payloadKind: 'agentTurn',
			message: 'echo:cron from n8n',
			agent: rl(''),
			options: {},
		});
		const id = String(job.json.id);
		expect(job.json).toMatchObject({
			name,
			enabled: true,
			schedule: { kind: 'every', everyMs: 3600000 },
		});
		expect(Date.parse(String(job.json.createdAt))).toBeGreaterThan(0);
		// When it runs next: once, at the top, on both versions (2026.2.x has it in state only).
		const nextRunOnce = (item: IDataObject) => {
			expect(Date.parse(String(item.nextRunAt))).toBeGreaterThan(Date.now());
			expect(item.nextRunAtMs).toBe(Date.parse(String(item.nextRunAt)));
			expect((item.state as IDataObject | undefined)?.nextRunAt).toBeUndefined();
		};
		nextRunOnce(job.json);
		try {
			const [got] = await exec({ resource: 'cronJob', operation: 'get', job: rl(id) }, plain);
			expect(got.json.id).toBe(id);
			nextRunOnce(got.json);
			const all = await exec(
				{ resource: 'cronJob', operation: 'getAll', includeDisabled: true },
				plain,
			);
			expect(all.map((j) => j.json.id)).toContain(id);
			nextRunOnce(all.find((j) => j.json.id === id)!.json);
			const [renamed] = await exec({
				resource: 'cronJob',
				operation: 'update',
				job: rl(id),
				updateFields: {
					name: `${name}-2`,
					schedule: { value: { scheduleKind: 'cron', cronExpression: '0 9 * * 1-5' } },
				},
			});
			expect(renamed.json).toMatchObject({
				name: `${name}-2`,
				schedule: { kind: 'cron', expr: '0 9 * * 1-5' },
			});
			const [ran] = await exec({
				resource: 'cronJob',
				operation: 'run',
				job: rl(id),
				waitForResult: true,
				options: { timeout: 60 },
			});
			expect(ran.json).toMatchObject({ id, status: 'ok', summary: 'cron from n8n' });
			const runs = await exec(
				{ resource: 'cronJob', operation: 'getRuns', job: rl(id), returnAll: false, limit: 5 },
				plain,
			);
			expect(runs.length).toBeGreaterThanOrEqual(1);
			expect(runs[0].json.jobId).toBe(id);
		} finally {
			const [deleted] = await exec({ resource: 'cronJob', operation: 'delete', job: rl(id) });
			expect(deleted.json).toMatchObject({ id, deleted: true });
		}
		const error = await fails({ resource: 'cronJob', operation: 'get', job: rl(id) }, plain);
		expect(error.message).toMatch(latest ? /.+/ : /No cron job/);
	}, 90000);

	test('Cron Job → Create run again (Retry On Fail, a lost answer) makes one job; Update of the expression keeps the time zone; a Run Now retried waits for its run', async () => {
		const name = unique('gw-once');
		const params = {
			resource: 'cronJob',
			operation: 'create',
			name,
			scheduleKind: 'cron',
			cronExpression: '0 9 * * *',
			payloadKind: 'agentTurn',
			message: 'echo:once',
			agent: rl(''),
			options: { tz: 'Europe/Berlin' },
		};
		const executionId = unique('exec');
		const first = await run(node, { credentials: admin, params, executionId });
		const again = await run(node, { credentials: admin, params, executionId });
		const id = String(first[0].json.id);
		try {
			expect(first[0].json.created).toBe(true);
			expect(again[0].json).toMatchObject({ id, created: false });
			const all = await exec({ resource: 'cronJob', operation: 'getAll', includeDisabled: true });
			expect(all.filter((j) => j.json.name === name)).toHaveLength(1);
			const [updated] = await exec({
				resource: 'cronJob',
				operation: 'update',
				job: rl(id),
				// The loose fields a workflow saved by 0.1.0 has (one Schedule group since 0.2.0).
				updateFields: { scheduleKind: 'cron', cronExpression: '30 10 * * *' },
			});
			expect(updated.json.schedule).toMatchObject({
				kind: 'cron',
				expr: '30 10 * * *',
				tz: 'Europe/Berlin',
			});
			const [grouped] = await exec({
				resource: 'cronJob',
				operation: 'update',
				job: rl(id),
				updateFields: {
					schedule: { value: { scheduleKind: 'cron', cronExpression: '45 11 * * *' } },
				},
			});
			expect(grouped.json.schedule).toMatchObject({
				kind: 'cron',
				expr: '45 11 * * *',
				tz: 'Europe/Berlin',
			});
			const [zoned] = await exec({
				resource: 'cronJob',
				operation: 'update',
				job: rl(id),
				updateFields: {
					schedule: { value: { scheduleKind: 'cron', cronExpression: '45 11 * * *', tz: 'UTC' } },
				},
			});
			expect(zoned.json.schedule).toMatchObject({ kind: 'cron', tz: 'UTC' });
			// Interval without Every (Minutes), or an expression without Schedule: said, not guessed.
			const noMinutes = await fails({
				resource: 'cronJob',
				operation: 'update',
				job: rl(id),
				updateFields: { schedule: { value: { scheduleKind: 'every', everyMinutes: 0 } } },
			});
			expect(noMinutes.message).toMatch(/Every \(Minutes\) must be a positive number/);
			const noKind = await fails({
				resource: 'cronJob',
				operation: 'update',
				job: rl(id),
				updateFields: { cronExpression: '0 8 * * *' },
			});
			expect(noKind.message).toMatch(/schedule value but no Schedule/);
			// Run Now + Wait, run twice as Retry On Fail does (same execution, node, item): one run.
			const runParams = {
				resource: 'cronJob',
				operation: 'run',
				job: rl(id),
				waitForResult: true,
				options: { timeout: 60 },
			};
			const runExec = unique('exec');
			const [ran] = await run(node, {
				credentials: admin,
				params: runParams,
				executionId: runExec,
			});
			const [ranAgain] = await run(node, {
				credentials: admin,
				params: runParams,
				executionId: runExec,
			});
			expect(ran.json.status).toBe('ok');
			expect(ranAgain.json).toMatchObject({ resumed: true, status: 'ok', ts: ran.json.ts });
			const runs = await exec(
				{ resource: 'cronJob', operation: 'getRuns', job: rl(id), returnAll: true },
				plain,
			);
			expect(runs).toHaveLength(1);
		} finally {
			await exec({ resource: 'cronJob', operation: 'delete', job: rl(id) });
		}
	}, 120000);

	test('Cron Job → Create without Admin Access: stops naming operator.admin and Admin Access', async () => {
		const error = await fails(
			{
				resource: 'cronJob',
				operation: 'create',
				name: unique('no-admin'),
				scheduleKind: 'cron',
				cronExpression: '0 9 * * *',
				payloadKind: 'systemEvent',
				message: 'hello',
				agent: rl(''),
				options: {},
			},
			plain,
		);
		expect(error.message).toMatch(/cron\.add needs the scope operator\.admin/);
		expectNoSecrets(error, [gw.token]);
	});

	test('Cron Job → Create with a bad schedule: the parameter named, nothing sent', async () => {
		const error = await fails({
			resource: 'cronJob',
			operation: 'create',
			name: unique('bad'),
			scheduleKind: 'cron',
			cronExpression: 'every day',
			payloadKind: 'systemEvent',
			message: 'hello',
			agent: rl(''),
			options: {},
		});
		expect(errorKind(error)).toBe('bad-input');
		expect(error.message).toMatch(/Cron Expression "every day" needs five fields/);
	});

	test('Approval → Get Many Pending and Resolve: the trigger sees the request, the node allows it, the command runs', async () => {
		const file = path.join(os.tmpdir(), `${unique('gw-approved')}.txt`);
		const session = `agent:main:${unique('gw-appr')}`;
		const { ctx, record } = triggerContext({
			credentials: latest ? admin : plain,
			// Approval Requested takes every approval (Filters cannot narrow it): ours by its session.
			params: { events: ['approvalRequested'], filters: {}, options: {} },
		});
		const trigger: ITriggerResponse = await new OpenClawTrigger().trigger!.call(ctx);
		try {
			const turn = exec(
				{
					resource: 'session',
					operation: 'sendMessage',
					session: rl(session),
					message: `tool:exec {"command":"touch ${file}"}`,
					waitForAnswer: true,
					options: { timeout: 60 },
				},
				plain,
			);
			await until(() => record.emitted.some((e) => e.sessionKey === session), 60000);
			const request = record.emitted.find((e) => e.sessionKey === session)!;
			if (latest) {
				const pending = await exec({ resource: 'approval', operation: 'getAll' });
				expect(pending.find((p) => p.json.id === request.id)?.json.kind).toBe('exec');
			} else {
				const error = await fails({ resource: 'approval', operation: 'getAll' });
				expect(errorKind(error)).toBe('unknown-method');
				expect(error.message).toMatch(/has no method exec\.approval\.list/);
				expect(error.description).toMatch(/2026\.9 or later/);
			}
			// 2026.9's approval.resolve takes operator.approvals (no Admin Access); before, the admin
			// credential resolves through exec.approval.resolve. A device of another n8n resolves it here.
			const [resolved] = await exec(
				{
					resource: 'approval',
					operation: 'resolve',
					approvalId: String(request.id),
					decision: 'allow-once',
				},
				latest ? { ...plain, devicePrivateKey: 'b'.repeat(64) } : admin,
			);
			expect(resolved.json).toMatchObject({
				id: request.id,
				kind: 'exec',
				decision: 'allow-once',
				resolved: true,
			});
			if (latest) {
				expect(resolved.json.status).toBe('allowed');
				const twice = await fails(
					{
						resource: 'approval',
						operation: 'resolve',
						approvalId: String(request.id),
						decision: 'deny',
					},
					plain,
				);
				expect(errorKind(twice)).toBe('conflict');
				expect(twice.message).toMatch(/was already allowed/);
			}
			await turn;
			await until(() => fs.existsSync(file), 15000);
		} finally {
			await trigger.closeFunction?.();
			fs.rmSync(file, { force: true });
		}
	}, 90000);

	test("Message → Send to a Channel: the gateway's refusal of a channel it does not have, said clearly", async () => {
		const error = await sendFailure(() =>
			exec(
				{ resource: 'message', operation: 'send', channel: 'telegram', to: '12345', text: 'hello' },
				plain,
			),
		);
		expect(error.message).toMatch(/channel|telegram/i);
		expectNoSecrets(error, [gw.token]);
	});

	test('Message → Send to a Channel with an n8n binary attachment: sent as the gateway takes it (2026.9), refused clearly before (2026.2)', async () => {
		const error = await sendFailure(() =>
			run(node, {
				credentials: plain,
				executionId: unique('exec'),
				params: {
					resource: 'message',
					operation: 'send',
					channel: 'telegram',
					to: '12345',
					text: 'a picture',
					options: { binaryProperty: 'data' },
				},
				items: [
					{
						json: {},
						binary: { data: binaryOf(png(1), 'image/png', 'dot.png') },
					},
				],
			}),
		);
		if (latest) {
			// The gateway took the attachment's fields (its schema is closed) and refused the channel.
			expect(error.message).toMatch(/channel|telegram/i);
			expect(error.message).not.toMatch(
				/invalid send params|unexpected property|must NOT have additional/i,
			);
		} else {
			expect(error.message).toBe(
				'This OpenClaw gateway cannot take attachments with send [item 0]',
			);
			expect(error.description).toMatch(/2026\.9 or later/);
		}
		const missing = await fails({
			resource: 'message',
			operation: 'send',
			channel: 'telegram',
			to: '12345',
			text: 'x',
			options: { binaryProperty: 'nothing' },
		}).catch((e: unknown) => e as Error);
		expect(missing.message).toMatch(latest ? /binary file 'nothing'/ : /cannot take attachments/);
	});

	test('Gateway → Call Method: any method with JSON parameters; an unknown one named', async () => {
		const [health] = await exec(
			{ resource: 'gateway', operation: 'call', method: 'health', params: '{}' },
			plain,
		);
		expect(health.json.ok).toBe(true);
		const [listed] = await exec(
			{ resource: 'gateway', operation: 'call', method: 'sessions.list', params: '{"limit": 1}' },
			plain,
		);
		expect(Array.isArray(listed.json.sessions)).toBe(true);
		const error = await fails(
			{ resource: 'gateway', operation: 'call', method: 'no.such.method', params: '{}' },
			plain,
		);
		expect(errorKind(error)).toBe('unknown-method');
		expect(error.message).toMatch(/has no method no\.such\.method/);
		const bad = await fails(
			{ resource: 'gateway', operation: 'call', method: 'health', params: '{nope' },
			plain,
		);
		expect(bad.message).toMatch(/Parameters \(JSON\) parameter is not valid JSON/);
	});
});

describe.each(GATEWAYS)('OpenClaw Gateway node pickers on $version', (gw) => {
	const credentials: Credentials = { url: gw.url, token: gw.token, adminAccess: true };
	test('Cron Job (From List) lists the jobs; Method lists what the hello offers', async () => {
		const created = await run(node, {
			credentials,
			params: {
				resource: 'cronJob',
				operation: 'create',
				name: unique('picker-job'),
				scheduleKind: 'every',
				everyMinutes: 30,
				payloadKind: 'systemEvent',
				message: 'picker',
				agent: rl(''),
				options: { enabled: false },
			},
		});
		const id = String(created[0].json.id);
		try {
			const ctx = loadOptionsContext(credentials);
			const jobs = await node.methods.listSearch.searchCronJobs.call(ctx);
			const entry = jobs.results.find((r) => r.value === id);
			expect(entry?.name).toMatch(/picker-job.* \(disabled\)$/);
			const methods = await node.methods.loadOptions.getMethods.call(ctx);
			const values = methods.map((m) => String(m.value));
			expect(values).toEqual(expect.arrayContaining(['health', 'sessions.list', 'cron.list']));
			expect(values).toEqual([...values].sort((a, b) => a.localeCompare(b)));
			// Methods that change the gateway say so in the entry itself.
			const names = new Map(methods.map((m) => [String(m.value), m.name]));
			expect(names.get('sessions.list')).toBe('sessions.list');
			expect(names.get('sessions.delete')).toBe('sessions.delete (changes the gateway)');
			// So do the ones that need Admin Access (issue 25 item 11), where the list is the gateway's
			// (2026.9's scope table; 2026.2.x's differs, so nothing is claimed there).
			const admin = gw.label === 'latest' ? '; needs Admin Access' : '';
			expect(names.get('cron.add')).toBe(`cron.add (changes the gateway${admin})`);
			expect(names.get('sessions.reset')).toBe(`sessions.reset (changes the gateway${admin})`);
			expect(names.get('cron.list')).toBe('cron.list');
			if (gw.label === 'latest') {
				// The list is the installed gateway's own: every method its scope table gives operator.admin.
				const dist = path.join(
					gatewayModule.installDir(gatewayModule.OPENCLAW_VERSIONS.latest),
					'node_modules/openclaw/dist',
				);
				// Its scope table is one of the dist's method-scopes chunks (rows [method, group, scope, since]).
				const table = fs
					.readdirSync(dist)
					.filter((f) => /^method-scopes-.*\.mjs$/.test(f))
					.flatMap((f) => [
						...fs
							.readFileSync(path.join(dist, f), 'utf8')
							.matchAll(/\[\s*"([\w.-]+)",\s*(?:"[^"]*"|null),\s*"([^"]+)"/g),
					]);
				const admin = table.filter((e) => e[2] === 'operator.admin' && e[1] !== 'connect');
				expect(admin.length).toBeGreaterThan(100);
				expect([...ADMIN_METHODS].sort()).toEqual([...new Set(admin.map((e) => e[1]))].sort());
			}
		} finally {
			await run(node, {
				credentials,
				params: { resource: 'cronJob', operation: 'delete', job: rl(id) },
			});
		}
	});
});
