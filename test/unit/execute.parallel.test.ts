import { sleep, type IDataObject } from 'n8n-workflow';

import { OpenClawListSessions } from '../../nodes/OpenClawListSessions/OpenClawListSessions.node';
import { errorKind } from '../../nodes/shared/errors';
import { rl, run } from '../helpers/context';
import { FakePeer, type Req } from '../helpers/fakePeer';
import type { WebSocket } from 'ws';

/**
 * Parallel Items on the one connection (nodes/shared/execute.ts), driven by the fake peer: answers
 * come back in reverse order, the peer counts what is in flight.
 */
const node = new OpenClawListSessions();
const params = (parallelItems: number) => (i: number) => ({
	agent: rl(''),
	returnAll: false,
	limit: 1,
	filters: { label: `L${i}` },
	simplify: true,
	options: { transport: 'webSocket', parallelItems },
});
const items = (n: number) => Array.from({ length: n }, (_, i) => ({ json: { i } }));

async function withPeer<T>(
	answer: (req: Req, ws: WebSocket, stats: { inFlight: number }) => void,
	fn: (peer: FakePeer, stats: { inFlight: number; most: number }) => Promise<T>,
	opts: { connectError?: Record<string, unknown> } = {},
): Promise<T> {
	const stats = { inFlight: 0, most: 0 };
	const peer = await new FakePeer({
		...opts,
		handlers: {
			'sessions.list': (req, ws) => {
				stats.inFlight++;
				stats.most = Math.max(stats.most, stats.inFlight);
				answer(req, ws, stats);
			},
		},
	}).start();
	try {
		return await fn(peer, stats);
	} finally {
		await peer.stop();
	}
}

/** Answers each request after a delay that makes later items finish first. */
const reversed = (req: Req, ws: WebSocket, stats: { inFlight: number }): void => {
	const n = Number(String(req.params.label).slice(1));
	void sleep(200 - n * 15).then(() => {
		stats.inFlight--;
		if (req.params.label === 'L3')
			FakePeer.fail(ws, req.id, { code: 'INVALID_REQUEST', message: 'bad label' });
		else
			FakePeer.reply(ws, req.id, {
				sessions: [{ key: `agent:main:${String(req.params.label)}`, updatedAt: 1 }],
			});
	});
};

test('up to N items in flight, the output in input order with pairedItem, one connection', async () => {
	await withPeer(reversed, async (peer, s) => {
		const out = await run(node, {
			credentials: { url: peer.url, token: 'peer-token' },
			params: params(4),
			items: items(10),
			continueOnFail: true,
		});
		expect(out.map((o) => o.pairedItem)).toEqual(
			Array.from({ length: 10 }, (_, i) => ({ item: i })),
		);
		expect(out.map((o) => o.json.key ?? o.json.error)).toEqual(
			Array.from({ length: 10 }, (_, i) =>
				i === 3 ? expect.stringMatching(/bad label \[item 3\]/) : `agent:main:L${i}`,
			),
		);
		expect(s.most).toBe(4);
		expect(peer.connections).toBe(1);
	});
});

test('without continueOnFail the failing item ends the execution at once: the item in flight is stopped, no later item starts, and the error says so', async () => {
	// Item 0 fails at once; item 1 would take 20 s.
	const failFast = (req: Req, ws: WebSocket, stats: { inFlight: number }): void => {
		if (req.params.label === 'L0') {
			stats.inFlight--;
			FakePeer.fail(ws, req.id, { code: 'INVALID_REQUEST', message: 'bad label' });
		}
	};
	await withPeer(failFast, async (peer) => {
		const started = Date.now();
		const error = await run(node, {
			credentials: { url: peer.url, token: 'peer-token' },
			params: params(2),
			items: items(10),
		}).catch((e: unknown) => e as Error & { description?: string });
		expect(Date.now() - started).toBeLessThan(3000);
		expect((error as Error).message).toMatch(/bad label \[item 0\]/);
		expect((error as { description?: string }).description).toMatch(
			/Item 1 was in flight and stopped .* Items 2–9 were not started\./,
		);
		// Exactly the two items in flight were sent: nothing started after the failure.
		expect(peer.sent('sessions.list').map((r) => r.params.label)).toEqual(['L0', 'L1']);
	});
});

test('a rejected token fails every item with one sign-in, even with items in parallel', async () => {
	await withPeer(
		() => undefined,
		async (peer) => {
			const out = await run(node, {
				credentials: { url: peer.url, token: 'wrong-token-par' },
				params: params(4),
				items: items(6),
				continueOnFail: true,
			});
			expect(out).toHaveLength(6);
			for (const o of out) expect(String(o.json.error)).toMatch(/rejected the token/);
			expect(peer.connections).toBe(1);
			expect(peer.sent('sessions.list')).toHaveLength(0);
		},
		{
			connectError: {
				code: 'INVALID_REQUEST',
				message: 'unauthorized: gateway token mismatch',
				details: { code: 'AUTH_TOKEN_MISMATCH' },
			},
		},
	);
});

test('cancel stops every item in flight at once', async () => {
	await withPeer(
		() => undefined, // never answers
		async (peer, s) => {
			const cancel = new AbortController();
			const pending = run(node, {
				credentials: { url: peer.url, token: 'peer-token' },
				params: params(4),
				items: items(8),
				cancel: cancel.signal,
			});
			while (s.most < 4) await sleep(20);
			const started = Date.now();
			cancel.abort();
			const error = await pending.catch((e: unknown) => e);
			expect(errorKind(error)).toBe('cancelled');
			expect(Date.now() - started).toBeLessThan(1000);
			expect(peer.sent('sessions.list')).toHaveLength(4);
		},
	);
});

test('Parallel Items out of range is refused naming the option, before anything is sent', async () => {
	await withPeer(
		() => undefined,
		async (peer) => {
			const error = await run(node, {
				credentials: { url: peer.url, token: 'peer-token' },
				params: params(0) as unknown as (i: number) => IDataObject,
			}).catch((e: unknown) => e as Error);
			expect((error as Error).message).toMatch(
				/The Parallel Items option must be a whole number from 1 to 32, not 0/,
			);
			expect(peer.connections).toBe(0);
		},
	);
});
