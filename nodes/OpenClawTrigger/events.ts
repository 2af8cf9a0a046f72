import type { IDataObject } from 'n8n-workflow';

import { execApprovalItem, pluginApprovalItem, questionItem } from '../shared/humanLoop';
import { isCutText, isoTime, type EventFrame, type HelloOk } from '../shared/transport/protocol';

/**
 * What the trigger listens for: each choice, the gateway events it needs, and how one gateway event
 * becomes one item (or none, when it does not match). Pure: tested on recorded payloads.
 */
export type TriggerEvent =
	| 'agentRunFinished'
	| 'agentToolCalled'
	| 'sessionMessage'
	| 'sessionsChanged'
	| 'cronJobFinished'
	| 'approvalRequested'
	| 'pluginApprovalRequested'
	| 'questionAsked'
	| 'anyEvent';

export interface TriggerFilters {
	agent?: string;
	/** Exact session key, or a prefix ending in `*`. */
	sessionKey?: string;
	/** A channel id (telegram, slack, …) found in the session key or the session row. */
	channel?: string;
	/** Agent Run Finished: ok / error / timeout / aborted; Cron Job Finished: ok / error / skipped. */
	statuses?: string[];
	roles?: string[];
	/** Cron Job Finished: a job id or name. */
	job?: string;
	/** Agent Tool Called: tool names. */
	tools?: string[];
}

export interface TriggerSettings {
	events: TriggerEvent[];
	/** Any Event: gateway event names, or `*` for every event except `tick`/`health`. */
	anyEventNames: string[];
	filters: TriggerFilters;
}

/** One item to emit, with the key that makes it unique (an event seen twice is emitted once). */
export interface Emission {
	key: string;
	json: IDataObject;
}

/** The version the package knows each gateway event from (named when a gateway lacks one). */
const EVENT_SINCE: Record<string, string> = {
	'sessions.changed': '2026.9',
	'session.message': '2026.9',
	'question.requested': '2026.9',
	'plugin.approval.requested': '2026.9',
};
/** Events too frequent to mean anything to a workflow; Any Event with `*` skips them. */
const NOISE = new Set(['tick', 'health', 'connect.challenge']);

export const APPROVAL_EVENT = 'exec.approval.requested';
export const PLUGIN_APPROVAL_EVENT = 'plugin.approval.requested';
export const QUESTION_EVENT = 'question.requested';

/** What a gateway must offer for the chosen events (checked against hello-ok at every connect). */
export interface Requirements {
	/** Gateway events that must be in `features.events`. */
	events: string[];
	/** Call `sessions.subscribe` on connect (session.message / sessions.changed are sent only then). */
	subscribeSessions: boolean;
	/** New Session Message on a gateway without `session.message`: assistant answers from `chat` finals. */
	messagesFromChat: boolean;
	/** The connection takes exec approvals (the gateway routes them to clients that say so). */
	approvals: boolean;
	/** The connection takes plugin approvals (OpenClaw 2026.9; routed likewise). */
	pluginApprovals: boolean;
	/** The connection receives the agent's questions (scope operator.questions, or operator.admin). */
	questions: boolean;
}

