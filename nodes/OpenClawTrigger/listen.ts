import type { IDataObject, ITriggerFunctions, ITriggerResponse } from 'n8n-workflow';

import { ADMIN_SCOPE } from '../shared/constants';
import { asNodeError, isKind, operationError, type ErrorKind } from '../shared/errors';
import { GatewayClient } from '../shared/transport/client';
import { EventStream, type EventGap } from '../shared/transport/events';
import { pause } from '../shared/transport/poll';
import {
	historyParams,
	isCutText,
	listOf,
	messageText,
	type HistoryMessage,
} from '../shared/transport/protocol';
import type { GatewayRpc } from '../shared/transport/rpc';
import {
	APPROVAL_EVENT,
	EventMapper,
	PLUGIN_APPROVAL_EVENT,
	QUESTION_EVENT,
	missingEvent,
	requirements,
	SeenKeys,
	type Emission,
	type Requirements,
	type TriggerEvent,
	type TriggerSettings,
} from './events';

const LABELS: Record<TriggerEvent, string> = {
	agentRunFinished: 'Agent Run Finished',
	agentToolCalled: 'Agent Tool Called',
	sessionMessage: 'New Session Message',
	sessionsChanged: 'Sessions Changed',
	cronJobFinished: 'Cron Job Finished',
	approvalRequested: 'Approval Requested',
	pluginApprovalRequested: 'Plugin Approval Requested',
	questionAsked: 'Question Asked',
	anyEvent: 'Any Event',
};

/** The node's parameters, checked: a bad one fails activation naming it. */
function readSettings(fns: ITriggerFunctions): TriggerSettings & {
	reportGaps: boolean;
	testTimeoutS: number;
} {
	const node = fns.getNode();
	const events = fns.getNodeParameter('events', []) as TriggerEvent[];
	if (!events.length)
		throw operationError(
			node,
			'No event is chosen in Events',
			'Choose at least one event in the Events parameter.',
			'bad-input',
		);
	const anyEventNames = events.includes('anyEvent')
		? String(fns.getNodeParameter('eventNames', ''))
				.split(',')
				.map((n) => n.trim())
				.filter(Boolean)
		: [];
	if (events.includes('anyEvent') && !anyEventNames.length)
		throw operationError(
			node,
			'Event Names is empty',
			'Name at least one gateway event in Event Names (e.g. presence), or * for all.',
			'bad-input',
		);
	const f = fns.getNodeParameter('filters', {}) as IDataObject;
	const o = fns.getNodeParameter('options', {}) as IDataObject;
	const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
	// The gateway holds every approval for a connection that takes approvals (up to its timeout, 30
	// minutes on 2026.9) and has no way to pass one on: an approval a filter hid would keep its agent
	// waiting. So Approval Requested takes every approval; the workflow decides.
	// Questions are not held for the trigger (the chat and the Control UI see them too): they may be filtered.
	const narrowing = (['agent', 'sessionKey', 'channel'] as const).filter((k) => text(f[k]));
	const held = events
		.filter((e) => e === 'approvalRequested' || e === 'pluginApprovalRequested')
		.map((e) => LABELS[e]);
	if (held.length && narrowing.length)
		throw operationError(
			node,
			`Filters → ${narrowing.map((k) => ({ agent: 'Agent', sessionKey: 'Session Key', channel: 'Channel' })[k]).join(', ')} cannot narrow ${held.join(', ')}`,
			'The gateway holds every approval for this trigger until it is answered or expires (exec approvals: up to 30 minutes; plugin approvals: up to 10) and cannot hand one back: an approval hidden by a filter would keep its agent waiting. Remove these filters (or put the approval events in a trigger of their own) and decide in the workflow, e.g. an If node on agentId → Gateway: Approval → Resolve with Deny for the others.',
			'bad-input',
		);
	return {
		events,
		anyEventNames,
		filters: {
			agent: text(f.agent),
			sessionKey: text(f.sessionKey),
			channel: text(f.channel),
			job: text(f.job),
			statuses: Array.isArray(f.statuses) ? (f.statuses as string[]) : undefined,
			roles: Array.isArray(f.roles) ? (f.roles as string[]) : undefined,
			tools: text(f.toolNames)
				?.split(',')
				.map((t) => t.trim())
				.filter(Boolean),
		},
		reportGaps: o.reportGaps !== false,
		testTimeoutS: typeof o.testTimeout === 'number' && o.testTimeout > 0 ? o.testTimeout : 120,
	};
}

