import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodeProperties,
} from 'n8n-workflow';

import { agentOutput } from '../../shared/agentTurn';
import { locator } from '../../shared/descriptions';
import { AGENT_FAILED_HELP, operationError } from '../../shared/errors';
import { currentText, matches, pickerText, pickerTime, withClient } from '../../shared/listSearch';
import { optionsParam } from '../../shared/params';
import type { GatewayClient } from '../../shared/transport/client';
import { failureOf } from '../../shared/transport/agentRun';
import { historyParams, isoTime, listOf, type AgentWait } from '../../shared/transport/protocol';
import { searchTaskPages, taskItem } from './task';
import {
	collection,
	on,
	operationList,
	required,
	requireNewGateway,
	timeoutOption,
	type Operation,
} from './common';

/**
 * Run: Wait and Get, for a run started earlier (Run Agent → Start Only, Session → Send Message
 * without waiting): nothing is sent again, so a run is never started twice. OpenClaw 2026.9.
 */

export const description: INodeProperties[] = [
	operationList('run', 'wait', [
		{
			name: 'Get',
			value: 'get',
			action: 'Get a run',
			description:
				'Where a run stands now, without waiting: running, ok, error or timeout, with its task (agent.wait, tasks.list)',
		},
		{
			name: 'Wait',
			value: 'wait',
			action: 'Wait for a run',
			description:
				"Wait for a run started earlier (Run Agent → Start Only) and return its answer, whole, as Run Agent's Wait for the Answer does (agent.wait, chat.history)",
		},
	]),
	{
		...locator(
			'Session',
			'The session the run is in, as Start Only returns it',
			'searchSessions',
			'e.g. agent:main:n8n-wf-123',
			true,
		),
		// Its own name: the Session resource's `session` (From List, empty) would otherwise keep its
		// value when the Resource changes to Run, and this default would never show.
		name: 'sessionKey',
		default: { mode: 'id', value: '={{ $json.sessionKey }}' },
		...on('run', 'wait', 'get'),
	},
	{
		...locator(
			'Run',
			"The run's ID, as Run Agent → Start Only returns it; From List shows the runs of the session, most recently active first",
			'searchRuns',
			'e.g. 0f6c5a1e-…',
			true,
		),
		default: { mode: 'id', value: '={{ $json.runId }}' },
		...on('run', 'wait', 'get'),
	},
	collection('Options', on('run', 'wait').displayOptions, [
		{
			...timeoutOption,
			description:
				'How long to wait for the run to end before stopping with an error (the run goes on on the gateway)',
		},
	]),
];

const RUN_FEATURE = 'run status for runs started earlier (agent.wait with the answer)';
/** The session's newest tasks Run → Get / Wait look at for a run (then its history). */
const RUN_TASKS = 200;

/** The task the gateway keeps for a run (2026.9 records every `agent` run as a task). */
async function taskOfRun(
	client: GatewayClient,
	sessionKey: string,
	runId: string,
): Promise<IDataObject | undefined> {
	const { tasks } = await client.call<{ tasks?: IDataObject[] }>('tasks.list', {
		sessionKey,
		limit: RUN_TASKS,
	});
	return listOf<IDataObject>(tasks).find((t) => t.runId === runId || t.sourceId === runId);
}

/** Whether the session holds the run's message (the run's ID is its idempotency key). */
async function sessionHasRun(
	client: GatewayClient,
	sessionKey: string,
	runId: string,
): Promise<boolean> {
	const { messages } = await client.call<{ messages?: IDataObject[] }>(
		'chat.history',
		historyParams(4, sessionKey, 200),
	);
	const key = `${runId}:user`;
	return listOf<IDataObject & { __openclaw?: IDataObject }>(messages).some(
		(m) =>
			m.idempotencyKey === key ||
			m.__openclaw?.idempotencyKey === key ||
			m.__openclaw?.runId === runId,
	);
}

/** An unknown run: agent.wait cannot tell it from one still running, the task ledger and history can. */
async function assertKnownRun(
	client: GatewayClient,
	sessionKey: string,
	runId: string,
	status: AgentWait,
	i: number,
): Promise<IDataObject | undefined> {
	const task = await taskOfRun(client, sessionKey, runId);
	if (task || status.status !== 'timeout' || (status as IDataObject).startedAt) return task;
	if (await sessionHasRun(client, sessionKey, runId)) return task;
	throw operationError(
		client.node,
		`The gateway knows no run "${runId}" in the session ${sessionKey}`,
		'Map Run and Session (By ID) from the item Run Agent → Start Only returned. The gateway forgets finished runs it no longer lists as tasks.',
		'not-found',
		i,
	);
}

