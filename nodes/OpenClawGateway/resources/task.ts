import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
	INodeProperties,
} from 'n8n-workflow';

import { limitField, locator, returnAllField } from '../../shared/descriptions';
import { asNodeError, operationError } from '../../shared/errors';
import { matches, pickerText, pickerTime, withClient } from '../../shared/listSearch';
import { optionsParam } from '../../shared/params';
import type { GatewayClient } from '../../shared/transport/client';
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
			description: 'Tasks of the ledger, most recently active first (tasks.list)',
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

/**
 * The gateway's cursor holds the ledger's revision: after any change to a task (a run starting,
 * progressing or ending) it answers "invalid or expired tasks.list cursor". The walk then starts
 * again from the top, at most this many times.
 */
const LEDGER_RESTARTS = 3;
const isStaleCursor = (error: unknown): boolean =>
	/tasks\.list cursor/i.test(String((error as Error | undefined)?.message ?? ''));
const ledgerChanged = (
	client: GatewayClient,
	restarts: number,
	read: number,
	i: number,
	fewer = 'a Limit, or Options → Status, Agent ID or Session Key',
) =>
	operationError(
		client.node,
		`The task ledger changed while it was read, ${restarts + 1} times (${read} tasks read)`,
		`Agents were starting or ending runs meanwhile. Try again, or read fewer tasks: ${fewer}.`,
		'unavailable',
		i,
	);

/** How a walk over the ledger reads it (walkLedger). */
interface LedgerWalk {
	/** The size of the next page. */
	pageSize: () => number;
	/** Takes a page of tasks; false: read no further. */
	onPage: (tasks: IDataObject[]) => boolean;
	/** Before the walk starts again from the top. */
	onRestart?: () => void;
	/** The tasks read so far, for the error when the ledger never holds still. */
	counted: () => number;
	/** What to read fewer of, in that error. */
	fewer?: string;
}

/**
 * Reads the ledger from the top, page by page on one connection, while `onPage` asks for more. The
 * end: no cursor, an empty page, or a cursor handed out before. A cursor the ledger moved past
 * starts the walk again from the top (after `onRestart`), at most LEDGER_RESTARTS times, then stops
 * with "The task ledger changed while it was read". Resolves whether the ledger has more.
 */
async function walkLedger(
	client: GatewayClient,
	query: IDataObject,
	walk: LedgerWalk,
	i: number,
): Promise<boolean> {
	for (let restarts = 0; ; restarts++) {
		const cursors = new Set<string>();
		let cursor: string | undefined;
		try {
			do {
				const page = await client.call<{ tasks?: IDataObject[]; nextCursor?: string }>(
					'tasks.list',
					{ ...query, limit: walk.pageSize(), ...(cursor ? { cursor } : {}) },
				);
				const tasks = listOf<IDataObject>(page.tasks);
				const more = walk.onPage(tasks);
				const next = page.nextCursor || undefined;
				cursor = next && tasks.length && !cursors.has(next) ? next : undefined;
				if (cursor) cursors.add(cursor);
				if (!more) break;
			} while (cursor);
			return cursor !== undefined;
		} catch (error) {
			if (!cursor || !isStaleCursor(error)) throw asNodeError(client.node, error, client.secrets);
			if (restarts >= LEDGER_RESTARTS)
				throw ledgerChanged(client, restarts, walk.counted(), i, walk.fewer);
			walk.onRestart?.();
		}
	}
}

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
	await walkLedger(
		client,
		filters,
		{
			pageSize: () => Math.min(500, Math.max(1, limit - out.length)),
			// Tasks move between pages while the ledger changes, and a walk may start again from the
			// top: each once.
			onPage: (tasks) => {
				for (const t of tasks) {
					const id = String(t.taskId ?? t.id ?? '');
					if (id && seen.has(id)) continue;
					seen.add(id);
					out.push(taskItem(t));
				}
				return out.length < limit;
			},
			counted: () => out.length,
		},
		i,
	);
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

/** Tasks a picker reads per page of the ledger. */
export const PICKER_PAGE = 100;
/** With a filter, pages read in one call until this many tasks match… */
const PICKER_WANT = 20;
/** …or this many pages were read (the rest on scroll). */
const PICKER_PAGES = 5;

/**
 * A picker over the task ledger in the gateway's order (most recently active first), page by page
 * as the editor's list scrolls. The token is how far down the ledger the list has come: the
 * gateway's cursor is bound to the connection that got it, and the editor opens one per call, so
 * each call reads from the top (pages on one connection) to there and on. `entry` makes each task,
 * from the top, a picker entry or skips it (filtered out, or shown above already); only those past
 * the token are offered. With a filter, pages are read on until PICKER_WANT match or PICKER_PAGES
 * were read, so a match further back is found by typing.
 */
export async function searchTaskPages(
	client: GatewayClient,
	query: IDataObject,
	filter: string | undefined,
	token: string | undefined,
	newEntry: () => (task: IDataObject) => INodeListSearchItems | undefined,
	pageSize = PICKER_PAGE,
): Promise<INodeListSearchResult> {
	const offset = Math.max(0, Number.parseInt(token ?? '', 10) || 0);
	const end = offset + pageSize * (filter ? PICKER_PAGES : 1);
	let entry = newEntry();
	let results: INodeListSearchItems[] = [];
	let read = 0;
	const more = await walkLedger(
		client,
		query,
		{
			pageSize: () => Math.min(500, read < offset ? offset - read : pageSize),
			onPage: (tasks) => {
				for (const t of tasks) {
					const e = entry(t);
					if (e && read >= offset) results.push(e);
					read++;
				}
				return read < end && !(read >= offset + pageSize && results.length >= PICKER_WANT);
			},
			onRestart: () => {
				entry = newEntry();
				results = [];
				read = 0;
			},
			counted: () => read,
			fewer: 'type part of a name to filter the list',
		},
		0,
	);
	return { results, ...(more ? { paginationToken: String(read) } : {}) };
}

/** Task's picker: the ledger's tasks, most recently active first, with what they were asked and how they stand. */
export async function searchTasks(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return withClient(this, async (client) => {
		await requireNewGateway(client, LEDGER, 0);
		return searchTaskPages(
			client,
			{},
			filter,
			paginationToken,
			() => (t) =>
				matches(filter, t.taskId, t.id, t.title, t.status, t.agentId)
					? {
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
						}
					: undefined,
		);
	});
}

export const operations: Record<string, Operation> = {
	getAll: getTasks,
	get: getTask,
	cancel: cancelTask,
};
