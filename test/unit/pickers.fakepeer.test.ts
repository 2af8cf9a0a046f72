import type { IDataObject } from 'n8n-workflow';
import type { WebSocket } from 'ws';

import { OpenClawGateway } from '../../nodes/OpenClawGateway/OpenClawGateway.node';
import { errorKind } from '../../nodes/shared/errors';
import { loadOptionsContext, rl, run } from '../helpers/context';
import { FakePeer, type Req } from '../helpers/fakePeer';

/**
 * The Run and Task pickers read the task ledger page by page as the editor's list scrolls. A real
 * gateway's ledger in a test holds far fewer tasks than a page, so a fake one holds hundreds, with
 * cursors as 2026.9.6 hands them out: bound to the connection that got them and to the ledger's
 * revision. test/gateway/runsTasksUsage.test.ts pages through real cursors on 2026.9.6.
 */
const { searchTasks, searchRuns } = new OpenClawGateway().methods.listSearch;
let peer: FakePeer | undefined;
afterEach(async () => {
	await peer?.stop();
	peer = undefined;
});

/** A ledger of `n` tasks, newest first; task 7 of every ten is in session B, the rest in A. */
const ledger = (n: number, title = (i: number) => `task ${i}`) =>
	Array.from({ length: n }, (_, i) => ({
		taskId: `t-${i}`,
		runId: `r-${i}`,
		title: title(i),
		status: 'completed',
		agentId: 'main',
		sessionKey: i % 10 === 7 ? 'agent:main:b' : 'agent:main:a',
		createdAt: 1_790_000_000_000 - i * 1000,
	}));

/** Offsets whose cursors the ledger moves past, and how often (a task changed meanwhile). */
let stale = new Map<number, number>();
const STALE = 'invalid or expired tasks.list cursor; restart pagination without a cursor';

async function ledgerPeer(tasks: IDataObject[], sameCursorAgain = false) {
	stale = new Map();
	const conns = new WeakMap<WebSocket, number>();
	let connections = 0;
	peer = await new FakePeer({
		methods: ['health', 'tasks.list'],
		handlers: {
			'tasks.list': (r: Req, ws) => {
				if (!conns.has(ws)) conns.set(ws, ++connections);
				const conn = conns.get(ws)!;
				const p = r.params as { limit?: number; cursor?: string; sessionKey?: string };
				const [offset, of] = (p.cursor ?? 'c0@0').slice(1).split('@').map(Number);
				const refuse = p.cursor && (of !== conn || stale.get(offset));
				if (refuse) {
					if (of === conn) stale.set(offset, stale.get(offset)! - 1);
					return FakePeer.fail(ws, r.id, { code: 'INVALID_REQUEST', message: STALE });
				}
				const rows = tasks.filter((t) => !p.sessionKey || t.sessionKey === p.sessionKey);
				const limit = Math.min(500, p.limit ?? 50);
				const page = rows.slice(offset, offset + limit);
				const next = sameCursorAgain ? offset : offset + limit;
				FakePeer.reply(ws, r.id, {
					tasks: page,
					...(offset + limit < rows.length ? { nextCursor: `c${next}@${conn}` } : {}),
				});
			},
		},
	}).start();
	return loadOptionsContext(
		{ url: peer.url, token: 'peer-token' },
		{ sessionKey: rl('agent:main:b') },
	);
}

/** The requests' limits and the offsets of their cursors. */
const pages = (): Array<{ limit?: number; at?: number; sessionKey?: string }> =>
	peer!.sent('tasks.list').map((r) => {
		const { cursor, ...rest } = r.params as { cursor?: string };
		return cursor ? { ...rest, at: Number(cursor.slice(1).split('@')[0]) } : rest;
	});

