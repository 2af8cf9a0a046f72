import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	agentTurn,
	assertMessageSize,
	attachmentsOf,
	messageFor,
	turnKey,
} from '../../shared/agentTurn';
import {
	attachmentsOption,
	commandsOption,
	limitField,
	locator,
	returnAllField,
	simplifyField,
	thinkingOption,
} from '../../shared/descriptions';
import { downloadFilesOptions, requireArtifacts, withRunFiles } from '../../shared/artifacts';
import { operationError } from '../../shared/errors';
import { optionsParam, secondsParam, stringParam } from '../../shared/params';
import {
	historyParams,
	isCutText,
	agentOfSessionKey,
	isoTime,
	listOf,
	newerThan2026_2,
	sessionKeyOfInput,
	type AgentParams,
} from '../../shared/transport/protocol';
import { pause } from '../../shared/transport/poll';
import type { GatewayClient } from '../../shared/transport/client';
import { withIsoTimes } from '../../shared/transport/tools';
import {
	assertToolMayChange,
	collection,
	notice,
	operationList,
	on,
	required,
	under,
	timeoutOption,
	type Operation,
} from './common';

/** Session: Send Message, Get History, Reset, Compact, Delete, Abort Run, Update. */

const sessionField = (resource: string, ...ops: string[]): INodeProperties => ({
	...locator(
		'Session',
		"The session: a key (agent:main:main), or a name, which is the default agent's session of that name in lower case (My-Report is agent:main:my-report when the default agent is main). Send Message to a new key or name under By ID starts that session.",
		'searchSessions',
		'e.g. agent:main:my-report or my-report',
		true,
	),
	...on(resource, ...ops),
});