export function requirements(settings: TriggerSettings, hello: HelloOk): Requirements {
	const offered = new Set(hello.features?.events ?? []);
	const events = new Set<string>();
	let subscribeSessions = false;
	let messagesFromChat = false;
	let approvals = false;
	let pluginApprovals = false;
	let questions = false;
	for (const e of settings.events) {
		if (e === 'agentRunFinished') events.add('chat');
		// Every operator connection gets the runs' tool activity items (2026.9; stream "item").
		if (e === 'agentToolCalled') events.add('agent');
		if (e === 'sessionMessage') {
			if (offered.has('session.message')) {
				events.add('session.message');
				subscribeSessions = true;
			} else {
				events.add('chat');
				messagesFromChat = true;
			}
		}
		if (e === 'sessionsChanged') {
			events.add('sessions.changed');
			subscribeSessions = true;
		}
		if (e === 'cronJobFinished') events.add('cron');
		if (e === 'approvalRequested') {
			events.add(APPROVAL_EVENT);
			approvals = true;
		}
		if (e === 'pluginApprovalRequested') {
			events.add(PLUGIN_APPROVAL_EVENT);
			pluginApprovals = true;
		}
		if (e === 'questionAsked') {
			events.add(QUESTION_EVENT);
			questions = true;
		}
		if (e === 'anyEvent') {
			for (const name of settings.anyEventNames) {
				if (name === '*') {
					approvals = approvals || offered.has(APPROVAL_EVENT);
					subscribeSessions = subscribeSessions || offered.has('sessions.changed');
					continue;
				}
				events.add(name);
				if (name.startsWith('exec.approval.')) approvals = true;
				if (name.startsWith('plugin.approval.')) pluginApprovals = true;
				if (name.startsWith('question.')) questions = true;
				if (name === 'sessions.changed' || name === 'session.message') subscribeSessions = true;
			}
		}
	}
	return {
		events: [...events],
		subscribeSessions,
		messagesFromChat,
		approvals,
		pluginApprovals,
		questions,
	};
}

/** The first required event the gateway does not offer, with the version that has it. */
export function missingEvent(
	req: Requirements,
	hello: HelloOk,
): { event: string; since?: string } | undefined {
	const offered = new Set(hello.features?.events ?? []);
	const event = req.events.find((e) => !offered.has(e));
	return event ? { event, since: EVENT_SINCE[event] } : undefined;
}

// ------------------------------------------------------------------------------ matching

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const obj = (v: unknown): IDataObject =>
	v && typeof v === 'object' && !Array.isArray(v) ? (v as IDataObject) : {};

/** `agent:<id>:…` → id. */
export function agentOfKey(sessionKey: string): string {
	const m = /^agent:([^:]+):/.exec(sessionKey);
	return m ? m[1] : '';
}

function keyMatches(pattern: string | undefined, key: string): boolean {
	if (!pattern) return true;
	return pattern.endsWith('*') ? key.startsWith(pattern.slice(0, -1)) : key === pattern;
}

function channelMatches(channel: string | undefined, key: string, session: IDataObject): boolean {
	if (!channel) return true;
	const c = channel.toLowerCase();
	if (key.toLowerCase().split(':').slice(2).includes(c)) return true;
	return [session.channel, session.lastChannel, obj(session.origin).provider].some(
		(v) => str(v).toLowerCase() === c,
	);
}

/** Whether an event of `sessionKey` (and `agentId`, `session` row where known) passes the filters. */
function routeMatches(
	f: TriggerFilters,
	sessionKey: string,
	agentId: string,
	session: IDataObject = {},
): boolean {
	if (f.agent && (agentId || agentOfKey(sessionKey)) !== f.agent) return false;
	return keyMatches(f.sessionKey, sessionKey) && channelMatches(f.channel, sessionKey, session);
}

/** The text of a message: a string, or its text parts joined. */
export function messageText(message: unknown): string {
	const m = obj(message);
	if (typeof m.content === 'string') return m.content;
	if (!Array.isArray(m.content)) return str(m.text);
	return m.content
		.map((part) => obj(part))
		.filter((part) => part.type === 'text')
		.map((part) => str(part.text))
		.join('');
}

// ------------------------------------------------------------------------------ runs

/** What the agent stream tells about a run before its final chat event (model, timing). */
interface RunFacts {
	agentId?: string;
	provider?: string;
	model?: string;
	startedAt?: number;
	endedAt?: number;
	error?: string;
	outputTokens?: number;
}

/**
 * Turns gateway events into items. Holds the little state items need: facts about runs in flight
 * (from `agent` events) until their terminal `chat` event.
 */
export class EventMapper {
	private readonly runs = new Map<string, RunFacts>();
	/** Cron job names by ID (2026.2.x's cron events carry the ID only). */
	private readonly jobNames = new Map<string, string>();

