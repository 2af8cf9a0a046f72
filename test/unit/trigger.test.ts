/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- reads the package's own files */
import fs from 'node:fs';
import path from 'node:path';
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import {
	EventMapper,
	missingEvent,
	requirements,
	SeenKeys,
	type TriggerSettings,
} from '../../nodes/OpenClawTrigger/events';
import { checkAnswers, type AnswerRow } from '../../nodes/OpenClawGateway/resources/question';
import { OpenClawTrigger } from '../../nodes/OpenClawTrigger/OpenClawTrigger.node';
import { questionParts } from '../../nodes/shared/humanLoop';
import { triggerContext } from '../helpers/context';
import { backoffMs } from '../../nodes/shared/transport/events';
import type { HelloOk } from '../../nodes/shared/transport/protocol';
import pkg from '../../package.json';

const root = path.join(__dirname, '..', '..');
/** hello-ok of the two gateways, reduced to their event lists (recorded on 2026.2.22 and 2026.9.6). */
const legacy = {
	protocol: 3,
	features: {
		events: [
			'agent',
			'chat',
			'cron',
			'exec.approval.requested',
			'exec.approval.resolved',
			'presence',
		],
	},
} as HelloOk;
const latest = {
	protocol: 4,
	features: {
		events: [
			'agent',
			'chat',
			'cron',
			'exec.approval.requested',
			'session.message',
			'sessions.changed',
		],
	},
} as HelloOk;
const settings = (over: Partial<TriggerSettings> = {}): TriggerSettings => ({
	events: ['agentRunFinished'],
	anyEventNames: [],
	filters: {},
	...over,
});
const mapper = (s: TriggerSettings, hello: HelloOk = latest) =>
	new EventMapper(s, requirements(s, hello));

