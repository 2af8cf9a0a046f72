import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	agentTurn,
	assertMessageSize,
	attachmentsOf,
	messageFor,
	turnKey,
} from '../shared/agentTurn';
import { ADMIN_SCOPE, isReadOnlyMethod } from '../shared/constants';
import { asNodeError, isKind, operationError, RECOVERABLE_KINDS } from '../shared/errors';
import {
	jsonObjectParam,
	locatorParam,
	optionsParam,
	runsAsTool,
	secondsParam,
	stringParam,
} from '../shared/params';
import type { GatewayClient } from '../shared/transport/client';
import { pause } from '../shared/transport/poll';
import {
	historyParams,
	isCutText,
	isoTime,
	listOf,
	sessionKeyOfInput,
} from '../shared/transport/protocol';
import { withIsoTimes } from '../shared/transport/tools';

/** One operation of the Gateway node: item `i` in, one or more items (entities) out. */
type Operation = (
	this: IExecuteFunctions,
	client: GatewayClient,
	i: number,
) => Promise<IDataObject | IDataObject[]>;

/** Methods newer than 2026.2.x, with the version the package knows them from. */
const METHOD_SINCE: Record<string, string> = {
	'cron.get': '2026.9',
	'exec.approval.list': '2026.9',
};

/** Fails naming the version that has `method` when the gateway does not offer it. */
async function requireMethod(client: GatewayClient, method: string, i: number): Promise<void> {
	if (await client.has(method)) return;
	const hello = await client.hello();
	const since = METHOD_SINCE[method];
	throw operationError(
		client.node,
		`The OpenClaw gateway (version ${hello.server?.version ?? 'unknown'}) has no method ${method}`,
		since
			? `Update OpenClaw to ${since} or later.`
			: "Check the method name against the gateway's own list (the Method picker shows it).",
		'unknown-method',
		i,
	);
}

function required(
	fns: IExecuteFunctions,
	name: string,
	displayName: string,
	i: number,
	locator = false,
): string {
	const value = locator ? locatorParam(fns, name, i) : stringParam(fns, name, i);
	if (!value)
		throw operationError(
			fns.getNode(),
			`The ${displayName} parameter is empty`,
			`Set ${displayName}.`,
			'bad-input',
			i,
		);
	return value;
}

/** Epoch-ms fields (`…AtMs`) of a cron job or run, plus their ISO 8601 twins (`…At`). */
function withIsoMs(value: IDataObject): IDataObject {
	const out: IDataObject = {};
	for (const [k, v] of Object.entries(value)) {
		out[k] = v && typeof v === 'object' && !Array.isArray(v) ? withIsoMs(v as IDataObject) : v;
		if (/AtMs$/.test(k) && typeof v === 'number') out[k.slice(0, -2)] = isoTime(v);
	}
	return out;
}

// ------------------------------------------------------------------------------ session

/** The Session: a key, or a bare name the gateway files under the main agent (as Run Agent does). */
function sessionKeyOf(fns: IExecuteFunctions, i: number): string {
	const written = required(fns, 'session', 'Session', i, true);
	const key = sessionKeyOfInput(written);
	if (!/^agent:[^:\s]+:\S+$/.test(key) && key !== 'global')
		throw operationError(
			fns.getNode(),
			`The Session "${written}" is not a session key`,
			'Use a key of the form agent:AGENT_ID:NAME (e.g. agent:main:main) or a name without spaces (e.g. my-report, which becomes agent:main:my-report), or pick one from the list.',
			'bad-input',
			i,
		);
	return key;
}