const waitRun: Operation = async function (client, i) {
	const runId = required(this, 'run', 'Run', i, true);
	const sessionKey = required(this, 'sessionKey', 'Session', i, true);
	const timeout = Number(optionsParam<{ timeout?: number }>(this, 'options', i).timeout ?? 300);
	await requireNewGateway(client, RUN_FEATURE, i);
	const task = await assertKnownRun(client, sessionKey, runId, await client.runStatus(runId), i);
	// The gateway forgets a run's outcome 10 minutes after it ended (agent.wait then only says
	// "timeout"); its task remembers how it ended.
	const taskEnd = String(task?.status ?? '');
	if (['failed', 'cancelled', 'timed_out'].includes(taskEnd))
		throw operationError(
			client.node,
			`The agent run did not complete: its task ended ${taskEnd.replace('_', ' ')}${task?.error ? ` (${String(task.error)})` : ''}`,
			AGENT_FAILED_HELP,
			taskEnd === 'timed_out' ? 'timeout' : 'agent-failed',
			i,
		);
	const started = Date.now();
	const final = await client.waitForRun(runId, sessionKey, Math.max(1, timeout) * 1000);
	if (!final)
		throw operationError(
			client.node,
			`The run ${runId} did not end within the Timeout (${timeout} s)`,
			'It goes on on the gateway: wait again (Run → Wait) or raise the Timeout.',
			'timeout',
			i,
		);
	const failure = failureOf(final);
	if (failure)
		throw operationError(
			client.node,
			`The agent run did not complete: ${failure}`,
			AGENT_FAILED_HELP,
			'agent-failed',
			i,
		);
	return agentOutput(final, sessionKey, started);
};

const getRun: Operation = async function (client, i) {
	const runId = required(this, 'run', 'Run', i, true);
	const sessionKey = required(this, 'sessionKey', 'Session', i, true);
	await requireNewGateway(client, RUN_FEATURE, i);
	const w = (await client.runStatus(runId)) as AgentWait & IDataObject;
	const task = await assertKnownRun(client, sessionKey, runId, w, i);
	const waitEnded = typeof w.endedAt === 'number' || w.status === 'ok' || w.status === 'error';
	// After 10 minutes the gateway forgets the run's outcome; its task keeps how it ended.
	const taskStatus = String(task?.status ?? '');
	const fromTask: Record<string, string> = {
		completed: 'ok',
		failed: 'error',
		cancelled: 'aborted',
		timed_out: 'timeout',
	};
	const ended = waitEnded || taskStatus in fromTask;
	const status = waitEnded
		? String(w.status)
		: (fromTask[taskStatus] ?? (w.status === 'pending' ? 'queued' : taskStatus || 'running'));
	const taskEndedAt = typeof task?.endedAt === 'number' ? task.endedAt : undefined;
	return {
		runId,
		sessionKey,
		status,
		ended,
		...(typeof w.startedAt === 'number' ? { startedAt: isoTime(w.startedAt) } : {}),
		...(typeof w.endedAt === 'number'
			? { endedAt: isoTime(w.endedAt) }
			: taskEndedAt !== undefined && ended
				? { endedAt: isoTime(taskEndedAt) }
				: {}),
		...(w.stopReason ? { stopReason: w.stopReason } : {}),
		...(w.error ? { error: w.error } : {}),
		...(w.terminalReply?.disposition ? { replyDisposition: w.terminalReply.disposition } : {}),
		...(task ? { task: taskItem(task) } : {}),
	};
};

/**
 * Run's picker: the runs of the chosen session (every session when it is empty or an
 * expression), most recently active first, from the task ledger, which records each run with its prompt.
 */
export async function searchRuns(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const sessionKey = currentText(this, 'sessionKey');
	return withClient(this, async (client) => {
		await requireNewGateway(client, RUN_FEATURE, 0);
		return searchTaskPages(
			client,
			sessionKey ? { sessionKey } : {},
			filter,
			paginationToken,
			// Each run once, though the ledger may list it again further down.
			() => {
				const seen = new Set<string>();
				return (t) =>
					typeof t.runId === 'string' &&
					t.runId &&
					!seen.has(t.runId) &&
					seen.add(t.runId) &&
					matches(filter, t.runId, t.title, t.status, t.sessionKey)
						? {
								name: [
									pickerText(t.title || t.runId),
									'—',
									String(t.status ?? ''),
									pickerTime(t.createdAt),
									sessionKey ? '' : `· ${String(t.sessionKey ?? '')}`,
								]
									.filter(Boolean)
									.join(' '),
								value: t.runId,
							}
						: undefined;
			},
		);
	});
}

export const operations: Record<string, Operation> = {
	wait: waitRun,
	get: getRun,
};