/** Scopes the chosen events need, as the gateway grants them (OpenClaw 2026.9 routes approvals to admins only). */
function neededScopes(req: Requirements, rpc: GatewayRpc): string[] {
	const scopes = ['operator.read'];
	const approvals = req.approvals || req.pluginApprovals;
	if (approvals) scopes.push('operator.approvals');
	if (approvals && rpc.protocol >= 4) scopes.push(ADMIN_SCOPE);
	// operator.admin includes the questions.
	else if (req.questions && !rpc.hello.auth?.scopes?.includes(ADMIN_SCOPE))
		scopes.push('operator.questions');
	return scopes;
}

/** Refuses a connection that cannot deliver the chosen events, saying what to change. */
function check(fns: ITriggerFunctions, settings: TriggerSettings, rpc: GatewayRpc): Requirements {
	const node = fns.getNode();
	const hello = rpc.hello;
	const version = hello.server?.version ?? 'unknown';
	const req = requirements(settings, hello);
	const missing = missingEvent(req, hello);
	if (missing) {
		throw operationError(
			node,
			`The OpenClaw gateway (version ${version}) does not send "${missing.event}" events`,
			missing.since
				? `Update OpenClaw to ${missing.since} or later, or choose other events.`
				: "Check the event name against the gateway's own list (features.events in its hello), or choose other events.",
			'event-unavailable',
		);
	}
	// 2026.2.x sends tool activity only to the connection that started the run.
	if (settings.events.includes('agentToolCalled') && rpc.protocol < 4)
		throw operationError(
			node,
			`The OpenClaw gateway (version ${version}) does not send its runs' tool calls to other connections`,
			'Update OpenClaw to 2026.9 or later for Agent Tool Called, or use Run Agent → Include Tool Calls.',
			'event-unavailable',
		);
	if (
		req.messagesFromChat &&
		settings.filters.roles?.length === 1 &&
		settings.filters.roles[0] === 'user'
	) {
		throw operationError(
			node,
			`The OpenClaw gateway (version ${version}) does not send user messages as events`,
			'Update OpenClaw to 2026.9 or later (session.message events), or also listen for assistant messages.',
			'event-unavailable',
		);
	}
	const granted = hello.auth?.scopes;
	const lacking = granted ? neededScopes(req, rpc).filter((s) => !granted.includes(s)) : [];
	if (lacking.length) {
		const admin = lacking.includes(ADMIN_SCOPE);
		throw operationError(
			node,
			`The gateway did not grant ${lacking.join(', ')} to n8n's device, which ${settings.events.map((e) => LABELS[e]).join(', ')} needs`,
			admin
				? `OpenClaw ${version} sends approvals only to connections with operator.admin. Turn on Admin Access in the OpenClaw credential and activate again; on the gateway host approve the scope upgrade it asks for ("openclaw devices list", then "openclaw devices approve REQUEST_ID" with the request id the list shows).`
				: `On the gateway host approve this device's scope upgrade ("openclaw devices list", then "openclaw devices approve REQUEST_ID" with the request id the list shows). Device ID: ${rpc.deviceId}.`,
			'missing-scope',
		);
	}
	return req;
}

/** How long any one request of the trigger may take (a gateway that ticks but never answers). */
const CALL_DEADLINE_MS = 30000;
const deadline = (stop: AbortSignal) =>
	AbortSignal.any([stop, AbortSignal.timeout(CALL_DEADLINE_MS)]);

/**
 * A refusal of what the trigger sends to listen (its params, or a method the gateway stopped offering)
 * comes again on every connection: it stops the trigger (emitError) instead of a silent reconnect
 * loop. Anything else (the gateway busy, a drop) is the caller's to retry.
 */