	constructor(
		private readonly settings: TriggerSettings,
		private readonly req: Requirements,
	) {}

	private wants(e: TriggerEvent): boolean {
		return this.settings.events.includes(e);
	}

	/** Learns job names (from `cron.list`). */
	noteJobs(jobs: IDataObject[]): void {
		for (const job of jobs)
			if (str(job.id) && str(job.name)) this.jobNames.set(str(job.id), str(job.name));
	}

	/** A finished cron run of a job whose name is not known yet (look it up before mapping). */
	needsJobName(frame: EventFrame): boolean {
		if (frame.event !== 'cron' || !this.wants('cronJobFinished')) return false;
		const p = obj(frame.payload);
		return (
			str(p.action) === 'finished' && !str(obj(p.job).name) && !this.jobNames.has(str(p.jobId))
		);
	}

	/**
	 * Zero or more items for one event frame (each trigger event maps a frame on its own).
	 * `connection` numbers the connection the frame came on (frame seq counts per connection).
	 */
	map(frame: EventFrame, receivedAt: number, connection = 0): Emission[] {
		const out: Emission[] = [];
		const p = obj(frame.payload);
		if (frame.event === 'agent') this.noteRun(p);
		if (frame.event === 'agent' && this.wants('agentToolCalled')) push(out, this.toolCalled(p));
		if (frame.event === 'chat') {
			if (this.wants('agentRunFinished')) push(out, this.runFinished(p));
			if (this.wants('sessionMessage') && this.req.messagesFromChat) push(out, this.chatMessage(p));
		}
		if (frame.event === 'session.message' && this.wants('sessionMessage'))
			push(out, this.sessionMessage(p));
		if (frame.event === 'sessions.changed' && this.wants('sessionsChanged'))
			push(out, this.sessionsChanged(p, this.frameKey(frame, connection)));
		if (frame.event === 'cron') this.noteJobs([obj(p.job)]);
		if (frame.event === 'cron' && this.wants('cronJobFinished')) push(out, this.cronFinished(p));
		if (frame.event === APPROVAL_EVENT && this.wants('approvalRequested'))
			push(out, this.approval(p));
		if (frame.event === PLUGIN_APPROVAL_EVENT && this.wants('pluginApprovalRequested'))
			push(out, this.pluginApproval(p));
		if (frame.event === QUESTION_EVENT && this.wants('questionAsked')) push(out, this.question(p));
		if (this.wants('anyEvent')) push(out, this.anyEvent(frame, receivedAt, connection));
		return out;
	}

	/** Frames without a seq (none are expected): each its own key. */
	private unsequenced = 0;

	/**
	 * The key of a frame as such, for events the gateway never replays and whose payloads may repeat
	 * exactly (device.pair.changed {}, skills.changed {reason}): each frame is its own event. What can
	 * come twice is the same frame: its seq on its connection.
	 */
	private frameKey(frame: EventFrame, connection: number): string {
		const at = typeof frame.seq === 'number' ? frame.seq : `u${++this.unsequenced}`;
		return `${connection}:${at}`;
	}

