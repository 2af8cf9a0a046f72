import { sleep } from 'n8n-workflow';

import { OpenClawListSessions } from '../../nodes/OpenClawListSessions/OpenClawListSessions.node';
import { errorKind } from '../../nodes/shared/errors';
import { pooledConnections } from '../../nodes/shared/transport/connection';
import { rl, run, type Credentials } from '../helpers/context';
import { FakePeer, type Req } from '../helpers/fakePeer';
import type { WebSocket } from 'ws';

/**
 * One connection per credential per n8n process (nodes/shared/transport/connection.ts): executions
 * that run at the same time share it (the gateway sends every run's events to every connection, and
 * refuses more than 32 sockets per address waiting to sign in); two credentials never do. Driven by
 * the fake peer, which counts connections and sign-ins and holds each answer for a while.
 */
const node = new OpenClawListSessions();
const params = (label: string) => ({
	agent: rl(''),
	returnAll: false,
	limit: 1,
	filters: { label },
	simplify: true,
	options: { transport: 'webSocket' },
});

const held = (req: Req, ws: WebSocket): void => {
	const label = String(req.params.label);
	void sleep(300).then(() => {
		if (label.startsWith('bad'))
			FakePeer.fail(ws, req.id, { code: 'INVALID_REQUEST', message: `no such label ${label}` });
		else FakePeer.reply(ws, req.id, { sessions: [{ key: `agent:main:${label}`, updatedAt: 1 }] });
	});
};

async function withPeer<T>(fn: (peer: FakePeer) => Promise<T>): Promise<T> {
	const peer = await new FakePeer({ handlers: { 'sessions.list': held } }).start();
	try {
		return await fn(peer);
	} finally {
		await peer.stop();
	}
}

/** One execution of the List Sessions node, as n8n runs it (its own context and node). */
const execution = (
	credentials: Credentials,
	label: string,
	opts: {
		credentialId?: string;
		cancel?: AbortSignal;
		nodeName?: string;
		continueOnFail?: boolean;
	} = {},
) =>
	run(node, {
		credentials,
		params: params(label),
		continueOnFail: opts.continueOnFail ?? true,
		cancel: opts.cancel,
		node: {
			name: opts.nodeName ?? `List ${label}`,
			credentials: { openClawGatewayApi: { id: opts.credentialId ?? 'cred-1', name: 'OpenClaw' } },
		},
	});

test('20 executions of one credential at once share one connection and one sign-in; it closes when the last ends', async () => {
	await withPeer(async (peer) => {
		const credentials = { url: peer.url, token: 'peer-token' };
		const outs = await Promise.all(
			Array.from({ length: 20 }, (_, i) => execution(credentials, `L${i}`)),
		);
		expect(outs.map((o) => o[0].json.key)).toEqual(
			Array.from({ length: 20 }, (_, i) => `agent:main:L${i}`),
		);
		expect(peer.connections).toBe(1);
		expect(peer.sent('connect')).toHaveLength(1);
		expect(pooledConnections()).toBe(0);
		await sleep(200);
		expect(peer.clients()).toHaveLength(0);
	});
});

test('two credentials never share a connection, even with the same token; nor admin and non-admin', async () => {
	await withPeer(async (peer) => {
		const credentials = { url: peer.url, token: 'peer-token' };
		const admin = { ...credentials, adminAccess: true };
		const outs = await Promise.all([
			execution(credentials, 'A1', { credentialId: 'cred-a' }),
			execution(credentials, 'A2', { credentialId: 'cred-a' }),
			execution(credentials, 'B1', { credentialId: 'cred-b' }),
			execution(admin, 'C1', { credentialId: 'cred-c' }),
			execution(admin, 'C2', { credentialId: 'cred-c' }),
		]);
		expect(outs.map((o) => o[0].json.key)).toEqual(
			['A1', 'A2', 'B1', 'C1', 'C2'].map((l) => `agent:main:${l}`),
		);
		// A (2 executions), B, C (2 executions): three connections, each signed in once.
		expect(peer.connections).toBe(3);
		const scopes = peer
			.sent('connect')
			.map((r) => (r.params.scopes as string[]).includes('operator.admin'));
		expect(scopes.sort()).toEqual([false, false, true]);
	});
});