const sendMessage: Operation = async function (client, i) {
	const sessionKey = sessionKeyOf(this, i);
	const written = required(this, 'message', 'Message', i);
	assertMessageSize(client.node, written, i);
	const options = optionsParam<{
		commands?: string;
		attachments?: string;
		idempotencyKey?: string;
		thinking?: string;
		timeout?: number;
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
	return agentTurn(
		client,
		i,
		{
			message,
			sessionKey,
			idempotencyKey: turnKey(this, i, options.idempotencyKey),
			deliver: false,
			timeout,
			...(options.thinking?.trim() ? { thinking: options.thinking.trim() } : {}),
			...(attachments ? { attachments } : {}),
		},
		wait ? 'wait' : 'start',
		undefined,
		this,
	);
};

const getHistory: Operation = async function (client, i) {
	const sessionKey = sessionKeyOf(this, i);
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
	const key = sessionKeyOf(this, i);
	assertToolMayChange(this, `reset the session ${key}`, i);
	const res = await client.call('sessions.reset', { key });
	const entry = (res.entry ?? {}) as IDataObject;
	return { key: res.key ?? key, reset: true, sessionId: entry.sessionId ?? null };
};

const compact: Operation = async function (client, i) {
	const key = sessionKeyOf(this, i);
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
	const key = sessionKeyOf(this, i);
	assertToolMayChange(this, `delete the session ${key}`, i);
	const deleteTranscript = this.getNodeParameter('deleteTranscript', i, true) as boolean;
	const res = await client.call('sessions.delete', { key, deleteTranscript });
	return { key: res.key ?? key, deleted: res.deleted ?? true };
};

const abort: Operation = async function (client, i) {
	const sessionKey = sessionKeyOf(this, i);
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
	const key = sessionKeyOf(this, i);
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

// ------------------------------------------------------------------------------ cron

/**
 * A change an AI Agent asked for, refused unless the user allowed it (As an AI Tool: Allow Changes):
 * a node handed to a model gets no more power than the user meant to give it.
 */
function assertToolMayChange(fns: IExecuteFunctions, what: string, i: number): void {
	if (!runsAsTool(fns, i) || fns.getNodeParameter('toolChanges', i, false) === true) return;
	throw operationError(
		fns.getNode(),
		`An AI Agent may not ${what} through this node`,
		'The node runs as a tool of an AI Agent, and this changes or removes data on the gateway. If the model should be able to do it, turn on As an AI Tool: Allow Changes in the node.',
		'forbidden',
		i,
	);
}

/** The schedule the fields describe (Cron Expression, Interval or One Time). */
function scheduleOf(fns: IExecuteFunctions, values: IDataObject, i: number): IDataObject {
	const kind = String(values.scheduleKind ?? 'cron');
	if (kind === 'every') {
		const minutes = Number(values.everyMinutes);
		if (!(minutes > 0))
			throw operationError(
				fns.getNode(),
				'Every (Minutes) must be a positive number',
				'Set Every (Minutes), e.g. 60.',
				'bad-input',
				i,
			);
		return { kind: 'every', everyMs: Math.round(minutes * 60000) };
	}
	if (kind === 'at') {
		const at = Date.parse(String(values.at ?? ''));
		if (!Number.isFinite(at))
			throw operationError(
				fns.getNode(),
				`At is not a date: "${String(values.at ?? '')}"`,
				'Pick a date and time in At.',
				'bad-input',
				i,
			);
		return { kind: 'at', at: new Date(at).toISOString() };
	}
	const expr = String(values.cronExpression ?? '').trim();
	if (expr.split(/\s+/).length < 5)
		throw operationError(
			fns.getNode(),
			`Cron Expression "${expr}" needs five fields`,
			'Write minute hour day-of-month month day-of-week, e.g. 0 9 * * 1-5.',
			'bad-input',
			i,
		);
	return { kind: 'cron', expr, ...(values.tz ? { tz: values.tz } : {}) };
}

const jobOf = (fns: IExecuteFunctions, i: number) => required(fns, 'job', 'Cron Job', i, true);

async function findJob(client: GatewayClient, id: string, i: number): Promise<IDataObject> {
	if (await client.has('cron.get')) return client.call('cron.get', { id });
	const { jobs } = await client.call<{ jobs?: IDataObject[] }>('cron.list', {
		includeDisabled: true,
	});
	const job = (jobs ?? []).find((j) => j.id === id || j.name === id);
	if (!job)
		throw operationError(
			client.node,
			`No cron job "${id}" on the gateway`,
			'Pick the job from the list, or check its ID.',
			'not-found',
			i,
		);
	return job;
}

const listJobs: Operation = async function (client, i) {
	const includeDisabled = this.getNodeParameter('includeDisabled', i, true) as boolean;
	return (await allJobs(client, includeDisabled)).map(withIsoMs);
};

/** Every cron job: 2026.9 pages cron.list (200 a page at most), 2026.2.x lists them all at once. */
async function allJobs(client: GatewayClient, includeDisabled: boolean): Promise<IDataObject[]> {
	if ((await client.hello()).protocol < 4) {
		const { jobs } = await client.call<{ jobs?: IDataObject[] }>('cron.list', { includeDisabled });
		return jobs ?? [];
	}
	const out: IDataObject[] = [];
	for (let page = 0, offset = 0; page < 50; page++) {
		const res = await client.call<{
			jobs?: IDataObject[];
			hasMore?: boolean;
			nextOffset?: number | null;
		}>('cron.list', { includeDisabled, limit: 200, offset });
		const jobs = res.jobs ?? [];
		out.push(...jobs);
		if (!res.hasMore || !jobs.length) break;
		offset = typeof res.nextOffset === 'number' ? res.nextOffset : offset + jobs.length;
	}
	return out;
}

const getJob: Operation = async function (client, i) {
	return withIsoMs(await findJob(client, jobOf(this, i), i));
};

/**
 * The parts of a job that make it "the same job" for Create (a retry, or a create whose answer was
 * lost), as the gateway stores them (it fills in defaults: an agent, delivery fields, payload options).
 */
const jobShape = (job: IDataObject, agentOf: IDataObject) => {
	const schedule = (job.schedule ?? {}) as IDataObject;
	const payload = (job.payload ?? {}) as IDataObject;
	const delivery = (job.delivery ?? {}) as IDataObject;
	return JSON.stringify([
		job.name,
		job.enabled !== false,
		schedule.kind,
		schedule.expr ?? null,
		schedule.tz ?? null,
		schedule.everyMs ?? null,
		schedule.at ? Date.parse(String(schedule.at)) : null,
		payload.kind,
		payload.message ?? payload.text ?? null,
		// The agent counts only when the new job names one.
		agentOf.agentId ? (job.agentId ?? null) : null,
		delivery.mode ?? 'none',
		delivery.channel ?? null,
		delivery.to ?? null,
	]);
};
const sameJob = (stored: IDataObject, wanted: IDataObject) =>
	jobShape(stored, wanted) === jobShape(wanted, wanted);

const createJob: Operation = async function (client, i) {
	const name = required(this, 'name', 'Name', i);
	assertToolMayChange(this, `create the cron job ${name}`, i);
	const message = required(this, 'message', 'Message', i);
	const kind = this.getNodeParameter('payloadKind', i, 'agentTurn') as string;
	const agentId = locatorParam(this, 'agent', i);
	const o = optionsParam<IDataObject>(this, 'options', i);
	const schedule = scheduleOf(
		this,
		{
			scheduleKind: this.getNodeParameter('scheduleKind', i, 'cron'),
			cronExpression: this.getNodeParameter('cronExpression', i, ''),
			everyMinutes: this.getNodeParameter('everyMinutes', i, 60),
			at: this.getNodeParameter('at', i, ''),
			tz: o.tz,
		},
		i,
	);
	const delivery: IDataObject = { mode: o.delivery === 'announce' ? 'announce' : 'none' };
	if (delivery.mode === 'announce' && o.channel) delivery.channel = o.channel;
	if (delivery.mode === 'announce' && o.to) delivery.to = o.to;
	const job: IDataObject = {
		name,
		...(agentId ? { agentId } : {}),
		...(o.description ? { description: o.description } : {}),
		enabled: o.enabled !== false,
		...(o.deleteAfterRun === true ? { deleteAfterRun: true } : {}),
		schedule,
		sessionTarget: kind === 'systemEvent' ? 'main' : 'isolated',
		wakeMode: 'now',
		payload: kind === 'systemEvent' ? { kind, text: message } : { kind: 'agentTurn', message },
		...(kind === 'agentTurn' ? { delivery } : {}),
	};
	// cron.add takes no idempotency key: a retry (or a create whose answer a drop lost) finds the job
	// it made instead of adding a second one that would fire on every schedule from then on.
	// 2026.9 pages cron.list (and can search it by name); 2026.2.x lists every job.
	const { jobs } = await client.call<{ jobs?: IDataObject[] }>(
		'cron.list',
		(await client.hello()).protocol >= 4
			? { includeDisabled: true, query: name, limit: 200 }
			: { includeDisabled: true },
	);
	const existing = (jobs ?? []).find((j) => sameJob(j, job));
	if (existing) return withIsoMs({ ...existing, created: false });
	return withIsoMs({ ...(await client.call('cron.add', job)), created: true });
};

const updateJob: Operation = async function (client, i) {
	const id = jobOf(this, i);
	assertToolMayChange(this, `change the cron job ${id}`, i);
	const f = optionsParam<IDataObject>(this, 'updateFields', i);
	const patch: IDataObject = {};
	if (typeof f.name === 'string' && f.name.trim()) patch.name = f.name.trim();
	if (typeof f.enabled === 'boolean') patch.enabled = f.enabled;
	// One Schedule group; workflows saved with the loose fields of 0.1.0 run as before.
	const given = ((f.schedule as IDataObject | undefined)?.value ??
		(f.scheduleKind ? f : undefined)) as IDataObject | undefined;
	if (!given && (f.cronExpression || f.everyMinutes || f.at))
		throw operationError(
			client.node,
			'Update Fields has a schedule value but no Schedule',
			'Add Schedule to Update Fields and choose Cron Expression, Interval or One Time.',
			'bad-input',
			i,
		);
	if (given) {
		// What the group shows before it is edited: a saved workflow may leave its defaults out.
		const schedule = scheduleOf(
			this,
			{ scheduleKind: 'cron', cronExpression: '0 9 * * *', everyMinutes: 60, ...given },
			i,
		);
		// The gateway replaces the whole schedule: a cron job keeps its time zone unless one is given.
		if (schedule.kind === 'cron' && !schedule.tz) {
			const tz = ((await findJob(client, id, i)).schedule as IDataObject | undefined)?.tz;
			if (tz) schedule.tz = tz;
		}
		patch.schedule = schedule;
	}
	if (typeof f.message === 'string' && f.message.trim()) {
		const job = await findJob(client, id, i);
		const payload = (job.payload ?? {}) as IDataObject;
		patch.payload =
			payload.kind === 'systemEvent'
				? { kind: 'systemEvent', text: f.message.trim() }
				: { kind: 'agentTurn', message: f.message.trim() };
	}
	if (!Object.keys(patch).length)
		throw operationError(
			client.node,
			'No field is set in Update Fields',
			'Add a field to change (Name, Enabled, Schedule, Message).',
			'bad-input',
			i,
		);
	return withIsoMs(await client.call('cron.update', { id, patch }));
};

const deleteJob: Operation = async function (client, i) {
	const id = jobOf(this, i);
	assertToolMayChange(this, `delete the cron job ${id}`, i);
	const res = await client.call('cron.remove', { id });
	return { id, deleted: res.removed !== false && res.ok !== false };
};

const runsOf = async (client: GatewayClient, id: string, limit: number) => {
	const { entries } = await client.call<{ entries?: IDataObject[] }>('cron.runs', { id, limit });
	const at = (e: IDataObject) => Number(e.runAtMs ?? e.ts ?? 0);
	return (entries ?? []).sort((a, b) => at(b) - at(a));
};

/**
 * Cron runs this process forced, by the item's key (execution, node, run, item): Retry On Fail (after a
 * Run Now + Wait that timed out, or another item's failure) waits for the run it started instead of
 * forcing another. At most 1,000 remembered, oldest forgotten first.
 */
const forcedRuns = new Map<string, { started: number; res: IDataObject }>();

const runJob: Operation = async function (client, i) {
	const id = jobOf(this, i);
	assertToolMayChange(this, `run the cron job ${id}`, i);
	const key = `${turnKey(this, i)}:${id}`;
	const earlier = forcedRuns.get(key);
	const started = earlier?.started ?? Date.now();
	// Noted before the request: a cron.run whose answer a drop lost may have started the run.
	if (!earlier) forcedRuns.set(key, { started, res: {} });
	if (forcedRuns.size > 1000) forcedRuns.delete(forcedRuns.keys().next().value!);
	let res: IDataObject = earlier?.res ?? {};
	if (!earlier) {
		try {
			res = await client.call<IDataObject>('cron.run', { id, mode: 'force' });
		} catch (error) {
			// Refused by the gateway (not a lost answer): nothing started, so a retry may force it.
			if (!isKind(error, RECOVERABLE_KINDS)) forcedRuns.delete(key);
			throw asNodeError(client.node, error, client.secrets);
		}
		// The gateway did not start it (e.g. ran: false): a retry asks again.
		if (res.ran === false) forcedRuns.delete(key);
		else forcedRuns.set(key, { started, res });
	}
	if (!(this.getNodeParameter('waitForResult', i, false) as boolean)) return { id, ...res };
	const o = optionsParam<{ timeout?: number }>(this, 'options', i);
	const timeoutS = secondsParam(this, 'options.timeout', 'Timeout', i, o.timeout ?? 300, 172800);
	const deadline = AbortSignal.timeout(timeoutS * 1000);
	const signal = client.signal(deadline);
	const runId = typeof res.runId === 'string' ? res.runId : undefined;
	while (!signal.aborted) {
		const entry = (await runsOf(client, id, 20)).find((e) =>
			runId && e.runId ? e.runId === runId : Number(e.runAtMs ?? e.ts ?? 0) >= started - 1000,
		);
		if (entry && (entry.action === undefined || entry.action === 'finished')) {
			return withIsoMs({ id, ...entry, ...(earlier ? { resumed: true } : {}) });
		}
		await pause(500, signal);
	}
	if (deadline.aborted)
		throw operationError(
			client.node,
			`The cron run did not finish within the Timeout (${timeoutS} s)`,
			'It goes on on the gateway: see Get Runs later, or raise the Timeout. Retry On Fail waits for this run again; it does not start another.',
			'timeout',
			i,
		);
	throw operationError(
		client.node,
		'The execution was cancelled while waiting for the cron run',
		'The run goes on on the gateway.',
		'cancelled',
		i,
	);
};

const jobRuns: Operation = async function (client, i) {
	const id = jobOf(this, i);
	const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
	const limit = returnAll ? 200 : Number(this.getNodeParameter('limit', i, 50));
	return (await runsOf(client, id, limit))
		.slice(0, limit)
		.map((e) => withIsoMs({ jobId: id, ...e }));
};

// ------------------------------------------------------------------------------ the rest

const listAgents: Operation = async function (client) {
	const res = await client.call('agents.list', {});
	return listOf<IDataObject>(res.agents).map((a) => ({ ...a, isDefault: a.id === res.defaultId }));
};

const listApprovals: Operation = async function (client, i) {
	await requireMethod(client, 'exec.approval.list', i);
	const res = await client.call<unknown>('exec.approval.list', {});
	const list = Array.isArray(res) ? res : listOf<IDataObject>((res as IDataObject).approvals);
	return (list as IDataObject[]).map(withIsoMs);
};

const resolveApproval: Operation = async function (client, i) {
	const id = required(this, 'approvalId', 'Approval ID', i);
	const decision = this.getNodeParameter('decision', i, 'deny') as string;
	if (decision !== 'deny') assertToolMayChange(this, `allow the command of approval ${id}`, i);
	try {
		await client.call('exec.approval.resolve', { id, decision });
	} catch (error) {
		// 2026.9 shows an approval only to admin connections: to others its id is "unknown".
		const hidden =
			/unknown or expired approval/i.test((error as Error).message) &&
			!client.scopes.includes(ADMIN_SCOPE) &&
			(await client.hello()).protocol >= 4;
		if (!hidden) throw asNodeError(client.node, error, client.secrets);
		throw operationError(
			client.node,
			`The gateway does not show approval ${id} to this n8n device`,
			'OpenClaw 2026.9 shows exec approvals only to connections with operator.admin: turn on Admin Access in the OpenClaw credential (and approve the scope upgrade the gateway asks for). If it is on, the approval has expired or was already resolved.',
			'not-found',
			i,
		);
	}
	return { id, decision, resolved: true };
};

const sendToChannel: Operation = async function (client, i) {
	const channel = required(this, 'channel', 'Channel', i);
	const to = required(this, 'to', 'To', i);
	const message = required(this, 'text', 'Text', i);
	const o = optionsParam<{ binaryProperty?: string; threadId?: string }>(this, 'options', i);
	const params: IDataObject = { channel, to, message, idempotencyKey: turnKey(this, i) };
	if (o.threadId?.trim()) params.threadId = o.threadId.trim();
	const property = o.binaryProperty?.trim();
	if (property) {
		// 2026.2.x's send has no attachment payload (its closed schema would refuse the call).
		if ((await client.hello()).protocol < 4)
			throw operationError(
				client.node,
				'This OpenClaw gateway cannot take attachments with send',
				'Update OpenClaw to 2026.9 or later, or send a link to the file in the Text.',
				'unknown-method',
				i,
			);
		const binary = this.helpers.assertBinaryData(i, property);
		const data = await this.helpers.getBinaryDataBuffer(i, property);
		params.buffer = data.toString('base64');
		if (binary.fileName) params.filename = binary.fileName;
		if (binary.mimeType) params.contentType = binary.mimeType;
	}
	const res = await client.call('send', params);
	return { channel, to, ...(property ? { attachment: params.filename ?? property } : {}), ...res };
};

const callMethod: Operation = async function (client, i) {
	const method = required(this, 'method', 'Method', i);
	if (!isReadOnlyMethod(method)) assertToolMayChange(this, `call ${method}`, i);
	await requireMethod(client, method, i);
	const params = jsonObjectParam(this, 'params', 'Parameters (JSON)', i);
	const res = await client.call<unknown>(method, params);
	if (Array.isArray(res))
		return res.map((v) =>
			v && typeof v === 'object' && !Array.isArray(v) ? (v as IDataObject) : { value: v as never },
		);
	return res && typeof res === 'object' ? (res as IDataObject) : { value: res as never };
};

export const OPERATIONS: Record<string, Operation> = {
	'agent.getAll': listAgents,
	'approval.getAll': listApprovals,
	'approval.resolve': resolveApproval,
	'cronJob.create': createJob,
	'cronJob.delete': deleteJob,
	'cronJob.get': getJob,
	'cronJob.getAll': listJobs,
	'cronJob.getRuns': jobRuns,
	'cronJob.run': runJob,
	'cronJob.update': updateJob,
	'gateway.call': callMethod,
	'message.send': sendToChannel,
	'session.abort': abort,
	'session.compact': compact,
	'session.delete': remove,
	'session.getHistory': getHistory,
	'session.reset': reset,
	'session.sendMessage': sendMessage,
	'session.update': updateSession,
};