describe('Task picker: the whole ledger, a page at a time', () => {
	test('250 tasks: 100, 100, 50 as the list is scrolled, in ledger order, the last page with no token; each call on a new connection reads from the top', async () => {
		const ctx = await ledgerPeer(ledger(250));
		const seen: string[] = [];
		let token: string | undefined;
		const tokens: Array<string | undefined> = [];
		do {
			const page = await searchTasks.call(ctx, undefined, token);
			seen.push(...page.results.map((e) => String(e.value)));
			token = page.paginationToken as string | undefined;
			tokens.push(token);
		} while (token);
		expect(seen).toEqual(ledger(250).map((t) => t.taskId));
		expect(tokens).toEqual(['100', '200', undefined]);
		expect(pages()).toEqual([
			{ limit: 100 },
			{ limit: 100 },
			{ limit: 100, at: 100 },
			{ limit: 200 },
			{ limit: 100, at: 200 },
		]);
		expect(peer!.connections).toBe(3);
	});

	test('typing finds a task further back than the first page, in one call', async () => {
		const ctx = await ledgerPeer(ledger(250, (i) => (i === 230 ? 'the needle' : `task ${i}`)));
		const found = await searchTasks.call(ctx, 'needle');
		expect(found.results.map((e) => e.value)).toEqual(['t-230']);
		expect(found.paginationToken).toBeUndefined();
		expect(pages()).toHaveLength(3);
	});

	test('a filter that matches nothing reads 5 pages and hands the rest to the next scroll', async () => {
		const ctx = await ledgerPeer(ledger(1200));
		const none = await searchTasks.call(ctx, 'no such task');
		expect(none.results).toEqual([]);
		expect(none.paginationToken).toBe('500');
		expect(pages()).toHaveLength(5);
	});

	test('a gateway handing out the same cursor again: the list ends, no endless scroll', async () => {
		const ctx = await ledgerPeer(ledger(250), true);
		const first = await searchTasks.call(ctx);
		expect(first.paginationToken).toBe('100');
		const second = await searchTasks.call(ctx, undefined, '100');
		expect(second.results).toHaveLength(100);
		expect(second.paginationToken).toBeUndefined();
	});
});

describe('a cursor the ledger moved past (a task changed while the pages were read)', () => {
	test('the picker reads again from the top and goes on', async () => {
		const ctx = await ledgerPeer(ledger(700));
		stale.set(500, 1);
		const page = await searchTasks.call(ctx, undefined, '600');
		expect(page.results.map((e) => e.value)).toEqual(
			ledger(700)
				.slice(600)
				.map((t) => t.taskId),
		);
		expect(page.paginationToken).toBeUndefined();
		expect(pages()).toEqual([
			{ limit: 500 },
			{ limit: 100, at: 500 },
			{ limit: 500 },
			{ limit: 100, at: 500 },
			{ limit: 100, at: 600 },
		]);
	});

	const getAll = () =>
		run(new OpenClawGateway(), {
			credentials: { url: peer!.url, token: 'peer-token' },
			params: { resource: 'task', operation: 'getAll', returnAll: true, options: {} },
		});

	test('Task → Get Many (Return All) starts again from the top: every task once', async () => {
		await ledgerPeer(ledger(1200));
		stale.set(1000, 1);
		const items = await getAll();
		expect(items.map((i) => i.json.taskId)).toEqual(ledger(1200).map((t) => t.taskId));
		expect(pages().map((p) => p.at)).toEqual([undefined, 500, 1000, undefined, 500, 1000]);
	});

	test('a ledger that never holds still: Get Many stops after 3 restarts, saying why and what to narrow', async () => {
		await ledgerPeer(ledger(1200));
		stale.set(500, Infinity);
		const error = await getAll().catch((e: unknown) => e as Error);
		expect((error as Error).message).toMatch(
			/^The task ledger changed while it was read, 4 times \(500 tasks read\)/,
		);
		expect(errorKind(error)).toBe('unavailable');
		expect((error as Error & { description?: string }).description).toMatch(/Options → Status/);
		expect(pages().filter((p) => p.at === 500)).toHaveLength(4);
	});

	test('the picker too: after 3 restarts it says so', async () => {
		const ctx = await ledgerPeer(ledger(1200));
		stale.set(500, Infinity);
		await expect(searchTasks.call(ctx, undefined, '600')).rejects.toMatchObject({
			message: expect.stringMatching(/^The task ledger changed while it was read, 4 times/),
			description: expect.stringMatching(/type part of a name to filter the list/),
		});
	});
});

describe("Run picker: the chosen session's runs, a page at a time", () => {
	test('the session is asked for, each run once, also one listed again on a later page', async () => {
		const tasks = ledger(2500);
		// A run the ledger lists twice (e.g. a retried delivery): once on the first page, once on
		// the second.
		tasks.splice(1, 0, { ...tasks[7] });
		tasks.splice(1500, 0, { ...tasks[17 + 1] });
		const ctx = await ledgerPeer(tasks);
		const first = await searchRuns.call(ctx);
		expect(pages()[0]).toEqual({ sessionKey: 'agent:main:b', limit: 100 });
		// 100 tasks of the session, one of them the same run again.
		expect(first.results).toHaveLength(99);
		expect(first.results.slice(0, 2).map((e) => e.value)).toEqual(['r-7', 'r-17']);
		expect(first.paginationToken).toBe('100');
		const next = await searchRuns.call(ctx, undefined, '100');
		const values = [...first.results, ...next.results].map((e) => e.value);
		expect(next.results).toHaveLength(99);
		expect(new Set(values).size).toBe(values.length);
	});
});
