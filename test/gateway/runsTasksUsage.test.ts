import type { IDataObject } from 'n8n-workflow';

import { OpenClawGateway } from '../../nodes/OpenClawGateway/OpenClawGateway.node';
import { OpenClawRunAgent } from '../../nodes/OpenClawRunAgent/OpenClawRunAgent.node';
import { searchTaskPages } from '../../nodes/OpenClawGateway/resources/task';
import { errorKind } from '../../nodes/shared/errors';
import { GatewayClient } from '../../nodes/shared/transport/client';
import { expectNoSecrets, expectPaired } from '../helpers/assertions';
import { executeContext, loadOptionsContext, rl, run, type Credentials } from '../helpers/context';
import { runAgentDefaults } from '../helpers/defaults';
import { GATEWAYS } from '../helpers/gateways';
import { until } from '../helpers/summaryReceiver';

/**
 * Runs you can come back to (Run → Wait, Get after Run Agent → Start Only), the task ledger
 * (Task → Get Many, Get, Cancel) and Session → Get Usage, on both real gateways: 2026.9.6 has them,
 * 2026.2.22 refuses what it lacks by name (its sessions.usage works).
 */
const gatewayNode = new OpenClawGateway();
const runAgent = new OpenClawRunAgent();
const unique = (what: string) => `${what}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;

describe.each(GATEWAYS)('Run, Task and Get Usage on $version', (gw) => {
	const latest = gw.label === 'latest';
	const credentials: Credentials = { url: gw.url, token: gw.token };
	const gateway = (params: IDataObject) =>
		run(gatewayNode, { credentials, params, executionId: unique('exec') });
	const fails = (params: IDataObject) =>
		gateway(params).then(
			() => {
				throw new Error('expected an error');
			},
			(e: unknown) => e as Error & { description?: string },
		);
	const start = async (message: string, sessionName: string) => {
		const [accepted] = await run(runAgent, {
			credentials,
			params: {
				...runAgentDefaults,
				sessionStrategy: 'custom',
				sessionKey: `agent:main:${sessionName}`,
				mode: 'start',
				message,
			},
			executionId: unique('exec'),
		});
		return accepted.json as { runId: string; sessionKey: string };
	};

	if (latest) {
		test("Start Only → Run → Wait: the same answer as Wait for the Answer, whole at 10,000 characters; Run → Get; the run's task", async () => {
			const session = unique('waitlater');
			const started = await start('big:10000', session);
			expect(started.runId).toEqual(expect.any(String));
			const [waited] = await gateway({
				resource: 'run',
				operation: 'wait',
				run: rl(started.runId),
				sessionKey: rl(started.sessionKey),
				options: { timeout: 120 },
			});
			const [direct] = await run(runAgent, {
				credentials,
				params: {
					...runAgentDefaults,
					sessionStrategy: 'custom',
					sessionKey: `agent:main:${unique('direct')}`,
					message: 'big:10000',
				},
				executionId: unique('exec'),
			});
			expect(String(waited.json.text)).toHaveLength(10000);
			expect(waited.json.text).toBe(direct.json.text);
			expect(waited.json).toMatchObject({
				runId: started.runId,
				sessionKey: started.sessionKey,
				status: 'ok',
			});
			expect(waited.json.truncated).toBeUndefined();
			expect(
				Object.keys(waited.json)
					.filter((k) => k in direct.json)
					.sort(),
			).toEqual(
				Object.keys(direct.json)
					.filter((k) => k !== 'recovered')
					.sort(),
			);
			expectPaired([waited], 1);
			expectNoSecrets(waited, [gw.token]);

			const [status] = await gateway({
				resource: 'run',
				operation: 'get',
				run: rl(started.runId),
				sessionKey: rl(started.sessionKey),
			});
			expect(status.json).toMatchObject({ runId: started.runId, status: 'ok', ended: true });
			expect(status.json.task).toMatchObject({ runId: started.runId, status: 'completed' });
			const taskId = String((status.json.task as IDataObject).taskId);

			const listed = await gateway({
				resource: 'task',
				operation: 'getAll',
				returnAll: true,
				options: { sessionKey: started.sessionKey },
			});
			expect(listed.map((t) => t.json.taskId)).toContain(taskId);
			expect(String(listed[0].json.createdAt)).toMatch(/^\d{4}-\d\d-\d\dT/);
			const [task] = await gateway({ resource: 'task', operation: 'get', task: rl(taskId) });
			expect(task.json).toMatchObject({ taskId, status: 'completed', runtime: 'cli' });
		}, 240000);

		test('Run → Wait on an unknown run: a clear error; past its Timeout: a timeout, the run goes on; Task → Cancel stops it', async () => {
			const unknown = await fails({
				resource: 'run',
				operation: 'wait',
				run: rl('n8n-no-such-run'),
				sessionKey: rl('agent:main:main'),
				options: { timeout: 5 },
			});
			expect(errorKind(unknown)).toBe('not-found');
			expect(unknown.message).toMatch(/knows no run "n8n-no-such-run"/);

			const marker = unique('slowrun');
			const started = await start(`slow:20000 echo:${marker}`, unique('slow'));
			const late = await fails({
				resource: 'run',
				operation: 'wait',
				run: rl(started.runId),
				sessionKey: rl(started.sessionKey),
				options: { timeout: 2 },
			});
			expect(errorKind(late)).toBe('timeout');
			expect(late.message).toMatch(/did not end within the Timeout \(2 s\)/);
			const [running] = await gateway({
				resource: 'run',
				operation: 'get',
				run: rl(started.runId),
				sessionKey: rl(started.sessionKey),
			});
			expect(running.json.ended).toBe(false);
			expect(['queued', 'running']).toContain(running.json.status);

			const taskId = String((running.json.task as IDataObject).taskId);
			// The pickers: Run lists the runs of the chosen session (every session when Session is an
			// expression, naming each one's session); Task lists the ledger's newest tasks.
			const { searchRuns, searchTasks } = gatewayNode.methods.listSearch;
			const ofSession = await searchRuns.call(
				loadOptionsContext(credentials, { sessionKey: rl(started.sessionKey) }),
			);
			expect(ofSession.results).toHaveLength(1);
			expect(ofSession.results[0]).toEqual({
				name: expect.stringMatching(
					new RegExp(`^slow:20000 echo:${marker} — (queued|running) \\d{4}-`),
				),
				value: started.runId,
			});
			const anywhere = await searchRuns.call(
				loadOptionsContext(credentials, { sessionKey: rl('={{ $json.sessionKey }}') }),
				marker,
			);
			expect(anywhere.results.map((r) => r.value)).toEqual([started.runId]);
			expect(anywhere.results[0].name).toMatch(new RegExp(` · ${started.sessionKey}$`));
			const tasks = await searchTasks.call(loadOptionsContext(credentials), marker);
			expect(tasks.results).toEqual([
				{ name: expect.stringMatching(/ — (queued|running) .* · main$/), value: taskId },
			]);
			const [cancelled] = await gateway({
				resource: 'task',
				operation: 'cancel',
				task: rl(taskId),
				options: { reason: 'n8n test' },
			});
			expect(cancelled.json).toMatchObject({ taskId, cancelled: true });
			await until(async () => {
				const [t] = await gateway({ resource: 'task', operation: 'get', task: rl(taskId) });
				return t.json.status === 'cancelled';
			}, 30000);
		}, 180000);

		test("the pickers follow the gateway's own cursors: one task a page gives the session's tasks in order, each once", async () => {
			const sessionKey = `agent:main:${unique('paged')}`;
			for (const n of [1, 2, 3])
				await run(runAgent, {
					credentials,
					params: {
						...runAgentDefaults,
						sessionStrategy: 'custom',
						sessionKey,
						message: `echo:paged ${n}`,
					},
					executionId: unique('exec'),
				});
			// As in the editor: a new connection each call (the gateway's cursors are bound to theirs).
			const entry = () => (t: IDataObject) => ({ name: String(t.title), value: String(t.taskId) });
			const page = async (token: string | undefined, size?: number) => {
				const client = await GatewayClient.create(executeContext({ params: {}, credentials }));
				try {
					return await searchTaskPages(client, { sessionKey }, undefined, token, entry, size);
				} finally {
					client.close();
				}
			};
			const whole = await page(undefined);
			expect(whole.results).toHaveLength(3);
			expect(whole.paginationToken).toBeUndefined();
			const paged: string[] = [];
			let token: string | undefined;
			do {
				const one = await page(token, 1);
				expect(one.results).toHaveLength(1);
				paged.push(String(one.results[0].value));
				token = one.paginationToken as string | undefined;
			} while (token && paged.length < 5);
			expect(paged).toEqual(whole.results.map((e) => e.value));
			const runs = await gatewayNode.methods.listSearch.searchRuns.call(
				loadOptionsContext(credentials, { sessionKey: rl(sessionKey) }),
			);
			expect(runs.results.map((r) => r.name.split(' — ')[0]).sort()).toEqual([
				'echo:paged 1',
				'echo:paged 2',
				'echo:paged 3',
			]);
		}, 120000);
	} else {
		test.each([
			[{ resource: 'run', operation: 'wait', run: rl('r'), sessionKey: rl('agent:main:main') }],
			[{ resource: 'run', operation: 'get', run: rl('r'), sessionKey: rl('agent:main:main') }],
			[{ resource: 'task', operation: 'getAll', returnAll: true }],
			[{ resource: 'task', operation: 'get', task: rl('t') }],
			[{ resource: 'task', operation: 'cancel', task: rl('t') }],
		])('%j is refused, naming 2026.9', async (params) => {
			const error = await fails(params);
			expect(errorKind(error)).toBe('unknown-method');
			expect(error.description).toMatch(/2026\.9/);
		});

		test('the Run and Task pickers say 2026.9 has them', async () => {
			const { searchRuns, searchTasks } = gatewayNode.methods.listSearch;
			const ctx = loadOptionsContext(credentials, { sessionKey: rl('agent:main:main') });
			for (const search of [searchRuns, searchTasks])
				await expect(search.call(ctx)).rejects.toMatchObject({
					description: expect.stringMatching(/2026\.9/),
				});
		});
	}

	test('Session → Get Usage after a run: tokens, messages and, asked for, the time series', async () => {
		const name = unique('usage');
		await run(runAgent, {
			credentials,
			params: {
				...runAgentDefaults,
				sessionStrategy: 'custom',
				sessionKey: `agent:main:${name}`,
				message: 'echo:counted',
			},
			executionId: unique('exec'),
		});
		const [usage] = await gateway({
			resource: 'session',
			operation: 'getUsage',
			session: rl(`agent:main:${name}`),
			usageOptions: { timeSeries: true },
		});
		expect(usage.json.sessionKey).toBe(`agent:main:${name}`);
		const totals = usage.json.usage as IDataObject;
		expect(Number(totals.totalTokens)).toBeGreaterThan(0);
		expect((totals.messageCounts as IDataObject).assistant).toBe(1);
		const points = usage.json.timeSeries as IDataObject[];
		expect(points.length).toBeGreaterThanOrEqual(1);
		expect(Number(points[points.length - 1].cumulativeTokens)).toBe(Number(totals.totalTokens));
		// Period: All Time by default (the totals and the series count the same turns); the last 7 days.
		expect(usage.json.startDate).toBe('1970-01-01');
		const [week] = await gateway({
			resource: 'session',
			operation: 'getUsage',
			session: rl(`agent:main:${name}`),
			usageOptions: { period: '7d' },
		});
		const days =
			(Date.parse(String(week.json.endDate)) - Date.parse(String(week.json.startDate))) / 86400000;
		expect(days).toBe(6);
		expect((week.json.usage as IDataObject).totalTokens).toBe(totals.totalTokens);
		const wrong = await fails({
			resource: 'session',
			operation: 'getUsage',
			session: rl(`agent:main:${name}`),
			usageOptions: { period: '2w' },
		});
		expect(errorKind(wrong)).toBe('bad-input');
		expect(wrong.message).toMatch(/The Period option "2w"/);
	}, 120000);
});