describe('OpenClaw Trigger description', () => {
	const d = new OpenClawTrigger().description;
	test("follows n8n's trigger conventions: a trigger group, no input, not an AI tool", () => {
		expect(d.name).toBe('openClawTrigger');
		expect(d.displayName).toBe('OpenClaw Trigger');
		expect(d.group).toEqual(['trigger']);
		expect(d.inputs).toEqual([]);
		expect(d.outputs).toEqual(['main']);
		expect(d.usableAsTool).toBeUndefined();
		expect(d.credentials).toEqual([
			{ name: 'openClawGatewayApi', required: true, testedBy: 'openClawGatewayApiTest' },
		]);
		expect(pkg.n8n.nodes).toContain('dist/nodes/OpenClawTrigger/OpenClawTrigger.node.js');
		const codex = JSON.parse(
			fs.readFileSync(path.join(root, 'nodes/OpenClawTrigger/OpenClawTrigger.node.json'), 'utf8'),
		) as { node: string; resources: Record<string, Array<{ url: string }>> };
		expect(codex.node).toBe('n8n-nodes-openclaw-gateway.openClawTrigger');
		for (const { url } of Object.values(codex.resources).flat())
			expect(fs.existsSync(path.join(root, url.replace(/^.*\/blob\/main\//, '')))).toBe(true);
	});
	test('parameters: Events (sorted choices), Event Names for Any Event, Filters, Options', () => {
		expect(d.properties.map((p) => p.name)).toEqual(['events', 'eventNames', 'filters', 'options']);
		const events = d.properties[0].options as Array<{ name: string }>;
		expect(events.map((o) => o.name)).toEqual([...events.map((o) => o.name)].sort());
		for (const p of (d.properties[3].options as INodeProperties[]).filter(
			(o) => o.type === 'boolean',
		))
			expect(p.description).toMatch(/^Whether /);
	});
});

describe('what the trigger asks of a gateway', () => {
	test('New Session Message: session.message where the gateway sends it (subscribed), else chat finals', () => {
		const s = settings({ events: ['sessionMessage'] });
		expect(requirements(s, latest)).toMatchObject({
			events: ['session.message'],
			subscribeSessions: true,
			messagesFromChat: false,
		});
		expect(requirements(s, legacy)).toMatchObject({
			events: ['chat'],
			subscribeSessions: false,
			messagesFromChat: true,
		});
	});
	test('an event the gateway lacks is named, with the version that has it', () => {
		const s = settings({ events: ['sessionsChanged'] });
		expect(missingEvent(requirements(s, legacy), legacy)).toEqual({
			event: 'sessions.changed',
			since: '2026.9',
		});
		expect(missingEvent(requirements(s, latest), latest)).toBeUndefined();
		const any = settings({ events: ['anyEvent'], anyEventNames: ['presence', 'nope'] });
		expect(missingEvent(requirements(any, legacy), legacy)).toEqual({
			event: 'nope',
			since: undefined,
		});
	});
	test('Approval Requested takes approvals on the connection', () => {
		expect(requirements(settings({ events: ['approvalRequested'] }), latest).approvals).toBe(true);
		expect(requirements(settings(), latest).approvals).toBe(false);
	});
});

describe('gateway events as items', () => {
	test('Agent Tool Called: the tool a Tool Search call ran, once, at its end (recorded 2026.9.6 items)', () => {
		const m = mapper(settings({ events: ['agentToolCalled'] }));
		const item = (phase: string, name: string, toolCallId: string, extra: IDataObject = {}) => ({
			type: 'event' as const,
			event: 'agent',
			payload: {
				runId: 'n8n-tev-1',
				sessionKey: 'agent:main:tev',
				stream: 'item',
				data: { phase, kind: 'tool', name, toolCallId, startedAt: 1796228085336, ...extra },
			},
		});
		const nested = 'tool_search_code:call_d5:sessions_list:1';
		const out = [
			item('start', 'tool_call', 'call_d5', { status: 'running' }),
			item('start', 'sessions_list', nested, { status: 'running' }),
			item('end', 'sessions_list', nested, { status: 'completed', endedAt: 1796228085374 }),
			item('end', 'tool_call', 'call_d5', { status: 'completed', endedAt: 1796228085416 }),
		].flatMap((f) => m.map(f, 0));
		expect(out.map((e) => e.json)).toEqual([
			{
				event: 'agentToolCalled',
				tool: 'sessions_list',
				status: 'ok',
				toolCallId: nested,
				runId: 'n8n-tev-1',
				sessionKey: 'agent:main:tev',
				agentId: 'main',
				startedAt: new Date(1796228085336).toISOString(),
				endedAt: new Date(1796228085374).toISOString(),
				durationMs: 38,
			},
		]);
		expect(out[0].key).toBe(`tool:n8n-tev-1:${nested}`);
		const failed = m.map(
			item('end', 'exec', 'c2', { status: 'failed', error: 'denied', endedAt: 1796228085400 }),
			0,
		);
		expect(failed[0].json).toMatchObject({ tool: 'exec', status: 'error', error: 'denied' });
		const filtered = mapper(
			settings({ events: ['agentToolCalled'], filters: { tools: ['exec'] } }),
		);
		expect(filtered.map(item('end', 'sessions_list', nested, { status: 'completed' }), 0)).toEqual(
			[],
		);
	});

	test('Agent Run Finished: status from the terminal chat event, model and times from the agent stream', () => {
		const m = mapper(settings());
		m.map(
			{
				type: 'event',
				event: 'agent',
				payload: {
					runId: 'r1',
					stream: 'lifecycle',
					agentId: 'main',
					data: { phase: 'start', startedAt: 1795645470583 },
				},
			},
			0,
		);
		m.map(
			{
				type: 'event',
				event: 'agent',
				payload: {
					runId: 'r1',
					stream: 'lifecycle',
					data: { phase: 'model', provider: 'fake', model: 'fake-model' },
				},
			},
			0,
		);
		const [item] = m.map(
			{
				type: 'event',
				event: 'chat',
				payload: {
					runId: 'r1',
					sessionKey: 'agent:main:x',
					state: 'final',
					message: {
						role: 'assistant',
						content: [{ type: 'text', text: 'pong' }],
						timestamp: 1795645472841,
					},
				},
			},
			0,
		);
		expect(item.key).toMatch(/^run:r1:\d+$/);
		expect(item.json).toMatchObject({
			status: 'ok',
			text: 'pong',
			agentId: 'main',
			model: 'fake-model',
			provider: 'fake',
			startedAt: '2026-11-25T22:24:30.583Z',
			endedAt: '2026-11-25T22:24:32.841Z',
		});
	});
	test("2026.2.x's failure delivered as a final ('⚠️ Agent failed before reply') is an error", () => {
		const [item] = mapper(settings(), legacy).map(
			{
				type: 'event',
				event: 'chat',
				payload: {
					runId: 'r2',
					sessionKey: 'agent:main:x',
					state: 'final',
					message: { content: [{ type: 'text', text: '⚠️ Agent failed before reply: no model' }] },
				},
			},
			0,
		);
		expect(item.json).toMatchObject({
			status: 'error',
			text: '',
			error: '⚠️ Agent failed before reply: no model',
		});
	});
	test('a note injected into a transcript (chat.inject) is not a finished agent run', () => {
		const out = mapper(settings()).map(
			{
				type: 'event',
				event: 'chat',
				payload: {
					runId: 'inject-3f1c',
					sessionKey: 'agent:main:x',
					state: 'final',
					message: { content: 'note' },
				},
			},
			0,
		);
		expect(out).toEqual([]);
	});
	test('filters: agent, session key prefix, channel in the key, status', () => {
		const chat = (sessionKey: string, state = 'final') => ({
			type: 'event' as const,
			event: 'chat',
			payload: { runId: `r-${sessionKey}-${state}`, sessionKey, state, message: { content: 'x' } },
		});
		const m = mapper(
			settings({
				filters: {
					agent: 'ops',
					sessionKey: 'agent:ops:telegram:*',
					channel: 'telegram',
					statuses: ['ok'],
				},
			}),
		);
		expect(m.map(chat('agent:ops:telegram:direct:1'), 0)).toHaveLength(1);
		expect(m.map(chat('agent:main:telegram:direct:1'), 0)).toHaveLength(0);
		expect(m.map(chat('agent:ops:slack:direct:1'), 0)).toHaveLength(0);
		expect(m.map(chat('agent:ops:telegram:direct:2', 'aborted'), 0)).toHaveLength(0);
	});
	test('New Session Message: tool-call-only messages are not messages; roles filter', () => {
		const m = mapper(settings({ events: ['sessionMessage'], filters: { roles: ['user'] } }));
		const msg = (role: string, content: unknown, id: string) => ({
			type: 'event' as const,
			event: 'session.message',
			payload: { sessionKey: 'agent:main:x', messageId: id, message: { role, content } },
		});
		expect(m.map(msg('assistant', [{ type: 'toolCall', name: 'exec' }], 'a'), 0)).toHaveLength(0);
		expect(m.map(msg('assistant', 'hi', 'b'), 0)).toHaveLength(0);
		const [user] = m.map(msg('user', 'hello', 'c'), 0);
		expect(user).toMatchObject({
			key: 'msg:agent:main:x:c',
			json: { role: 'user', text: 'hello', messageId: 'c' },
		});
	});
	test("Cron Job Finished on 2026.2.x (the event has the job's ID only): the name is learned from cron.list", () => {
		const m = mapper(settings({ events: ['cronJobFinished'], filters: { job: 'digest' } }), legacy);
		const frame = {
			type: 'event' as const,
			event: 'cron',
			payload: {
				jobId: 'j1',
				action: 'finished',
				status: 'ok',
				summary: 'done',
				runAtMs: 1795645583036,
				durationMs: 169,
			},
		};
		expect(m.needsJobName(frame)).toBe(true);
		m.noteJobs([{ id: 'j1', name: 'digest' }]);
		expect(m.needsJobName(frame)).toBe(false);
		const [item] = m.map(frame, 0);
		expect(item.json).toMatchObject({
			jobId: 'j1',
			jobName: 'digest',
			status: 'ok',
			summary: 'done',
			runAt: '2026-11-25T22:26:23.036Z',
		});
	});
	test('Any Event: * skips tick and health; a payload that repeats exactly is a new event each time (frame seq), the same frame is the same', () => {
		const m = mapper(settings({ events: ['anyEvent'], anyEventNames: ['*'] }));
		expect(m.map({ type: 'event', event: 'tick', payload: { ts: 1 } }, 0)).toHaveLength(0);
		const frame = (seq: number) => ({
			type: 'event' as const,
			event: 'device.pair.changed',
			payload: {},
			seq,
		});
		const seen = new SeenKeys();
		const keys = [frame(7), frame(8), frame(8)].map((f) => m.map(f, 0, 1)[0].key);
		expect(keys.map((k) => seen.add(k))).toEqual([true, true, false]);
		// A new connection counts its frames from 1 again: not the same events.
		expect(seen.add(m.map(frame(7), 0, 2)[0].key)).toBe(true);
	});

	test('Agent Run Finished under a reused idempotency key (a fixed key, days apart): two runs, two items; a replayed final is one', () => {
		const m = mapper(settings({ events: ['agentRunFinished'] }));
		const final = (ts: number) => ({
			type: 'event' as const,
			event: 'chat',
			payload: {
				runId: 'daily-report',
				sessionKey: 'agent:main:main',
				state: 'final',
				message: { role: 'assistant', content: 'done', timestamp: ts },
			},
		});
		const seen = new SeenKeys();
		const keys = [final(1000), final(1000), final(90_000_000)].map((f) => m.map(f, 0)[0].key);
		expect(keys.map((k) => seen.add(k))).toEqual([true, false, true]);
	});
});

describe('helpers', () => {
	test('backoff doubles from 1 s to a 10 s cap, jittered to 50–100 %', () => {
		// A gateway back from a restart is heard again within 10 s, whatever its restart took.
		expect([0, 1, 2, 3, 4, 5, 9].map((n) => backoffMs(n, () => 1))).toEqual([
			1000, 2000, 4000, 8000, 10000, 10000, 10000,
		]);
		expect(backoffMs(0, () => 0)).toBe(500);
		expect(backoffMs(40, () => 0)).toBe(5000);
	});
	test('SeenKeys: a key once; the oldest forgotten past capacity', () => {
		const seen = new SeenKeys(2);
		expect(seen.add('a')).toBe(true);
		expect(seen.add('a')).toBe(false);
		seen.add('b');
		seen.add('c');
		expect(seen.add('a')).toBe(true);
	});
});

test('Approval Requested with Filters narrowing it is refused at activation, naming the filters, before any connection (the gateway would hold the hidden approvals for 30 minutes)', async () => {
	const { ctx } = triggerContext({
		credentials: { url: 'ws://127.0.0.1:9', token: 'never-used' },
		params: {
			events: ['agentRunFinished', 'approvalRequested'],
			filters: { agent: 'ops', sessionKey: 'agent:ops:*' },
			options: {},
		},
	});
	const error = await new OpenClawTrigger().trigger!.call(ctx).then(
		() => undefined,
		(e: unknown) => e as Error & { description?: string },
	);
	expect(error?.message).toBe('Filters → Agent, Session Key cannot narrow Approval Requested');
	expect(error?.description).toMatch(/Remove these filters/);
});

describe('the human in the loop (payloads recorded on 2026.9.6)', () => {
	const question = {
		id: 'ask_1a7b7f8452184acbb78b19165ba496f5',
		questions: [
			{
				questionId: 'colour',
				header: 'Colour',
				question: 'Which colour?',
				options: [{ label: 'Red' }, { label: 'Blue' }],
				isOther: true,
			},
			{
				questionId: 'sizes',
				header: 'Sizes',
				question: 'Which sizes?',
				options: [{ label: 'S' }, { label: 'M' }, { label: 'L' }],
				multiSelect: true,
				isOther: true,
			},
		],
		agentId: 'main',
		sessionKey: 'agent:main:exp-q',
		runId: 'exp1',
		createdAtMs: 1796190869481,
		expiresAtMs: 1796190929481,
		status: 'pending',
	};
	const plugin = {
		approvalKind: 'plugin',
		id: 'plugin:9571a587-f68e-45c0-b651-6efb946b4b60',
		request: {
			pluginId: 'workspace-skills',
			title: 'Restore previous skill collection',
			description: 'Replace current Workshop-generated skills with the previous collection backup.',
			severity: 'warning',
			toolName: 'skill_workshop',
			allowedDecisions: ['allow-once', 'deny'],
			agentId: 'main',
			sessionKey: 'agent:main:exp-p',
			runId: 'exp2',
		},
		createdAtMs: 1796190922103,
		expiresAtMs: 1796190992103,
	};
	const withHuman = {
		...latest,
		features: {
			events: [...latest.features!.events!, 'question.requested', 'plugin.approval.requested'],
		},
	} as HelloOk;

	test('Question Asked: one item per request, its questions with keys, choices and what an answer may be; once per id', () => {
		const m = mapper(settings({ events: ['questionAsked'] }), withHuman);
		const [item] = m.map({ type: 'event', event: 'question.requested', payload: question }, 0);
		expect(item.key).toBe(`question:${question.id}`);
		expect(item.json).toEqual({
			event: 'questionAsked',
			id: question.id,
			questions: [
				{
					id: 'colour',
					header: 'Colour',
					question: 'Which colour?',
					choices: ['Red', 'Blue'],
					multiSelect: false,
					allowsOther: true,
					secret: false,
				},
				{
					id: 'sizes',
					header: 'Sizes',
					question: 'Which sizes?',
					choices: ['S', 'M', 'L'],
					multiSelect: true,
					allowsOther: true,
					secret: false,
				},
			],
			agentId: 'main',
			sessionKey: 'agent:main:exp-q',
			runId: 'exp1',
			status: 'pending',
			createdAt: new Date(1796190869481).toISOString(),
			expiresAt: new Date(1796190929481).toISOString(),
		});
		// Questions are not held for the trigger: a filter may narrow them.
		const other = mapper(
			settings({ events: ['questionAsked'], filters: { sessionKey: 'agent:main:other' } }),
			withHuman,
		);
		expect(other.map({ type: 'event', event: 'question.requested', payload: question }, 0)).toEqual(
			[],
		);
	});

	test('Plugin Approval Requested: plugin, title, allowed decisions; the connection announces plugin-approvals and needs 2026.9', () => {
		const s = settings({ events: ['pluginApprovalRequested'] });
		const [item] = mapper(s, withHuman).map(
			{ type: 'event', event: 'plugin.approval.requested', payload: plugin },
			0,
		);
		expect(item.key).toBe(`approval:${plugin.id}`);
		expect(item.json).toMatchObject({
			event: 'pluginApprovalRequested',
			id: plugin.id,
			kind: 'plugin',
			pluginId: 'workspace-skills',
			title: 'Restore previous skill collection',
			toolName: 'skill_workshop',
			agentId: 'main',
			sessionKey: 'agent:main:exp-p',
			allowedDecisions: ['allow-once', 'deny'],
		});
		expect(requirements(s, withHuman)).toMatchObject({ pluginApprovals: true, approvals: false });
		expect(missingEvent(requirements(s, legacy), legacy)).toEqual({
			event: 'plugin.approval.requested',
			since: '2026.9',
		});
		expect(
			missingEvent(requirements(settings({ events: ['questionAsked'] }), legacy), legacy),
		).toEqual({ event: 'question.requested', since: '2026.9' });
	});

	test('Plugin Approval Requested with a Filter narrowing it is refused at activation, before any connection', async () => {
		const { ctx } = triggerContext({
			credentials: { url: 'http://127.0.0.1:9', token: 't' },
			params: { events: ['pluginApprovalRequested'], filters: { channel: 'slack' }, options: {} },
		});
		await expect(new OpenClawTrigger().trigger!.call(ctx)).rejects.toThrow(
			/Filters → Channel cannot narrow Plugin Approval Requested/,
		);
	});
});

describe('Question → Answer checks the answers against the questions before sending', () => {
	const parts = questionParts({
		questions: [
			{ questionId: 'colour', header: 'Colour', options: [{ label: 'Red' }, { label: 'Blue' }] },
			{
				questionId: 'sizes',
				header: 'Sizes',
				options: [{ label: 'S' }, { label: 'M' }],
				multiSelect: true,
				isOther: true,
			},
		],
	});
	const fail = (message: string, fix: string) => Object.assign(new Error(message), { fix });
	const check = (rows: AnswerRow[]) => checkAnswers(parts, rows, fail);

	test('a choice by its label (any case), several choices one per line, free text where allowed', () => {
		expect(
			check([
				{ key: 'colour', value: 'blue' },
				{ key: 'sizes', value: 'S\n XL \n' },
			]),
		).toEqual({ colour: ['Blue'], sizes: ['S', 'XL'] });
	});
	test.each([
		[[{ key: 'colour', value: 'Red' }], /no answer to "sizes" \(Sizes\)/],
		[[{ key: 'shape', value: 'Red' }], /the request has no question "shape"/],
		[[{ key: '', value: 'Red' }], /a Question Key is empty, and the request has several questions/],
		[[{ key: 'colour', value: ' ' }], /the answer to "colour" is empty/],
		[[{ key: 'colour', value: ['Red', 'Blue'] }], /"colour" takes one answer, and 2 were given/],
		[[{ key: 'colour', value: 'Red\nBlue' }], /"Red\nBlue" is not a choice of question "colour"/],
		[[{ key: 'colour', value: 'Green' }], /"Green" is not a choice of question "colour"/],
		[
			[
				{ key: 'colour', value: 'Red' },
				{ key: 'colour', value: 'Blue' },
			],
			/question "colour" is answered twice/,
		],
	])('%j is refused: %s', (rows, message) => {
		expect(() => check(rows)).toThrow(message);
	});
	test('free text keeps its line breaks; several choices as an array', () => {
		const open = questionParts({
			questions: [
				{
					questionId: 'why',
					header: 'Why',
					options: [{ label: 'A' }, { label: 'B' }],
					isOther: true,
				},
				{ questionId: 'sizes', options: [{ label: 'S' }, { label: 'M' }], multiSelect: true },
			],
		});
		expect(
			checkAnswers(
				open,
				[
					{ key: 'why', value: 'Blue, but\nnot navy' },
					{ key: 'sizes', value: ['s', 'M'] },
				],
				fail,
			),
		).toEqual({ why: ['Blue, but\nnot navy'], sizes: ['S', 'M'] });
	});
	test('a secret the agent asks for (the secrets tool) is refused: it would stay in n8n', () => {
		const secret = questionParts({
			questions: [{ questionId: 'api_key', header: 'Key', options: [], isSecret: true }],
		});
		expect(secret[0].secret).toBe(true);
		expect(() => checkAnswers(secret, [{ value: 'sk-123' }], fail)).toThrow(
			/asks for a secret, which n8n does not answer/,
		);
	});
	test('the only question of a request may go without its key', () => {
		expect(checkAnswers(parts.slice(0, 1), [{ value: 'Red' }], fail)).toEqual({ colour: ['Red'] });
	});
});