export const description: INodeProperties[] = [
	operationList('session', 'sendMessage', [
		{
			name: 'Abort Run',
			value: 'abort',
			action: 'Abort the run of a session',
			description: 'Stop what the agent is doing in the session (chat.abort)',
		},
		{
			name: 'Compact',
			value: 'compact',
			action: 'Compact a session',
			description:
				'Makes the transcript shorter: keeps its last lines, or (2026.9, no Keep Last Lines) has the model summarise it (sessions.compact; needs Admin Access)',
		},
		{
			name: 'Delete',
			value: 'delete',
			action: 'Delete a session',
			description:
				'Removes the session and, by default, its transcript (sessions.delete; needs Admin Access)',
		},
		{
			name: 'Get History',
			value: 'getHistory',
			action: 'Get the history of a session',
			description: 'Messages of the session, oldest first (chat.history)',
		},
		{
			name: 'Get Usage',
			value: 'getUsage',
			action: 'Get the usage of a session',
			description:
				'Tokens, cost, messages, tool calls and latency of a session (sessions.usage), optionally over time (sessions.usage.timeseries)',
		},
		{
			name: 'Reset',
			value: 'reset',
			action: 'Reset a session',
			description:
				'Starts the session over: the conversation so far is archived and no longer in context (sessions.reset; needs Admin Access)',
		},
		{
			name: 'Send Message',
			value: 'sendMessage',
			action: 'Send a message to a session',
			description: 'An agent turn in the session; waits for the answer by default',
		},
		{
			name: 'Update',
			value: 'update',
			action: 'Update a session',
			description:
				'Label, model, thinking level (sessions.patch; on OpenClaw 2026.2.x needs Admin Access)',
		},
	]),

	// ------------------------------------------------------------------ session
	sessionField(
		'session',
		'sendMessage',
		'getHistory',
		'reset',
		'compact',
		'delete',
		'abort',
		'update',
		'getUsage',
	),
	{
		displayName: 'Options',
		name: 'usageOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		...on('session', 'getUsage'),
		options: [
			{
				displayName: 'Period',
				name: 'period',
				type: 'options',
				default: 'all',
				options: [
					{ name: 'All Time', value: 'all' },
					{ name: 'Last 7 Days', value: '7d' },
					{ name: 'Last 30 Days', value: '30d' },
					{ name: 'Last 90 Days', value: '90d' },
				],
				description:
					'The days whose usage the totals count (the time series is always the whole session)',
			},
			{
				displayName: 'Include Time Series',
				name: 'timeSeries',
				type: 'boolean',
				default: false,
				description:
					'Whether to add the tokens and cost of each turn over time (at most 200 points)',
			},
		],
	},
	notice(
		"Resets the session: the conversation so far is archived and no longer in the agent's context. Needs Admin Access.",
		'session',
		'reset',
	),
	notice(
		'Deletes the session and, unless Delete Transcript is off, its transcript, for good. Needs Admin Access.',
		'session',
		'delete',
	),
	notice(
		'Stops what the agent is doing in the session: the run with the Run ID, or every run of the session. The answer so far stays in the history.',
		'session',
		'abort',
	),
	{
		displayName: 'Keep Last Lines',
		name: 'maxLines',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description:
			"How many lines of the transcript to keep, the newest; 0: the gateway's way — on 2026.9 the model summarises the conversation, on 2026.2.x the last 400 lines stay",
		...on('session', 'compact'),
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		description: 'What the agent should do',
		...on('session', 'sendMessage'),
	},
	{
		displayName: 'Wait for Answer',
		name: 'waitForAnswer',
		type: 'boolean',
		default: true,
		description:
			"Whether to wait for the agent's final answer (as Run Agent does: never twice on a retry, survives a gateway restart), or return once the gateway accepted the message",
		...on('session', 'sendMessage'),
	},
	collection('Options', on('session', 'sendMessage').displayOptions, [
		attachmentsOption,
		commandsOption,
		...downloadFilesOptions.map((o) => ({
			...o,
			displayOptions: { show: { ...o.displayOptions?.show, '/waitForAnswer': [true] } },
		})),
		{
			displayName: 'Idempotency Key',
			name: 'idempotencyKey',
			type: 'string',
			default: '',
			description:
				'The same key never starts a second run (5 minutes on the gateway); empty: derived from the execution, node and item',
		},
		thinkingOption('Thinking', 'thinking', "the session's own"),
		timeoutOption,
	]),
	under(returnAllField, 'session', 'getHistory'),
	under(limitField, 'session', 'getHistory'),
	under(simplifyField('message'), 'session', 'getHistory'),
	{
		displayName: 'Delete Transcript',
		name: 'deleteTranscript',
		type: 'boolean',
		default: true,
		description: "Whether to delete the session's transcript file too (it cannot be recovered)",
		...on('session', 'delete'),
	},
	{
		displayName: 'Stop',
		name: 'abortScope',
		type: 'options',
		default: 'run',
		options: [
			{ name: 'This Run', value: 'run', description: 'The run with the Run ID below' },
			{
				name: 'All Runs of the Session',
				value: 'session',
				description:
					'Whatever runs in the session now, also runs of channels or other workflows in it',
			},
		],
		...on('session', 'abort'),
	},
	{
		displayName: 'Run ID',
		name: 'runId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.runId }} from Run Agent (Start Only)',
		description: 'The run to stop',
		displayOptions: { show: { resource: ['session'], operation: ['abort'], abortScope: ['run'] } },
	},
	collection('Update Fields', on('session', 'update').displayOptions, [
		{ displayName: 'Label', name: 'label', type: 'string', default: '' },
		{
			displayName: 'Model',
			name: 'model',
			type: 'string',
			default: '',
			placeholder: 'e.g. openai/gpt-5',
		},
		thinkingOption(
			'Thinking Level',
			'thinkingLevel',
			"the agent's own (clears the session's level)",
		),
	]),
];

// ------------------------------------------------------------------------------ session

/**
 * The Session: a key (as written: the gateway canonicalises it), or a bare name, which is the
 * gateway's default agent's session of that name (as Run Agent's Custom Key).
 */
async function sessionKeyOf(
	fns: IExecuteFunctions,
	client: GatewayClient,
	i: number,
): Promise<string> {
	const written = required(fns, 'session', 'Session', i, true);
	// Every session operation goes over the WebSocket: the hello is there already.
	const agent = (await client.hello()).snapshot?.sessionDefaults?.defaultAgentId ?? 'main';
	const key = sessionKeyOfInput(written, agent);
	if (!/^agent:[^:\s]+:\S+$/i.test(key) && key !== 'global')
		throw operationError(
			fns.getNode(),
			`The Session "${written}" is not a session key`,
			"Use a key of the form agent:AGENT_ID:NAME (e.g. agent:main:main) or a name without spaces (e.g. my-report: the default agent's session agent:main:my-report), or pick one from the list.",
			'bad-input',
			i,
		);
	return key;
}