	/**
	 * A tool call that ended, from the run's activity items (2026.9: stream "item", kind "tool", phase
	 * "end"; every operator connection gets them, no capability needed). A Tool Search call
	 * (`tool_call`) is reported as the tool it ran, which has an item of its own.
	 */
	private toolCalled(p: IDataObject): Emission | undefined {
		const data = obj(p.data);
		if (p.stream !== 'item' || data.kind !== 'tool' || data.phase !== 'end') return undefined;
		const tool = str(data.name);
		if (!tool || tool === 'tool_call') return undefined;
		const runId = str(p.runId);
		const sessionKey = str(p.sessionKey);
		const agentId = str(p.agentId) || this.runs.get(runId)?.agentId || agentOfKey(sessionKey);
		if (!routeMatches(this.settings.filters, sessionKey, agentId)) return undefined;
		const tools = this.settings.filters.tools;
		if (tools?.length && !tools.includes(tool)) return undefined;
		const toolCallId = str(data.toolCallId) || str(data.itemId);
		const status = str(data.status);
		const startedAt = typeof data.startedAt === 'number' ? data.startedAt : undefined;
		const endedAt = typeof data.endedAt === 'number' ? data.endedAt : undefined;
		return {
			key: `tool:${runId}:${toolCallId}`,
			json: {
				event: 'agentToolCalled',
				tool,
				status: status === 'completed' ? 'ok' : status === 'failed' ? 'error' : status || 'unknown',
				toolCallId,
				runId,
				sessionKey,
				agentId: agentId || null,
				...(str(data.title) ? { title: str(data.title) } : {}),
				...(data.error ? { error: str(data.error) || JSON.stringify(data.error) } : {}),
				startedAt: startedAt !== undefined ? isoTime(startedAt) : null,
				endedAt: endedAt !== undefined ? isoTime(endedAt) : null,
				durationMs: startedAt !== undefined && endedAt !== undefined ? endedAt - startedAt : null,
			},
		};
	}

	private noteRun(p: IDataObject): void {
		const runId = str(p.runId);
		if (!runId) return;
		const data = obj(p.data);
		const facts = this.runs.get(runId) ?? {};
		if (str(p.agentId)) facts.agentId = str(p.agentId);
		if (p.stream === 'lifecycle') {
			if (data.phase === 'start' && typeof data.startedAt === 'number')
				facts.startedAt = data.startedAt;
			if (data.phase === 'model' && str(data.model)) {
				facts.model = str(data.model);
				facts.provider = str(data.provider) || facts.provider;
			}
			if (data.phase === 'end' || data.phase === 'error') {
				if (typeof data.startedAt === 'number') facts.startedAt ??= data.startedAt;
				if (typeof data.endedAt === 'number') facts.endedAt = data.endedAt;
				if (data.phase === 'error') facts.error = str(data.error) || facts.error;
				const effective = obj(obj(data.terminalReceipt).effective);
				if (str(effective.model)) {
					facts.model = str(effective.model);
					facts.provider = str(effective.provider) || facts.provider;
				}
			}
		}
		if (p.stream === 'usage' && typeof data.outputTokens === 'number')
			facts.outputTokens = data.outputTokens;
		this.runs.set(runId, facts);
		// Runs that never end here (no chat event) must not pile up.
		if (this.runs.size > 1000) this.runs.delete(this.runs.keys().next().value as string);
	}

	private runFinished(p: IDataObject): Emission | undefined {
		const state = str(p.state);
		if (state !== 'final' && state !== 'error' && state !== 'aborted') return undefined;
		const runId = str(p.runId);
		// A note added to a transcript (chat.inject) reaches clients as a chat final; no agent ran.
		if (runId.startsWith('inject-')) return undefined;
		const sessionKey = str(p.sessionKey);
		const facts = this.runs.get(runId) ?? {};
		const agentId = str(p.agentId) || facts.agentId || agentOfKey(sessionKey);
		const text = messageText(p.message);
		const stopReason = str(p.stopReason);
		let status: string;
		let error: string | null = null;
		if (state === 'final' && !text.startsWith('⚠️ Agent failed')) status = 'ok';
		else if (state === 'final') {
			status = 'error';
			error = text;
		} else if (state === 'error') {
			status = /timed? ?out/i.test(str(p.errorMessage) + str(p.errorKind)) ? 'timeout' : 'error';
			error = str(p.errorMessage) || facts.error || 'the run failed';
		} else {
			status = /timeout/i.test(stopReason) ? 'timeout' : 'aborted';
			error = str(p.errorMessage) || null;
		}
		const f = this.settings.filters;
		if (!routeMatches(f, sessionKey, agentId)) return undefined;
		if (f.statuses?.length && !f.statuses.includes(status)) return undefined;
		this.runs.delete(runId);
		const usage = obj(p.usage);
		// A run id is the idempotency key, which a workflow may reuse (a fixed key, after the gateway's
		// 5 minutes): the run's end tells two runs under one key apart; a replayed final has the same.
		const endStamp = obj(p.message).timestamp ?? p.ts ?? facts.endedAt ?? '';
		return {
			key: `run:${runId}:${String(endStamp)}`,
			json: {
				event: 'agentRunFinished',
				runId,
				sessionKey,
				agentId,
				status,
				text: state === 'final' && status === 'ok' ? text : '',
				// 2026.9 cuts the finals of some runs (chat.send, queued follow-ups) at 8,000 characters.
				...(state === 'final' &&
				status === 'ok' &&
				(obj(obj(p.message).__openclaw).truncated === true || isCutText(text))
					? { truncated: true }
					: {}),
				error,
				stopReason: stopReason || null,
				provider: facts.provider ?? null,
				model: facts.model ?? null,
				usage: Object.keys(usage).length
					? usage
					: facts.outputTokens !== undefined
						? { outputTokens: facts.outputTokens }
						: null,
				startedAt: isoTime(facts.startedAt),
				endedAt: isoTime(facts.endedAt ?? obj(p.message).timestamp),
			},
		};
	}

