import type { IDataObject, ITriggerFunctions, ITriggerResponse } from 'n8n-workflow';

import { ADMIN_SCOPE } from '../shared/constants';
import { asNodeError, operationError } from '../shared/errors';
import { GatewayClient } from '../shared/transport/client';
import { EventStream, type EventGap } from '../shared/transport/events';
import { pause } from '../shared/transport/poll';
import type { GatewayRpc } from '../shared/transport/rpc';
import {
	EventMapper,
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
	sessionMessage: 'New Session Message',
	sessionsChanged: 'Sessions Changed',
	cronJobFinished: 'Cron Job Finished',
	approvalRequested: 'Approval Requested',
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
		},
		reportGaps: o.reportGaps !== false,
		testTimeoutS: typeof o.testTimeout === 'number' && o.testTimeout > 0 ? o.testTimeout : 120,
	};
}

/** Scopes the chosen events need, as the gateway grants them (OpenClaw 2026.9 routes approvals to admins only). */
function neededScopes(req: Requirements, rpc: GatewayRpc): string[] {
	const scopes = ['operator.read'];
	if (req.approvals) scopes.push('operator.approvals');
	if (req.approvals && rpc.protocol >= 4) scopes.push(ADMIN_SCOPE);
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
				? `OpenClaw ${version} sends exec approvals only to connections with operator.admin. Turn on Admin Access in the OpenClaw credential and activate again; on the gateway host approve the scope upgrade it asks for ("openclaw devices list", then "openclaw devices approve <requestId>").`
				: `On the gateway host approve this device's scope upgrade ("openclaw devices list", then "openclaw devices approve <requestId>"). Device ID: ${rpc.deviceId}.`,
			'missing-scope',
		);
	}
	return req;
}

/** Cron job names, for jobs whose events carry only their ID. */
async function learnJobs(mapper: EventMapper, rpc: GatewayRpc): Promise<void> {
	const { jobs } = await rpc.call<{ jobs?: IDataObject[] }>('cron.list', { includeDisabled: true });
	mapper.noteJobs(jobs ?? []);
}

/** One item per event, for as long as the workflow is active (or until the first, when testing). */
export async function listen(fns: ITriggerFunctions): Promise<ITriggerResponse> {
	const node = fns.getNode();
	const settings = readSettings(fns);
	const manual = fns.getMode() === 'manual';
	const client = await GatewayClient.create(fns);
	const seen = new SeenKeys();
	let mapper: EventMapper | undefined;
	let live: GatewayRpc | undefined;
	let order: Promise<void> = Promise.resolve();
	let emitted = false;

	const emit = (emissions: Emission[]) => {
		for (const e of emissions) {
			if (!seen.add(e.key)) continue;
			if (manual && emitted) return;
			emitted = true;
			fns.emit([fns.helpers.returnJsonArray([e.json])]);
		}
	};

	const recoverCron = async (gap: EventGap, rpc: GatewayRpc): Promise<number> => {
		if (!settings.events.includes('cronJobFinished') || !mapper) return 0;
		const { jobs } = await rpc.call<{ jobs?: IDataObject[] }>('cron.list', {
			includeDisabled: true,
		});
		let recovered = 0;
		for (const job of jobs ?? []) {
			const { entries } = await rpc.call<{ entries?: IDataObject[] }>('cron.runs', {
				id: job.id,
				limit: 50,
			});
			for (const entry of entries ?? []) {
				const at = Number(entry.runAtMs ?? entry.ts ?? 0);
				if (at < gap.from - 60000) continue;
				const item = mapper.cronFinished({ action: 'finished', ...entry }, job);
				if (item && seen.add(item.key)) {
					fns.emit([fns.helpers.returnJsonArray([{ ...item.json, recovered: true }])]);
					recovered++;
				}
			}
		}
		return recovered;
	};

	const stream = new EventStream(client, {
		caps:
			settings.events.includes('approvalRequested') ||
			settings.anyEventNames.some((n) => n.startsWith('exec.approval.'))
				? ['exec-approvals']
				: [],
		prepare: async (rpc) => {
			const req = check(fns, settings, rpc);
			const m = (mapper ??= new EventMapper(settings, req));
			live = rpc;
			if (req.subscribeSessions && rpc.has('sessions.subscribe'))
				await rpc.call('sessions.subscribe', {});
			if (settings.events.includes('cronJobFinished')) await learnJobs(m, rpc);
		},
		// In arrival order, one at a time: a job's name may have to be looked up first.
		onEvent: (frame) => {
			const receivedAt = Date.now();
			const m = mapper;
			if (!m) return;
			if (!m.needsJobName(frame)) {
				order = order.then(() => emit(m.map(frame, receivedAt)));
				return;
			}
			const rpc = live;
			order = order
				.then(() => (rpc ? learnJobs(m, rpc) : undefined))
				.catch(() => undefined)
				.then(() => emit(m.map(frame, receivedAt)));
		},
		onGap: async (gap, rpc) => {
			if (manual) return;
			let recovered = 0;
			try {
				recovered = await recoverCron(gap, rpc);
			} finally {
				if (settings.reportGaps)
					fns.emit([
						fns.helpers.returnJsonArray([
							{
								event: 'gap',
								from: new Date(gap.from).toISOString(),
								to: new Date(gap.to).toISOString(),
								durationMs: gap.to - gap.from,
								reason: gap.reason,
								recoveredCronRuns: recovered,
							},
						]),
					]);
			}
		},
		onFatal: (error) => fns.emitError(error),
	});

	try {
		await stream.start();
	} catch (error) {
		client.close();
		throw asNodeError(node, error, client.secrets);
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