function subscriptionRefused(
	fns: ITriggerFunctions,
	rpc: GatewayRpc,
	error: unknown,
	secrets: readonly string[],
): Error {
	const node = fns.getNode();
	if (!isKind(error, REFUSED_FOR_GOOD)) return asNodeError(node, error, secrets);
	const version = rpc.hello.server?.version ?? 'unknown';
	return operationError(
		node,
		`The OpenClaw gateway (version ${version}) refused what the trigger listens with: ${(error as Error).message}`,
		'This gateway takes this request in another form than this package sends it. Update n8n-nodes-openclaw-gateway (or OpenClaw), or choose other events; then activate the workflow again.',
		'event-unavailable',
	);
}
const REFUSED_FOR_GOOD: ReadonlySet<ErrorKind> = new Set<ErrorKind>([
	'invalid-params',
	'unknown-method',
]);

/** The cron jobs, their names noted (for jobs whose events carry only their ID). */
async function learnJobs(
	mapper: EventMapper,
	rpc: GatewayRpc,
	stop: AbortSignal,
): Promise<IDataObject[]> {
	const { jobs } = await rpc.call<{ jobs?: IDataObject[] }>(
		'cron.list',
		{ includeDisabled: true },
		{ signal: deadline(stop) },
	);
	mapper.noteJobs(jobs ?? []);
	return jobs ?? [];
}

/** Runs that ended this long before a gap began still count (events in flight when it began). */
const CRON_SLACK_MS = 60000;
/** `cron.runs` pages read at most after one gap (200 runs each on 2026.9). */
const MAX_CRON_PAGES = 50;

/**
 * The cron runs that finished since `from` (by their end, `ts`: a run that started before a drop and
 * ended during it is one of them), oldest first. 2026.9: one paged `cron.runs {scope: "all"}`, newest
 * first, which also has the runs of jobs deleted since. 2026.2.x: per listed job, its last 1,000 runs.
 */
async function finishedCronRuns(
	rpc: GatewayRpc,
	jobIds: string[],
	from: number,
	stop: AbortSignal,
): Promise<IDataObject[]> {
	const since = from - CRON_SLACK_MS;
	const endOf = (e: IDataObject) =>
		Number(e.ts ?? Number(e.runAtMs ?? 0) + Number(e.durationMs ?? 0));
	const out: IDataObject[] = [];
	if (rpc.protocol >= 4) {
		for (let page = 0, offset = 0; page < MAX_CRON_PAGES; page++) {
			const r = await rpc.call<{ entries?: IDataObject[]; hasMore?: boolean; nextOffset?: number }>(
				'cron.runs',
				{ scope: 'all', limit: 200, offset, sortDir: 'desc' },
				{ signal: deadline(stop) },
			);
			const entries = r.entries ?? [];
			out.push(...entries.filter((e) => endOf(e) >= since));
			if (!r.hasMore || !entries.length || entries.some((e) => endOf(e) < since)) break;
			offset = typeof r.nextOffset === 'number' ? r.nextOffset : offset + entries.length;
		}
	} else {
		for (const id of jobIds) {
			const { entries } = await rpc.call<{ entries?: IDataObject[] }>(
				'cron.runs',
				{ id, limit: 1000 },
				{ signal: deadline(stop) },
			);
			out.push(...(entries ?? []).filter((e) => endOf(e) >= since));
		}
	}
	return out.sort((a, b) => endOf(a) - endOf(b));
}

/**
 * An item whose text the gateway cut (2026.9's 8,000-character display cap on session.message and
 * some chat finals) gets its whole text from the session history (maxChars); where that cannot be
 * had, it keeps `truncated: true`.
 */
async function wholeText(rpc: GatewayRpc, json: IDataObject, stop: AbortSignal): Promise<void> {
	if (json.truncated !== true || rpc.protocol < 4 || typeof json.sessionKey !== 'string') return;
	const { messages } = await rpc.call<{ messages?: HistoryMessage[] }>(
		'chat.history',
		historyParams(rpc.protocol, json.sessionKey, 50),
		{ signal: deadline(stop) },
	);
	const rows = (messages ?? []).filter((m) => m.role === 'assistant' || m.role === 'user');
	const match = [...rows]
		.reverse()
		.find((m) =>
			json.messageId ? m.__openclaw?.id === json.messageId : m.__openclaw?.runId === json.runId,
		);
	const text = match ? messageText(match.content) : '';
	if (text && !isCutText(text) && text.length >= String(json.text ?? '').length) {
		json.text = text;
		delete json.truncated;
	}
}

