import { OpenClawListSessions } from '../../nodes/OpenClawListSessions/OpenClawListSessions.node';
import { rl, run } from '../helpers/context';
import { FakePeer } from '../helpers/fakePeer';

/** Paging through offset/hasMore, which only newer gateways have: driven by the fake peer. */
const sessions = Array.from({ length: 450 }, (_, i) => ({
	key: `agent:main:s${i}`,
	updatedAt: 1_000_000 + i,
	kind: 'direct',
}));
const byNewest = [...sessions].sort((a, b) => b.updatedAt - a.updatedAt);

let peer: FakePeer;
beforeAll(async () => {
	peer = await new FakePeer({
		handlers: {
			'sessions.list': (req, ws) => {
				const offset = Number(req.params.offset ?? 0);
				const limit = Number(req.params.limit);
				const page = byNewest.slice(offset, offset + limit);
				const next = offset + page.length;
				FakePeer.reply(ws, req.id, {
					sessions: page,
					hasMore: next < byNewest.length,
					nextOffset: next < byNewest.length ? next : null,
					totalCount: byNewest.length,
				});
			},
		},
	}).start();
});
afterAll(() => peer.stop());

const params = {
	agent: rl(''),
	returnAll: true,
	limit: 50,
	filters: {},
	simplify: true,
	options: { transport: 'webSocket' },
};

test('Return All pages through every session', async () => {
	peer.requests.length = 0;
	const out = await run(new OpenClawListSessions(), {
		credentials: { url: peer.url, token: 'peer-token' },
		params,
	});
	expect(out).toHaveLength(450);
	expect(new Set(out.map((o) => o.json.key)).size).toBe(450);
	const pages = peer.requests
		.filter((r) => r.method === 'sessions.list')
		.map((r) => [r.params.limit, r.params.offset]);
	expect(pages).toEqual([
		[200, undefined],
		[200, 200],
		[200, 400],
	]);
});

test('a limit above one page asks for exactly what is missing', async () => {
	peer.requests.length = 0;
	const out = await run(new OpenClawListSessions(), {
		credentials: { url: peer.url, token: 'peer-token' },
		params: { ...params, returnAll: false, limit: 250 },
	});
	expect(out).toHaveLength(250);
	expect(out[0].json.key).toBe('agent:main:s449');
	const pages = peer.requests
		.filter((r) => r.method === 'sessions.list')
		.map((r) => [r.params.limit, r.params.offset]);
	expect(pages).toEqual([
		[200, undefined],
		[50, 200],
	]);
});

test('a gateway whose nextOffset does not advance: every session once, and the paging ends', async () => {
	const stuck = await new FakePeer({
		handlers: {
			'sessions.list': (req, ws) => {
				// Always the first page, always "more", always nextOffset 0 (a broken or hostile peer).
				FakePeer.reply(ws, req.id, {
					sessions: byNewest.slice(0, 3),
					hasMore: true,
					nextOffset: 0,
				});
			},
		},
	}).start();
	try {
		const out = await run(new OpenClawListSessions(), {
			credentials: { url: stuck.url, token: 'peer-token' },
			params,
		});
		expect(out.map((o) => o.json.key)).toEqual(byNewest.slice(0, 3).map((s) => s.key));
		expect(stuck.sent('sessions.list').length).toBeLessThanOrEqual(3);
	} finally {
		await stuck.stop();
	}
}, 20000);