const sendMessage: Operation = async function (client, i) {
	const sessionKey = await sessionKeyOf(this, client, i);
	const written = required(this, 'message', 'Message', i);
	assertMessageSize(client.node, written, i);
	const options = optionsParam<{
		commands?: string;
		attachments?: string;
		idempotencyKey?: string;
		thinking?: string;
		timeout?: number;
		downloadFiles?: boolean;
		maxFileSizeMb?: number;
	}>(this, 'options', i);
	const message = messageFor(written, options.commands);
	const wait = this.getNodeParameter('waitForAnswer', i, true) as boolean;
	const attachments = await attachmentsOf(this, client, i, options.attachments);
	const timeout = secondsParam(
		this,
		'options.timeout',
		'Timeout',
		i,
		options.timeout ?? 300,
		172800,
	);
	// A gateway without artifacts says so before the run, not after it.
	if (wait && options.downloadFiles) await requireArtifacts(client, i);
	const params: AgentParams = {
		message,
		sessionKey,
		idempotencyKey: turnKey(this, i, options.idempotencyKey),
		deliver: false,
		timeout,
		...(options.thinking?.trim() ? { thinking: options.thinking.trim() } : {}),
		...(attachments ? { attachments } : {}),
	};
	const item = await agentTurn(client, i, params, wait ? 'wait' : 'start', undefined, this);
	return wait && options.downloadFiles
		? withRunFiles(this, client, i, item, options.maxFileSizeMb)
		: item;
};

const getHistory: Operation = async function (client, i) {
	const sessionKey = await sessionKeyOf(this, client, i);
	const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
	const limit = returnAll ? 1000 : Math.min(1000, Number(this.getNodeParameter('limit', i, 50)));
	const simplify = this.getNodeParameter('simplify', i, true) as boolean;
	const rpc = await client.rpc();
	// Whole texts where the gateway gives them (2026.9: maxChars; 2026.2.x cuts at 12,000, no way past).
	const res = await client.call('chat.history', historyParams(rpc.protocol, sessionKey, limit));
	return listOf<IDataObject>(res.messages).map((m) => {
		const meta = (m.__openclaw ?? {}) as IDataObject;
		const content = m.content;
		const text =
			typeof content === 'string'
				? content
				: listOf<IDataObject>(content)
						.filter((c) => c.type === 'text')
						.map((c) => String(c.text ?? ''))
						.join('');
		// A text the gateway cut (or left out, over its 128 KiB per message) says so: never a silent cut.
		const truncated = meta.truncated === true || isCutText(text);
		if (!simplify) return { ...withIsoTimes(m), ...(truncated ? { truncated } : {}) };
		return {
			role: m.role ?? null,
			text,
			timestamp: isoTime(m.timestamp),
			model: m.model ?? null,
			runId: meta.runId ?? null,
			id: meta.id ?? null,
			...(truncated ? { truncated } : {}),
		};
	});
};

const reset: Operation = async function (client, i) {
	const key = await sessionKeyOf(this, client, i);
	assertToolMayChange(this, `reset the session ${key}`, i);
	const res = await client.call('sessions.reset', { key });
	const entry = (res.entry ?? {}) as IDataObject;
	return { key: res.key ?? key, reset: true, sessionId: entry.sessionId ?? null };
};

const compact: Operation = async function (client, i) {
	const key = await sessionKeyOf(this, client, i);
	assertToolMayChange(this, `compact the session ${key}`, i);
	const maxLines = Number(this.getNodeParameter('maxLines', i, 0));
	if (!Number.isInteger(maxLines) || maxLines < 0)
		throw operationError(
			client.node,
			`The Keep Last Lines parameter must be a whole number of 0 or more, not ${maxLines}`,
			"Set how many of the newest transcript lines to keep, or 0 for the gateway's own compaction.",
			'bad-input',
			i,
		);
	const res = await client.call('sessions.compact', { key, ...(maxLines ? { maxLines } : {}) });
	// `ok: false` comes with a reason when there was nothing to compact: not an error, compacted false.
	const out: IDataObject = { ...res, key: res.key ?? key, compacted: res.compacted === true };
	delete out.ok;
	return out;
};

const remove: Operation = async function (client, i) {
	const key = await sessionKeyOf(this, client, i);
	assertToolMayChange(this, `delete the session ${key}`, i);
	const deleteTranscript = this.getNodeParameter('deleteTranscript', i, true) as boolean;
	const res = await client.call('sessions.delete', { key, deleteTranscript });
	return { key: res.key ?? key, deleted: res.deleted ?? true };
};

const abort: Operation = async function (client, i) {
	const sessionKey = await sessionKeyOf(this, client, i);
	// Every run of a session only when chosen: an expression that resolves to nothing must not stop
	// other people's runs in it (channel conversations, other workflows).
	const all = this.getNodeParameter('abortScope', i, 'run') === 'session';
	if (all) assertToolMayChange(this, `stop every run of the session ${sessionKey}`, i);
	const runId = all ? undefined : stringParam(this, 'runId', i);
	if (!all && !runId)
		throw operationError(
			client.node,
			'The Run ID parameter is empty',
			'Map the run to stop (e.g. {{ $json.runId }} from Run Agent with Start Only), or choose Stop → All Runs of the Session.',
			'bad-input',
			i,
		);
	const res = await client.call('chat.abort', { sessionKey, ...(runId ? { runId } : {}) });
	return { sessionKey, aborted: res.aborted === true, runIds: listOf<string>(res.runIds) };
};