	private messageItem(
		p: IDataObject,
		role: string,
		text: string,
		key: string,
		extra: IDataObject,
	): Emission | undefined {
		const sessionKey = str(p.sessionKey);
		const agentId = str(p.agentId) || agentOfKey(sessionKey);
		const f = this.settings.filters;
		if (!routeMatches(f, sessionKey, agentId, obj(p.session))) return undefined;
		if (f.roles?.length && !f.roles.includes(role)) return undefined;
		return {
			key,
			json: { event: 'sessionMessage', sessionKey, agentId, role, text, ...extra },
		};
	}

	private sessionMessage(p: IDataObject): Emission | undefined {
		const message = obj(p.message);
		const role = str(message.role);
		if (role !== 'user' && role !== 'assistant') return undefined;
		const text = messageText(message);
		if (!text) return undefined; // tool calls only: not a message a workflow reads
		const meta = obj(message.__openclaw);
		const id = str(p.messageId) || str(meta.id);
		const seq = p.messageSeq ?? meta.seq;
		// 2026.9 cuts session.message texts at 8,000 characters (display cap): the listener fetches the
		// whole message by its id, or the item says it is cut.
		const truncated = meta.truncated === true || isCutText(text);
		return this.messageItem(p, role, text, `msg:${str(p.sessionKey)}:${id || String(seq)}`, {
			messageId: id || null,
			runId: str(p.runId) || str(meta.runId) || null,
			model: str(message.model) || null,
			timestamp: isoTime(message.timestamp),
			...(truncated ? { truncated } : {}),
		});
	}

	private chatMessage(p: IDataObject): Emission | undefined {
		if (p.state !== 'final') return undefined;
		const text = messageText(p.message);
		if (!text) return undefined;
		const runId = str(p.runId);
		const truncated = obj(obj(p.message).__openclaw).truncated === true || isCutText(text);
		return this.messageItem(p, 'assistant', text, `msg:${str(p.sessionKey)}:run:${runId}`, {
			messageId: null,
			runId,
			model: null,
			timestamp: isoTime(obj(p.message).timestamp),
			...(truncated ? { truncated } : {}),
		});
	}

	private sessionsChanged(p: IDataObject, frameKey: string): Emission | undefined {
		const sessionKey = str(p.sessionKey);
		const session = obj(p.session);
		const agentId = str(p.agentId) || agentOfKey(sessionKey);
		if (!routeMatches(this.settings.filters, sessionKey, agentId, session)) return undefined;
		return {
			key: `sessions:${frameKey}`,
			json: {
				event: 'sessionsChanged',
				sessionKey: sessionKey || null,
				agentId: agentId || null,
				reason: str(p.reason) || str(p.phase) || null,
				runId: str(p.runId) || null,
				at: isoTime(p.ts),
				session: Object.keys(session).length ? session : null,
			},
		};
	}

