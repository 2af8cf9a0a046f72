import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodeProperties,
} from 'n8n-workflow';

import { limitField, locator, returnAllField } from '../../shared/descriptions';
import { operationError } from '../../shared/errors';
import { matches, pickerText, pickerTime, withClient } from '../../shared/listSearch';
import { optionsParam } from '../../shared/params';
import { isoTime, listOf } from '../../shared/transport/protocol';
import {
	assertToolMayChange,
	collection,
	on,
	operationList,
	required,
	requireNewGateway,
	under,
	type Operation,
} from './common';

/**
 * Task: the gateway's task ledger (OpenClaw 2026.9): detached work an agent started and every
 * `agent` run (Run Agent, Send Message), cron run and sub-agent. Get Many, Get, Cancel.
 */

export const description: INodeProperties[] = [
	operationList('task', 'getAll', [
		{
			name: 'Cancel',
			value: 'cancel',
			action: 'Cancel a task',
			description: 'Stop a queued or running task (tasks.cancel)',
		},
		{
			name: 'Get',
			value: 'get',
			action: 'Get a task',
			description: 'One task with its prompt and result (tasks.get)',
		},
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many tasks',
			description: 'Tasks of the ledger, newest first (tasks.list)',
		},
	]),
	{
		...locator(
			'Task',
			'The task: From List shows the newest tasks of the ledger (Get Many lists them all)',
			'searchTasks',
			'e.g. 6d3f2a9c-…',
			true,
		),
		...on('task', 'get', 'cancel'),
	},
	under(returnAllField, 'task', 'getAll'),
	under(limitField, 'task', 'getAll'),
	collection('Options', on('task', 'getAll').displayOptions, [
		{
			displayName: 'Agent ID',
			name: 'agentId',
			type: 'string',
			default: '',
			description: 'Only tasks of this agent',
		},
		{
			displayName: 'Session Key',
			name: 'sessionKey',
			type: 'string',
			default: '',
			placeholder: 'e.g. agent:main:main',
			description: 'Only tasks started from this session',
		},
		{
			displayName: 'Status',
			name: 'status',
			type: 'multiOptions',
			default: [],
			options: [
				{ name: 'Cancelled', value: 'cancelled' },
				{ name: 'Completed', value: 'completed' },
				{ name: 'Failed', value: 'failed' },
				{ name: 'Queued', value: 'queued' },
				{ name: 'Running', value: 'running' },
				{ name: 'Timed Out', value: 'timed_out' },
			],
			description: 'Only tasks in these states (empty: every state)',
		},
	]),
	collection('Options', on('task', 'cancel').displayOptions, [
		{
			displayName: 'Reason',
			name: 'reason',
			type: 'string',
			default: '',
			description: 'Why, as the ledger keeps it',
		},
	]),
];

const LEDGER = 'task ledger';

/** A task with its times (epoch ms) as ISO 8601. */
export function taskItem(task: IDataObject): IDataObject {
	const out: IDataObject = { ...task };
	for (const k of ['createdAt', 'updatedAt', 'startedAt', 'endedAt', 'lastActivity'])
		if (typeof out[k] === 'number') out[k] = isoTime(out[k]);
	return out;
}

const getTasks: Operation = async function (client, i) {
	await requireNewGateway(client, LEDGER, i);
	const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
	const limit = returnAll ? Infinity : Number(this.getNodeParameter('limit', i, 50));
	const o = optionsParam<{ agentId?: string; sessionKey?: string; status?: string[] }>(
		this,
		'options',
		i,
	);
	const filters: IDataObject = {
		...(o.agentId?.trim() ? { agentId: o.agentId.trim() } : {}),
		...(o.sessionKey?.trim() ? { sessionKey: o.sessionKey.trim() } : {}),
		...(o.status?.length ? { status: o.status } : {}),
	};
	const out: IDataObject[] = [];
	const seen = new Set<string>();
	const cursors = new Set<string>();
	let cursor: string | undefined;
	do {
		const page = await client.call<{ tasks?: IDataObject[]; nextCursor?: string }>('tasks.list', {
			...filters,
			limit: Math.min(500, Math.max(1, limit - out.length)),
			...(cursor ? { cursor } : {}),
		});
		const tasks = listOf<IDataObject>(page.tasks);
		// Tasks move between pages while the ledger changes: each once.
		for (const t of tasks) {
			const id = String(t.taskId ?? t.id ?? '');
			if (id && seen.has(id)) continue;
			seen.add(id);
			out.push(taskItem(t));
		}
		cursor = page.nextCursor || undefined;
		// An empty page or a cursor seen before ends the walk.
		if (!tasks.length || (cursor && cursors.has(cursor))) break;
		if (cursor) cursors.add(cursor);
	} while (cursor && out.length < limit);
	return out.slice(0, limit);
};

const getTask: Operation = async function (client, i) {
	const taskId = required(this, 'task', 'Task', i, true);
	await requireNewGateway(client, LEDGER, i);
	const { task } = await client.call<{ task?: IDataObject }>('tasks.get', { taskId });
	return taskItem(task ?? { taskId });
};

const cancelTask: Operation = async function (client, i) {
	const taskId = required(this, 'task', 'Task', i, true);
	assertToolMayChange(this, 'cancel a task', i);
	await requireNewGateway(client, LEDGER, i);
	const reason = optionsParam<{ reason?: string }>(this, 'options', i).reason?.trim();
	const res = await client.call<IDataObject & { task?: IDataObject }>('tasks.cancel', {
		taskId,
		...(reason ? { reason } : {}),
	});
	if (res.found === false)
		throw operationError(
			client.node,
			`The gateway has no task "${taskId}" this connection may see`,
			'Check the Task parameter (From List shows the tasks this connection may see).',
			'not-found',
			i,
		);
	return {
		taskId,
		cancelled: res.cancelled === true,
		...(res.reason ? { reason: res.reason } : {}),
		...(res.task ? { task: taskItem(res.task) } : {}),
	};
};

/** Task's picker: the newest tasks of the ledger, with what they were asked and how they stand. */
export async function searchTasks(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return withClient(this, async (client) => {
		await requireNewGateway(client, LEDGER, 0);
		const { tasks } = await client.call<{ tasks?: IDataObject[] }>('tasks.list', { limit: 200 });
		return {
			results: listOf<IDataObject>(tasks)
				.filter((t) => matches(filter, t.taskId, t.id, t.title, t.status, t.agentId))
				.map((t) => ({
					name: [
						pickerText(t.title || t.taskId || t.id),
						'—',
						String(t.status ?? ''),
						pickerTime(t.createdAt),
						t.agentId ? `· ${String(t.agentId)}` : '',
					]
						.filter(Boolean)
						.join(' '),
					value: String(t.taskId ?? t.id),
				})),
		};
	});
}

export const operations: Record<string, Operation> = {
	getAll: getTasks,
	get: getTask,
	cancel: cancelTask,
};