/** What waits for a human, listed again after n8n was not listening: event, trigger event, list method, field. */
const WAITING: Array<[string, TriggerEvent, string, string]> = [
	[APPROVAL_EVENT, 'approvalRequested', 'exec.approval.list', 'approvals'],
	[PLUGIN_APPROVAL_EVENT, 'pluginApprovalRequested', 'plugin.approval.list', 'approvals'],
	[QUESTION_EVENT, 'questionAsked', 'question.list', 'questions'],
];

/** What the trigger keeps in the workflow's static data across n8n restarts. */
interface TriggerMemory extends IDataObject {
	/** When the trigger was last known listening (ms): activation, or its last emitted item. */
	listeningAt?: number;
	/** The keys of the last 200 cron runs, 200 approvals and 200 questions it emitted (a restart does not repeat them). */
	keys?: string[];
	/** Set when a refusal stopped it (emitError): n8n activates it again later, in the first activation's mode. */
	stoppedByError?: boolean;
	/** The start of a span whose cron runs could not be read yet (the next gap reads from there). */
	cronUnreadFrom?: number;
}
/** Kinds of keys kept over a restart, each its own 200: a busy cron job cannot push out a waiting approval. */
const REMEMBERED = ['cron', 'approval', 'question'];
const MEMORY_KEYS = 200;

/** `keys` with `key` added, the oldest of its kind dropped past MEMORY_KEYS of that kind. */
function rememberKey(keys: string[], key: string): string[] {
	const kind = key.slice(0, key.indexOf(':') + 1);
	const all = [...keys, key];
	let over = all.filter((k) => k.startsWith(kind)).length - MEMORY_KEYS;
	return all.filter((k) => !(k.startsWith(kind) && over-- > 0));
}