const updateSession: Operation = async function (client, i) {
	const key = await sessionKeyOf(this, client, i);
	assertToolMayChange(this, `change the session ${key}`, i);
	const fields = optionsParam<{ label?: string; model?: string; thinkingLevel?: string }>(
		this,
		'updateFields',
		i,
	);
	const patch: IDataObject = {};
	for (const k of ['label', 'model', 'thinkingLevel'] as const)
		if (typeof fields[k] === 'string' && fields[k]!.trim()) patch[k] = fields[k]!.trim();
	// Thinking Level added and left at Default: back to the agent's own level.
	if (fields.thinkingLevel === '') patch.thinkingLevel = null;
	if (!Object.keys(patch).length)
		throw operationError(
			client.node,
			'No field is set in Update Fields',
			'Add a Label, Model or Thinking Level to change.',
			'bad-input',
			i,
		);
	const res = await client.call('sessions.patch', { key, ...patch });
	return withIsoTimes({
		key: res.key ?? key,
		...((res.entry ?? {}) as IDataObject),
		updated: Object.keys(patch),
	});
};

/** The usage summary is cached by the gateway (30 s); a refresh after new turns is waited for. */
const USAGE_FRESH_WAIT_MS = 10000;

const PERIOD_DAYS: Record<string, number> = { '7d': 7, '30d': 30, '90d': 90 };

/**
 * Get Usage's Period as the gateway takes it: 2026.9 a `range`; 2026.2.x only dates (UTC), its
 * default being the last 30 days.
 */
async function usagePeriod(client: GatewayClient, period: string, i: number): Promise<IDataObject> {
	if (period !== 'all' && !Object.hasOwn(PERIOD_DAYS, period))
		throw operationError(
			client.node,
			`The Period option "${period}" is not one of All Time, Last 7 Days, Last 30 Days, Last 90 Days`,
			'Choose a Period from the list.',
			'bad-input',
			i,
		);
	if (newerThan2026_2(await client.hello())) return { range: period };
	const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
	const now = Date.now();
	return {
		mode: 'utc',
		startDate: period === 'all' ? '1970-01-01' : day(now - (PERIOD_DAYS[period] - 1) * 86400000),
		endDate: day(now),
	};
}

const getUsage: Operation = async function (client, i) {
	const sessionKey = await sessionKeyOf(this, client, i);
	const o = optionsParam<{ timeSeries?: boolean; period?: string }>(this, 'usageOptions', i);
	const timeSeries = o.timeSeries === true;
	const period = await usagePeriod(client, o.period ?? 'all', i);
	type Usage = {
		sessions?: IDataObject[];
		totals?: IDataObject;
		cacheStatus?: { status?: string };
		startDate?: string;
		endDate?: string;
	};
	let res = await client.call<Usage>('sessions.usage', { key: sessionKey, ...period });
	for (
		const until = Date.now() + USAGE_FRESH_WAIT_MS;
		res.cacheStatus?.status && res.cacheStatus.status !== 'fresh' && Date.now() < until;
	) {
		await pause(500, client.cancelSignal);
		res = await client.call<Usage>('sessions.usage', { key: sessionKey, ...period });
	}
	const row = listOf<IDataObject>(res.sessions).find((s) => s.key === sessionKey) ?? {};
	const out: IDataObject = {
		sessionKey,
		sessionId: row.sessionId ?? null,
		agentId: row.agentId ?? agentOfSessionKey(sessionKey) ?? null,
		model: row.model ?? null,
		provider: row.modelProvider ?? null,
		usage: (row.usage as IDataObject) ?? null,
		...(res.startDate ? { startDate: res.startDate, endDate: res.endDate } : {}),
	};
	if (timeSeries) {
		const series = await client.call<{ points?: IDataObject[] }>('sessions.usage.timeseries', {
			key: sessionKey,
		});
		out.timeSeries = listOf<IDataObject>(series.points).map((p) =>
			typeof p.timestamp === 'number' ? { ...p, at: isoTime(p.timestamp) } : p,
		);
	}
	return out;
};

export const operations: Record<string, Operation> = {
	abort: abort,
	getUsage,
	compact: compact,
	delete: remove,
	getHistory: getHistory,
	reset: reset,
	sendMessage: sendMessage,
	update: updateSession,
};
