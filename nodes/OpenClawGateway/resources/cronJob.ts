import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { turnKey } from '../../shared/agentTurn';
import { limitField, locator, returnAllField } from '../../shared/descriptions';
import { asNodeError, isKind, operationError, RECOVERABLE_KINDS } from '../../shared/errors';
import { locatorParam, optionsParam, secondsParam } from '../../shared/params';
import type { GatewayClient } from '../../shared/transport/client';
import { pause } from '../../shared/transport/poll';
import {
	assertToolMayChange,
	collection,
	notice,
	operationList,
	on,
	required,
	under,
	withIsoMs,
	timeoutOption,
	type Operation,
} from './common';

/** Cron Job: Create, Get, Get Many, Update, Delete, Run Now, Get Runs (cron.*). */

const jobField = (...ops: string[]): INodeProperties => ({
	...locator('Cron Job', 'The cron job', 'searchCronJobs', 'e.g. 3f0c…', true),
	name: 'job',
	...on('cronJob', ...ops),
});

/**
 * The schedule: its kind, and only the field of that kind (Cron Expression with its Time Zone,
 * Every (Minutes) or At). On Create they are fields of the node; in Update Fields one Schedule group.
 */
const scheduleFields = (
	show: Record<string, string[]>,
	withTimeZone: boolean,
): INodeProperties[] => {
	const forKind = (kind: string) => ({
		displayOptions: { show: { ...show, scheduleKind: [kind] } },
	});
	return [
		{
			displayName: 'Schedule',
			name: 'scheduleKind',
			type: 'options',
			default: 'cron',
			options: [
				{ name: 'Cron Expression', value: 'cron' },
				{ name: 'Interval', value: 'every' },
				{ name: 'One Time', value: 'at' },
			],
			...(Object.keys(show).length ? { displayOptions: { show } } : {}),
		},
		{
			displayName: 'Cron Expression',
			name: 'cronExpression',
			type: 'string',
			default: '0 9 * * *',
			placeholder: 'e.g. 0 9 * * 1-5',
			description: 'Minute, hour, day of month, month, day of week',
			...forKind('cron'),
		},
		...(withTimeZone
			? [
					{
						displayName: 'Time Zone',
						name: 'tz',
						type: 'string',
						default: '',
						placeholder: 'e.g. Europe/Berlin',
						description: "The cron expression's time zone; empty keeps the job's own",
						...forKind('cron'),
					} satisfies INodeProperties,
				]
			: []),
		{
			displayName: 'Every (Minutes)',
			name: 'everyMinutes',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 60,
			...forKind('every'),
		},
		{
			displayName: 'At',
			name: 'at',
			type: 'dateTime',
			default: '',
			description: 'When the job runs once',
			...forKind('at'),
		},
	];
};

