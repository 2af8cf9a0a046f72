import type { IDataObject, ITriggerResponse } from 'n8n-workflow';

import { OpenClawGateway } from '../../nodes/OpenClawGateway/OpenClawGateway.node';
import { OpenClawRunAgent } from '../../nodes/OpenClawRunAgent/OpenClawRunAgent.node';
import { OpenClawTrigger } from '../../nodes/OpenClawTrigger/OpenClawTrigger.node';
import { errorKind } from '../../nodes/shared/errors';
import { expectNoSecrets } from '../helpers/assertions';
import { run, triggerContext, type Credentials } from '../helpers/context';
import { webChatWorkshopRun } from '../helpers/examples';
import { runAgentDefaults } from '../helpers/defaults';
import { fakeLlmCalls, GATEWAYS } from '../helpers/gateways';
import { until } from '../helpers/summaryReceiver';

/**
 * A human in the loop, on the real gateways: the fake model calls ask_user (OpenClaw 2026.9's own
 * tool, reached through its Tool Search) or the Skill Workshop's gated action (a plugin approval);
 * the trigger sees the request, the Gateway node answers it, the model's next call has the answer.
 */
const gateway = new OpenClawGateway();
const runAgent = new OpenClawRunAgent();
const unique = (what: string) => `${what}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;

type NodeError = Error & { description?: string };

describe.each(GATEWAYS)('Human in the loop on $version', (gw) => {
	const latest = gw.label === 'latest';
	const plain: Credentials = { url: gw.url, token: gw.token };
	const admin: Credentials = { ...plain, adminAccess: true };
	const exec = (params: IDataObject, credentials: Credentials = plain) =>
		run(gateway, { credentials, params, executionId: unique('exec') });
	const fails = (params: IDataObject, credentials: Credentials = plain) =>
		exec(params, credentials).then(
			() => {
				throw new Error('expected an error');
			},
			(e: unknown) => e as NodeError,
		);
	const activate = async (credentials: Credentials, params: IDataObject) => {
		const { ctx, record } = triggerContext({
			credentials,
			params: { filters: {}, options: {}, ...params },
		});
		const response: ITriggerResponse = await new OpenClawTrigger().trigger!.call(ctx);
		return { record, close: () => response.closeFunction?.() };
	};
	const activationError = (credentials: Credentials, params: IDataObject) =>
		activate(credentials, params).then(
			async (t) => {
				await t.close();
				throw new Error('expected activation to fail');
			},
			(e: unknown) => e as NodeError,
		);
	/** The trigger's next item, or an error with the run's outcome when the run ended first. */
	const askedBefore = (next: Promise<IDataObject>, run: Promise<IDataObject>) =>
		Promise.race([
			next,
			run.then((r) => {
				throw new Error(`the run ended before it asked: ${JSON.stringify(r).slice(0, 2000)}`);
			}),
		]);
	/** One Run Agent turn in the session of workflow `wf` (its final item). */
	const turn = (wf: string, message: string, timeout = 120) =>
		run(runAgent, {
			credentials: plain,
			params: { ...runAgentDefaults, message, options: { timeout } },
			workflowId: wf,
			executionId: unique('exec'),
		}).then((out) => out[0].json);
	const askUser = (timeoutSeconds = 600) =>
		`tool:ask_user ${JSON.stringify({
			questions: [
				{
					id: 'colour',
					header: 'Colour',
					question: 'Which colour?',
					options: [{ label: 'Red' }, { label: 'Blue' }],
				},
				{
					id: 'sizes',
					header: 'Sizes',
					question: 'Which sizes?',
					options: [{ label: 'S' }, { label: 'M' }, { label: 'L' }],
					multiSelect: true,
				},
			],
			timeoutSeconds,
		})}`;

	if (latest) {
		test('Question Asked → Question → Answer: the model receives the answer, the run ends with it; a second answer is refused', async () => {
			const wf = unique('hq');
			const sessionKey = `agent:main:n8n-wf-${wf}`;
			// A device without Admin Access asks for operator.questions (approved silently on loopback).
			const t = await activate(plain, {
				events: ['questionAsked'],
				filters: { sessionKey },
			});
			try {
				const answer = turn(wf, askUser());
				const asked = await askedBefore(t.record.next(90000), answer);
				expect(asked).toMatchObject({
					event: 'questionAsked',
					agentId: 'main',
					sessionKey,
					status: 'pending',
					questions: [
						{
							id: 'colour',
							header: 'Colour',
							question: 'Which colour?',
							choices: ['Red', 'Blue'],
							multiSelect: false,
							allowsOther: true,
						},
						{ id: 'sizes', choices: ['S', 'M', 'L'], multiSelect: true },
					],
				});
				expect(String(asked.id)).toMatch(/^ask_/);
				expect(Date.parse(String(asked.expiresAt))).toBeGreaterThan(Date.now());

				const pending = await exec({ resource: 'question', operation: 'getAll' });
				expect(pending.find((p) => p.json.id === asked.id)?.json).toMatchObject({
					sessionKey,
					questions: [{ id: 'colour' }, { id: 'sizes' }],
				});

				// Checked before sending: every question needs its answer; one answer where one is asked.
				const missing = await fails({
					resource: 'question',
					operation: 'answer',
					questionId: asked.id,
					answers: { answer: [{ key: 'colour', value: 'Blue' }] },
				});
				expect(errorKind(missing)).toBe('bad-input');
				expect(missing.message).toMatch(/Answers: no answer to "sizes" \(Sizes\)/);
				const two = await fails({
					resource: 'question',
					operation: 'answer',
					questionId: asked.id,
					answerInput: 'json',
					answersJson: { colour: ['Red', 'Blue'], sizes: ['S'] },
				});
				expect(two.message).toMatch(/"colour" takes one answer, and 2 were given/);

				const [answered] = await exec({
					resource: 'question',
					operation: 'answer',
					questionId: asked.id,
					answers: {
						answer: [
							{ key: 'colour', value: 'blue' },
							{ key: 'sizes', value: 'S\nL\nXL' },
						],
					},
				});
				expect(answered.json).toMatchObject({
					id: asked.id,
					status: 'answered',
					answers: { colour: ['Blue'], sizes: ['S', 'L', 'XL'] },
					sessionKey,
				});
				const final = await answer;
				expect(final.status).toBe('ok');
				expect(String(final.text)).toContain('Colour: Blue');
				expect(String(final.text)).toContain('Sizes: S, L, XL');
				// The item says the run waited for a human, for what and how long.
				const waited = final.waitedForHuman as {
					totalMs: number;
					waits: Array<{ kind: string; id: string; status: string; waitedMs: number }>;
				};
				expect(waited.waits).toEqual([
					expect.objectContaining({ kind: 'question', id: asked.id, status: 'answered' }),
				]);
				expect(waited.waits[0].waitedMs).toBeGreaterThan(0);
				expect(waited.totalMs).toBe(waited.waits[0].waitedMs);
				const calls = (await fakeLlmCalls()).filter((c) => c.text.includes(sessionKey));
				expect(calls.length).toBeGreaterThanOrEqual(2);

				const again = await fails({
					resource: 'question',
					operation: 'answer',
					questionId: asked.id,
					answers: { answer: [{ key: 'colour', value: 'Red' }] },
				});
				expect(['conflict', 'not-found']).toContain(errorKind(again));
				expect(again.message).toMatch(
					new RegExp(`Question ${String(asked.id)} (was already answered|is not pending)`),
				);
				expectNoSecrets(again, [gw.token]);
				expect(t.record.emitted.filter((e) => e.id === asked.id)).toHaveLength(1);
			} finally {
				await t.close();
			}
		}, 180000);

		test('an expired question: Answer says so, nothing sent; the agent went on without it', async () => {
			const wf = unique('hqx');
			const sessionKey = `agent:main:n8n-wf-${wf}`;
			const t = await activate(admin, { events: ['questionAsked'], filters: { sessionKey } });
			try {
				// ask_user's shortest wait is 30 s.
				const answer = turn(wf, askUser(30));
				const asked = await askedBefore(t.record.next(90000), answer);
				const final = await answer;
				expect(String(final.text)).toMatch(/No answer arrived/);
				// Not a failure: the run went on, and its item says what it waited for, about 30 s.
				expect(final.status).toBe('ok');
				const waited = final.waitedForHuman as {
					waits: Array<{ id: string; status: string; waitedMs: number }>;
				};
				expect(waited.waits[0]).toMatchObject({ id: asked.id });
				// The gateway's word (cancelled: ask_user's wait ran out), or unanswered when the run's end came first.
				expect(waited.waits[0].status).toMatch(/expired|cancelled|unanswered/);
				expect(waited.waits[0].waitedMs).toBeGreaterThanOrEqual(25000);
				const error = await fails({
					resource: 'question',
					operation: 'answer',
					questionId: asked.id,
					answers: {
						answer: [
							{ key: 'colour', value: 'Red' },
							{ key: 'sizes', value: 'M' },
						],
					},
				});
				expect(['conflict', 'not-found']).toContain(errorKind(error));
				expect(error.message).toMatch(/was already (expired|cancelled)|is not pending/);
				expect(error.description).toMatch(/went on|expired|timeout/);
			} finally {
				await t.close();
			}
		}, 180000);

		test('Plugin Approval Requested (a WebChat run) → Approval → Resolve: a decision the approval does not allow is refused unsent; Deny reaches the agent; Get History has it', async () => {
			const wf = unique('hp');
			const sessionKey = `agent:main:n8n-wf-${wf}`;
			// The Skill Workshop (approvalPolicy "pending" in the test gateway's config) asks before it
			// restores a skill collection: a plugin approval, offline. Routed to admin connections only.
			const t = await activate(admin, { events: ['pluginApprovalRequested'] });
			try {
				// A WebChat run: 2026.9.6 asks plugin approvals only in runs with an interactive surface.
				const answer = webChatWorkshopRun(gw, sessionKey);
				await askedBefore(
					until(() => t.record.emitted.some((e) => e.sessionKey === sessionKey), 90000).then(
						() => ({}),
					),
					answer,
				);
				const asked = t.record.emitted.find((e) => e.sessionKey === sessionKey)!;
				expect(asked).toMatchObject({
					event: 'pluginApprovalRequested',
					kind: 'plugin',
					pluginId: 'workspace-skills',
					toolName: 'skill_workshop',
					title: 'Restore previous skill collection',
					agentId: 'main',
					allowedDecisions: ['allow-once', 'deny'],
				});
				expect(String(asked.id)).toMatch(/^plugin:/);

				const pending = await exec({ resource: 'approval', operation: 'getAll' }, admin);
				expect(pending.find((p) => p.json.id === asked.id)?.json.kind).toBe('plugin');

				const always = await fails(
					{
						resource: 'approval',
						operation: 'resolve',
						approvalId: asked.id,
						decision: 'allow-always',
					},
					admin,
				);
				expect(errorKind(always)).toBe('bad-input');
				expect(always.message).toMatch(/Decision "allow-always" is not allowed/);
				expect(always.description).toMatch(/allows: allow-once, deny/);

				const [resolved] = await exec(
					{ resource: 'approval', operation: 'resolve', approvalId: asked.id, decision: 'deny' },
					admin,
				);
				expect(resolved.json).toMatchObject({
					id: asked.id,
					kind: 'plugin',
					decision: 'deny',
					resolved: true,
					status: 'denied',
				});
				const final = await answer;
				expect(String(final.text)).toMatch(/Denied by user/);

				const history = await exec({
					resource: 'approval',
					operation: 'getHistory',
					returnAll: false,
					limit: 20,
					kind: 'plugin',
				});
				expect(history.find((h) => h.json.id === asked.id)?.json).toMatchObject({
					kind: 'plugin',
					status: 'denied',
					decision: 'deny',
				});
				const twice = await fails(
					{ resource: 'approval', operation: 'resolve', approvalId: asked.id, decision: 'deny' },
					admin,
				);
				expect(twice.message).toMatch(/was already denied|is not pending/);
			} finally {
				await t.close();
			}
		}, 180000);

		test('Run Agent whose Timeout ends while the agent waits for an answer: the error says it was waiting, and for which question', async () => {
			const wf = unique('hqt');
			const error = await turn(wf, askUser(), 15).then(
				(item) => {
					throw new Error(`expected a timeout, got ${JSON.stringify(item).slice(0, 1500)}`);
				},
				(e: unknown) => e as NodeError,
			);
			expect(errorKind(error)).toBe('timeout');
			expect(error.description).toMatch(/while the agent waited for a human \(question ask_\w+\)/);
		}, 120000);

		test('Plugin Approval Requested with a Filter that would hold approvals back: refused at activation', async () => {
			const error = await activationError(admin, {
				events: ['pluginApprovalRequested'],
				filters: { agent: 'main' },
			});
			expect(errorKind(error)).toBe('bad-input');
			expect(error.message).toMatch(/cannot narrow Plugin Approval Requested/);
		});
	} else {
		test('2026.2.x: Question Asked and Plugin Approval Requested fail at activation, the new operations before sending, naming 2026.9', async () => {
			for (const events of [['questionAsked'], ['pluginApprovalRequested']]) {
				const error = await activationError(admin, { events });
				expect(errorKind(error)).toBe('event-unavailable');
				expect(error.description).toMatch(/Update OpenClaw to 2026\.9 or later/);
			}
			for (const params of [
				{ resource: 'question', operation: 'getAll' },
				{ resource: 'question', operation: 'answer', questionId: 'ask_x', answers: {} },
				{ resource: 'approval', operation: 'getHistory', returnAll: true },
			]) {
				const error = await fails(params);
				expect(errorKind(error)).toBe('unknown-method');
				expect(error.description).toMatch(/Update OpenClaw to 2026\.9 or later/);
			}
		});
	}
});