test('an execution cancelled mid-call leaves the others on the shared connection untouched', async () => {
	await withPeer(async (peer) => {
		const credentials = { url: peer.url, token: 'peer-token' };
		const cancel = new AbortController();
		const cancelled = execution(credentials, 'X0', { cancel: cancel.signal });
		const others = Promise.all(
			Array.from({ length: 5 }, (_, i) => execution(credentials, `K${i}`)),
		);
		await sleep(100);
		cancel.abort();
		const [mine, theirs] = await Promise.all([cancelled, others]);
		expect(String(mine[0].json.error)).toMatch(/cancelled/);
		expect(theirs.map((o) => o[0].json.key)).toEqual(
			Array.from({ length: 5 }, (_, i) => `agent:main:K${i}`),
		);
		expect(peer.connections).toBe(1);
	});
});

test("each execution's error on the shared connection is its own: its node, a copy", async () => {
	await withPeer(async (peer) => {
		const credentials = { url: peer.url, token: 'peer-token' };
		const failed = (label: string, nodeName: string) =>
			execution(credentials, label, { nodeName, continueOnFail: false }).then(
				() => undefined,
				(e: unknown) => e as Error & { node?: { name: string } },
			);
		const [a, b] = await Promise.all([failed('bad-a', 'First'), failed('bad-b', 'Second')]);
		expect(peer.connections).toBe(1);
		expect(a?.message).toMatch(/no such label bad-a/);
		expect(b?.message).toMatch(/no such label bad-b/);
		expect(a?.node?.name).toBe('First');
		expect(b?.node?.name).toBe('Second');
		expect(errorKind(a)).toBe(errorKind(b));
	});
});

test('a rejected token: executions at once share the one failed sign-in (the lockout counts one)', async () => {
	const peer = await new FakePeer({
		connectError: { code: 'INVALID_REQUEST', message: 'unauthorized: gateway token mismatch' },
		handlers: { 'sessions.list': held },
	}).start();
	try {
		const credentials = { url: peer.url, token: 'wrong-token' };
		const outs = await Promise.all(
			Array.from({ length: 8 }, (_, i) => execution(credentials, `T${i}`)),
		);
		for (const o of outs) expect(String(o[0].json.error)).toMatch(/rejected the token/);
		expect(peer.connections).toBe(1);
	} finally {
		await peer.stop();
	}
});

test('the execution that started the shared sign-in is cancelled during it: the others still get the connection', async () => {
	const peer = await new FakePeer({
		connectDelayMs: 600,
		handlers: { 'sessions.list': held },
	}).start();
	try {
		const credentials = { url: peer.url, token: 'peer-token' };
		const cancel = new AbortController();
		const starter = execution(credentials, 'S0', { cancel: cancel.signal });
		await sleep(100);
		const others = Promise.all(
			Array.from({ length: 4 }, (_, i) => execution(credentials, `W${i}`)),
		);
		await sleep(100);
		cancel.abort();
		const [mine, theirs] = await Promise.all([starter, others]);
		expect(String(mine[0].json.error)).toMatch(/cancelled/);
		expect(theirs.map((o) => o[0].json.key ?? o[0].json.error)).toEqual(
			Array.from({ length: 4 }, (_, i) => `agent:main:W${i}`),
		);
		expect(peer.connections).toBe(1);
	} finally {
		await peer.stop();
	}
});

test('a connection older than 5 minutes is handed to no new execution; the old one closes when its last execution ends', async () => {
	await withPeer(async (peer) => {
		const credentials = { url: peer.url, token: 'peer-token' };
		const first = execution(credentials, 'O1');
		await sleep(100);
		const now = Date.now();
		const clock = jest.spyOn(Date, 'now').mockImplementation(() => now + 5 * 60 * 1000 + 1000);
		try {
			const second = execution(credentials, 'O2');
			const outs = await Promise.all([first, second]);
			expect(outs.map((o) => o[0].json.key)).toEqual(['agent:main:O1', 'agent:main:O2']);
		} finally {
			clock.mockRestore();
		}
		expect(peer.connections).toBe(2);
		await sleep(200);
		expect(peer.clients()).toHaveLength(0);
		expect(pooledConnections()).toBe(0);
	});
});