	/** One finished cron run (a live `cron` event or an entry of `cron.runs`). */
	cronFinished(p: IDataObject, job: IDataObject = obj(p.job)): Emission | undefined {
		if (str(p.action) !== 'finished') return undefined;
		const jobId = str(p.jobId) || str(job.id);
		const f = this.settings.filters;
		const name = str(job.name) || this.jobNames.get(jobId) || '';
		if (f.job && f.job !== jobId && f.job !== name) return undefined;
		const status = str(p.status) || str(obj(job.state).lastRunStatus) || 'unknown';
		if (f.statuses?.length && !f.statuses.includes(status)) return undefined;
		const sessionKey = str(p.sessionKey);
		const agentId = str(job.agentId) || agentOfKey(sessionKey);
		if (!routeMatches(f, sessionKey, agentId)) return undefined;
		const runAt = p.runAtMs ?? p.ts;
		return {
			key: `cron:${jobId}:${str(p.runId) || String(runAt)}`,
			json: {
				event: 'cronJobFinished',
				jobId,
				jobName: name || null,
				status,
				error: str(p.error) || null,
				summary: str(p.summary) || null,
				runId: str(p.runId) || null,
				sessionKey: sessionKey || null,
				agentId: agentId || null,
				model: str(p.model) || null,
				usage: Object.keys(obj(p.usage)).length ? obj(p.usage) : null,
				runAt: isoTime(runAt),
				durationMs: typeof p.durationMs === 'number' ? p.durationMs : null,
				nextRunAt: isoTime(p.nextRunAtMs),
			},
		};
	}

	private approval(p: IDataObject): Emission | undefined {
		const item = execApprovalItem(p);
		if (!item.id || !routeMatches(this.settings.filters, str(item.sessionKey), str(item.agentId)))
			return undefined;
		return { key: `approval:${str(item.id)}`, json: { event: 'approvalRequested', ...item } };
	}

	private pluginApproval(p: IDataObject): Emission | undefined {
		const item = pluginApprovalItem(p);
		if (!item.id || !routeMatches(this.settings.filters, str(item.sessionKey), str(item.agentId)))
			return undefined;
		return { key: `approval:${str(item.id)}`, json: { event: 'pluginApprovalRequested', ...item } };
	}

	/** The agent's questions (ask_user): one item per request, its questions inside. */
	private question(p: IDataObject): Emission | undefined {
		const item = questionItem(p);
		if (!item.id || !routeMatches(this.settings.filters, str(item.sessionKey), str(item.agentId)))
			return undefined;
		return { key: `question:${str(item.id)}`, json: { event: 'questionAsked', ...item } };
	}

	private anyEvent(
		frame: EventFrame,
		receivedAt: number,
		connection: number,
	): Emission | undefined {
		const names = this.settings.anyEventNames;
		const all = names.includes('*');
		if (all ? NOISE.has(frame.event) : !names.includes(frame.event)) return undefined;
		return {
			key: `any:${this.frameKey(frame, connection)}`,
			json: {
				event: frame.event,
				payload: frame.payload ?? null,
				receivedAt: new Date(receivedAt).toISOString(),
			},
		};
	}
}

function push(out: Emission[], e: Emission | undefined): void {
	if (e) out.push(e);
}

/**
 * Keys already emitted, oldest forgotten first: the same event is never emitted twice, also when a
 * reconnect or a recovery delivers it again.
 */
export class SeenKeys {
	private readonly keys = new Set<string>();
	constructor(private readonly capacity = 10000) {}

	/** Records `key`; false when it was already there. */
	add(key: string): boolean {
		if (this.keys.has(key)) return false;
		this.keys.add(key);
		if (this.keys.size > this.capacity) this.keys.delete(this.keys.values().next().value as string);
		return true;
	}
}