export const description: INodeProperties[] = [
	operationList('cronJob', 'getAll', [
		{
			name: 'Create',
			value: 'create',
			action: 'Create a cron job',
			description: 'Schedule an agent turn or a system event (cron.add; needs Admin Access)',
		},
		{
			name: 'Delete',
			value: 'delete',
			action: 'Delete a cron job',
			description: 'Removes the job and its schedule for good (cron.remove; needs Admin Access)',
		},
		{ name: 'Get', value: 'get', action: 'Get a cron job' },
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many cron jobs',
			description: 'List the jobs (cron.list)',
		},
		{
			name: 'Get Runs',
			value: 'getRuns',
			action: 'Get runs of a cron job',
			description: 'Past runs, newest first (cron.runs)',
		},
		{
			name: 'Run Now',
			value: 'run',
			action: 'Run a cron job now',
			description:
				'Enqueue a run now, optionally waiting for its result (cron.run; needs Admin Access)',
		},
		{
			name: 'Update',
			value: 'update',
			action: 'Update a cron job',
			description: 'Change name, schedule, message or enabled (cron.update; needs Admin Access)',
		},
	]),
	// ------------------------------------------------------------------ cron job
	jobField('get', 'update', 'delete', 'run', 'getRuns'),
	notice('Removes the job and its schedule for good. Needs Admin Access.', 'cronJob', 'delete'),
	{
		displayName: 'Include Disabled',
		name: 'includeDisabled',
		type: 'boolean',
		default: true,
		description: 'Whether to list disabled jobs too',
		...on('cronJob', 'getAll'),
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. morning-digest',
		...on('cronJob', 'create'),
	},
	...scheduleFields({ resource: ['cronJob'], operation: ['create'] }, false),
	{
		displayName: 'Action',
		name: 'payloadKind',
		type: 'options',
		default: 'agentTurn',
		options: [
			{
				name: 'Agent Turn',
				value: 'agentTurn',
				description: 'The agent runs the message in a session of its own',
			},
			{
				name: 'System Event',
				value: 'systemEvent',
				description: "The text is put into the agent's main session as a system event",
			},
		],
		...on('cronJob', 'create'),
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		description: 'What the agent does (Agent Turn), or the system event text',
		...on('cronJob', 'create'),
	},
	{
		...locator(
			'Agent',
			'The agent that runs the job; empty for the default agent',
			'searchAgents',
			'e.g. main',
		),
		...on('cronJob', 'create'),
	},
	collection('Options', on('cronJob', 'create').displayOptions, [
		{
			displayName: 'Delete After Run',
			name: 'deleteAfterRun',
			type: 'boolean',
			default: false,
			description: 'Whether the job removes itself after its first run',
		},
		{
			displayName: 'Delivery',
			name: 'delivery',
			type: 'options',
			default: 'none',
			options: [
				{ name: 'Announce (to a Channel)', value: 'announce' },
				{ name: 'None', value: 'none' },
			],
			description: 'Where the answer of an Agent Turn goes',
		},
		{
			displayName: 'Delivery Channel',
			name: 'channel',
			type: 'string',
			default: '',
			placeholder: 'e.g. telegram',
		},
		{
			displayName: 'Delivery To',
			name: 'to',
			type: 'string',
			default: '',
			placeholder: 'e.g. a chat ID',
		},
		{ displayName: 'Description', name: 'description', type: 'string', default: '' },
		{
			displayName: 'Enabled',
			name: 'enabled',
			type: 'boolean',
			default: true,
			description: 'Whether the job runs on its schedule',
		},
		{
			displayName: 'Time Zone',
			name: 'tz',
			type: 'string',
			default: '',
			placeholder: 'e.g. Europe/Berlin',
			description: "For a cron expression; the gateway's time zone if empty",
		},
	]),
	collection('Update Fields', on('cronJob', 'update').displayOptions, [
		{
			displayName: 'Enabled',
			name: 'enabled',
			type: 'boolean',
			default: true,
			description: 'Whether the job runs on its schedule',
		},
		{
			displayName: 'Message',
			name: 'message',
			type: 'string',
			default: '',
			description: 'New message (Agent Turn) or system event text',
		},
		{ displayName: 'Name', name: 'name', type: 'string', default: '' },
		{
			displayName: 'Schedule',
			name: 'schedule',
			type: 'fixedCollection',
			default: {},
			placeholder: 'Set Schedule',
			description: 'A new schedule; replaces the whole schedule of the job',
			options: [{ displayName: 'Schedule', name: 'value', values: scheduleFields({}, true) }],
		},
	]),
	{
		displayName: 'Wait for Result',
		name: 'waitForResult',
		type: 'boolean',
		default: false,
		description: 'Whether to wait until the run finished and return it (from cron.runs)',
		...on('cronJob', 'run'),
	},
	collection(
		'Options',
		{ show: { resource: ['cronJob'], operation: ['run'], waitForResult: [true] } },
		[timeoutOption],
	),
	under(returnAllField, 'cronJob', 'getRuns'),
	under(limitField, 'cronJob', 'getRuns'),
];

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

/**
 * A job as an item: when it runs next and ran last at the top on every gateway version (2026.9 puts
 * them there itself, 2026.2.x only in `state`), each once, with its ISO 8601 twin; `state` as the
 * gateway sent it.
 */
function jobItem(job: IDataObject): IDataObject {
	const { state, ...rest } = job;
	const raw = (state ?? {}) as IDataObject;
	for (const k of ['nextRunAtMs', 'lastRunAtMs'])
		if (rest[k] === undefined && typeof raw[k] === 'number') rest[k] = raw[k];
	return { ...withIsoMs(rest), ...(state === undefined ? {} : { state }) };
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
	return (await allJobs(client, includeDisabled)).map(jobItem);
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
	return jobItem(await findJob(client, jobOf(this, i), i));
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
	if (existing) return jobItem({ ...existing, created: false });
	return jobItem({ ...(await client.call('cron.add', job)), created: true });
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
	return jobItem(await client.call('cron.update', { id, patch }));
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

export const operations: Record<string, Operation> = {
	create: createJob,
	delete: deleteJob,
	get: getJob,
	getAll: listJobs,
	getRuns: jobRuns,
	run: runJob,
	update: updateJob,
};