/** One item per event, for as long as the workflow is active (or until the first, when testing). */
export async function listen(fns: ITriggerFunctions): Promise<ITriggerResponse> {
	const node = fns.getNode();
	const settings = readSettings(fns);
	const manual = fns.getMode() === 'manual';
	const client = await GatewayClient.create(fns);
	// Keys already emitted. Cron runs, approvals and questions have their own, one set each (recovery
	// reads them again after a gap or a restart), so a busy Any Event * or a busy cron job cannot push
	// out a waiting approval: at most 10,000 + 3 × 2,000 keys.
	const seen = new SeenKeys();
	const seenOfKind = new Map(REMEMBERED.map((kind) => [kind, new SeenKeys(2000)]));
	// What must outlive n8n (a restart, a deploy, a leader change in queue mode) lives in the workflow's
	// static data, which n8n saves with every emitted event and after activation: when the trigger was
	// last known listening, and the keys of the cron runs and approvals it emitted last.
	const memory = (manual ? {} : fns.getWorkflowStaticData('node')) as TriggerMemory;
	// Not listening since `listeningAt`: n8n restarted (or another main took over), or n8n activates the
	// trigger again after a refusal stopped it (emitError: the workflow's first activation mode again).
	const restarted = ['init', 'leadershipChange'].includes(fns.getActivationMode());
	const restartedFrom =
		(restarted || memory.stoppedByError === true) && typeof memory.listeningAt === 'number'
			? memory.listeningAt
			: undefined;
	const downtime = restarted
		? 'n8n was not listening (a restart, a deploy or a leader change)'
		: 'the trigger was stopped by an error until n8n activated it again';
	const kindOf = (key: string) => seenOfKind.get(key.slice(0, key.indexOf(':')));
	for (const key of listOf<string>(memory.keys)) kindOf(key)?.add(key);
	const firstTime = (key: string) => {
		const ofKind = kindOf(key);
		if (!ofKind) return seen.add(key);
		if (!ofKind.add(key)) return false;
		memory.keys = rememberKey(listOf<string>(memory.keys), key);
		return true;
	};
	let mapper: EventMapper | undefined;
	let live: GatewayRpc | undefined;
	let order: Promise<void> = Promise.resolve();
	let emitted = false;
	// Set once the stream exists; nothing is emitted after deactivation.
	let stopped = () => false;
	let stopSignal: AbortSignal = new AbortController().signal;

	/** One execution; n8n saves the static data with it, so it records when the trigger last listened. */
	const emitItem = (json: IDataObject) => {
		memory.listeningAt = Date.now();
		fns.emit([fns.helpers.returnJsonArray([json])]);
	};
	const emit = (emissions: Emission[]) => {
		for (const e of emissions) {
			if (stopped()) return;
			if (!firstTime(e.key)) continue;
			if (manual && emitted) return;
			emitted = true;
			emitItem(e.json);
		}
	};
	/** One event's items, in arrival order; a failure is logged and the next events still arrive. */
	const enqueue = (step: () => Promise<void> | void, event: string) => {
		order = order
			.then(step)
			.catch((error: unknown) =>
				fns.logger?.warn(
					`OpenClaw Trigger: the "${event}" event could not be turned into an item: ${(error as Error)?.message ?? String(error)}`,
				),
			);
	};

	// The start of a span whose cron runs could not be read (e.g. the connection dropped while the
	// restart's were read): the next gap reads from there, also after an n8n restart (static data).
	const unreadFrom = () =>
		typeof memory.cronUnreadFrom === 'number' ? memory.cronUnreadFrom : undefined;
	const recoverCron = async (gap: EventGap, rpc: GatewayRpc): Promise<number> => {
		if (!settings.events.includes('cronJobFinished') || !mapper) return 0;
		const m = mapper;
		const from = Math.min(gap.from, unreadFrom() ?? gap.from);
		let byId: Map<string, IDataObject>;
		let entries: IDataObject[];
		try {
			const jobs = await learnJobs(m, rpc, stopSignal);
			byId = new Map(jobs.map((job) => [String(job.id), job]));
			entries = await finishedCronRuns(rpc, [...byId.keys()], from, stopSignal);
		} catch (error) {
			memory.cronUnreadFrom = Math.min(unreadFrom() ?? from, from);
			fns.logger?.warn(
				`OpenClaw Trigger: the cron runs since ${new Date(from).toISOString()} could not be read (${(error as Error)?.message ?? String(error)}); they are read with the next gap's (a reconnect, an n8n restart)`,
			);
			throw asNodeError(node, error, client.secrets);
		}
		// Read from `from` on: unless a gap running beside this one failed on an earlier span meanwhile.
		const left = unreadFrom();
		if (left !== undefined && left >= from) delete memory.cronUnreadFrom;
		let recovered = 0;
		for (const entry of entries) {
			if (stopped()) break;
			// A job that deleted itself after running (Delete After Run) is no longer listed.
			const job = byId.get(String(entry.jobId)) ?? { id: entry.jobId, name: entry.jobName };
			const item = m.cronFinished({ action: 'finished', ...entry }, job);
			if (item && firstTime(item.key)) {
				emitItem({ ...item.json, recovered: true });
				recovered++;
			}
		}
		return recovered;
	};

	/**
	 * What still waits for a human (approvals, questions) is listed and emitted where it was not yet
	 * (its key keeps it from being emitted twice): what was asked while the trigger did not listen.
	 */
	const recoverWaiting = async (rpc: GatewayRpc): Promise<void> => {
		for (const [event, wanted, method, key] of WAITING) {
			if (!settings.events.includes(wanted) || !rpc.has(method) || !mapper) continue;
			// Each list on its own: one that fails does not keep the others from being emitted.
			try {
				const pending = await rpc.call<unknown>(method, {}, { signal: deadline(stopSignal) });
				const list = Array.isArray(pending) ? pending : listOf((pending as IDataObject)[key]);
				for (const record of list as IDataObject[])
					emit(mapper.map({ type: 'event', event, payload: record }, Date.now()));
			} catch (error) {
				fns.logger?.warn(
					`OpenClaw Trigger: what still waited for a human (${method}) could not be listed after a gap: ${(error as Error)?.message ?? String(error)}`,
				);
			}
		}
	};

	/**
	 * Events may be missing in `gap`: cron runs of it are recovered, what waits for a human emitted,
	 * and a gap item says so.
	 */
	const reportGap = async (gap: EventGap, rpc: GatewayRpc): Promise<void> => {
		if (manual) return;
		let recovered = 0;
		try {
			recovered = await recoverCron(gap, rpc);
		} finally {
			// Also when the cron runs could not be read: approvals and questions wait for no one else.
			await recoverWaiting(rpc);
			if (settings.reportGaps && !stopped())
				emitItem({
					event: 'gap',
					from: new Date(gap.from).toISOString(),
					to: new Date(gap.to).toISOString(),
					durationMs: gap.to - gap.from,
					reason: gap.reason,
					recoveredCronRuns: recovered,
				});
		}
	};

	const stream = new EventStream(client, {
		caps: [
			...(settings.events.includes('approvalRequested') ||
			settings.anyEventNames.includes(APPROVAL_EVENT)
				? ['exec-approvals']
				: []),
			...(settings.events.includes('pluginApprovalRequested') ||
			settings.anyEventNames.includes(PLUGIN_APPROVAL_EVENT)
				? ['plugin-approvals']
				: []),
		],
		prepare: async (rpc) => {
			const req = check(fns, settings, rpc);
			const m = (mapper ??= new EventMapper(settings, req));
			live = rpc;
			try {
				if (req.subscribeSessions && rpc.has('sessions.subscribe'))
					await rpc.call('sessions.subscribe', {}, { signal: deadline(stopSignal) });
				if (settings.events.includes('cronJobFinished')) await learnJobs(m, rpc, stopSignal);
			} catch (error) {
				throw subscriptionRefused(fns, rpc, error, client.secrets);
			}
		},
		// In arrival order, one at a time: a job's name may have to be looked up first.
		onEvent: (frame, connection) => {
			const receivedAt = Date.now();
			const m = mapper;
			if (!m) return;
			const rpc = live;
			enqueue(async () => {
				if (m.needsJobName(frame) && rpc)
					await learnJobs(m, rpc, stopSignal).catch(() => undefined);
				const emissions = m.map(frame, receivedAt, connection);
				if (rpc)
					for (const e of emissions)
						await wholeText(rpc, e.json, stopSignal).catch(() => undefined);
				emit(emissions);
			}, frame.event);
		},
		onGap: async (gap, rpc) => reportGap(gap, rpc),
		onFatal: (error, since) => {
			// n8n deactivates the workflow and activates it again later: that activation reports the gap.
			memory.listeningAt = since;
			memory.stoppedByError = true;
			fns.emitError(error);
		},
	});

	stopped = () => stream.stopped;
	stopSignal = stream.signal;
	try {
		await stream.start();
	} catch (error) {
		// `listeningAt` stays: n8n retries a failed activation, and that one still knows the downtime.
		client.close();
		throw asNodeError(node, error, client.secrets);
	}
	memory.listeningAt = Date.now();
	delete memory.stoppedByError;
	// Not listening since `restartedFrom` (a restart, a deploy, a leader change, a refusal): one gap item
	// for the downtime with its cron runs recovered, and (2026.9) what still waits for a human emitted.
	if (restartedFrom !== undefined && live) {
		const rpc = live;
		enqueue(async () => {
			await reportGap(
				{
					from: restartedFrom,
					to: Date.now(),
					reason: downtime,
				},
				rpc,
			).catch(() => undefined);
		}, 'restart');
	}

	if (manual) {
		void pause(settings.testTimeoutS * 1000, stream.signal).then(() => {
			if (emitted || stream.stopped) return;
			stream.close();
			fns.emitError(
				operationError(
					node,
					`No matching OpenClaw event arrived within ${settings.testTimeoutS} s`,
					'Make the event happen on the gateway while the trigger listens (e.g. run an agent), check the Filters, or raise Options > Test Wait.',
					'timeout',
				),
			);
		});
	}

	return {
		closeFunction: async () => {
			stream.close();
			client.close();
		},
	};
}
