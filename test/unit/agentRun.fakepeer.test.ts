import { sleep } from 'n8n-workflow';

import { OpenClawRunAgent } from '../../nodes/OpenClawRunAgent/OpenClawRunAgent.node';
import { GatewayClient } from '../../nodes/shared/transport/client';
import { executeContext, run } from '../helpers/context';
import { runAgentDefaults } from '../helpers/defaults';
import { FakePeer, type FakePeerOptions, type Req } from '../helpers/fakePeer';

/**
 * The agent run through drops, retries and long answers, against the protocol-level fake peer (what a
 * real gateway cannot be made to do on demand). The same cases run on the real gateways where they can
 * (test/gateway/runAgent.test.ts, faults.test.ts).
 */
let peer: FakePeer | undefined;
afterEach(async () => {
	await peer?.stop();
	peer = undefined;
});

const params = (n: number, key = `k-${n}`) => ({
	message: `question ${n}`,
	sessionKey: `agent:main:s-${n}`,
	idempotencyKey: key,
	deliver: false,
	timeout: 20,
});

async function clientFor(p: FakePeer): Promise<GatewayClient> {
	return GatewayClient.create(
		executeContext({ params: {}, credentials: { url: p.url, token: 'peer-token' } }),
	);
}

const openOnPeer = (p: FakePeer) => p.clients().filter((c) => c.readyState === c.OPEN).length;
const final = (key: string, text: string) => ({
	runId: key,
	status: 'ok',
	result: { payloads: [{ text }] },
});

describe('one connection, many runs in flight when it drops', () => {
	test.each([3, 5])(
		'%i runs: one new handshake shared by all, every run answered, no socket left open',
		async (n) => {
			let dropped = false;
			const accepted = new Set<string>();
			const options: FakePeerOptions = {
				uptimeMs: () => 10_000_000,
				handlers: {
					agent: (r, ws) => {
						const key = String(r.params.idempotencyKey);
						if (!dropped) {
							FakePeer.reply(ws, r.id, { runId: key, status: 'accepted' });
							accepted.add(key);
							if (accepted.size === n) {
								dropped = true;
								ws.terminate();
							}
							return;
						}
						FakePeer.reply(ws, r.id, final(key, `answer ${key}`));
					},
					'agent.wait': (r, ws) =>
						FakePeer.reply(ws, r.id, { runId: r.params.runId, status: 'timeout' }),
				},
			};
			peer = await new FakePeer(options).start();
			const client = await clientFor(peer);
			try {
				const outcomes = await Promise.all(
					Array.from({ length: n }, (_, i) => client.runAgent(params(i))),
				);
				expect(outcomes.map((o) => o.kind)).toEqual(Array(n).fill('answered'));
				expect(peer.connections).toBe(2);
				expect(client.handshakes).toBe(2);
			} finally {
				client.close();
			}
			await sleep(200);
			expect(client.openSockets).toBe(0);
			expect(openOnPeer(peer)).toBe(0);
		},
	);

	test('close() closes a connection whose handshake finishes after it', async () => {
		peer = await new FakePeer({
			handlers: {},
		}).start();
		const client = await clientFor(peer);
		const pending = client.rpc().catch((e: unknown) => e);
		client.close();
		await pending;
		await sleep(300);
		expect(openOnPeer(peer)).toBe(0);
	});
});

/**
 * A gateway (not restarted) that accepts `agent`, drops the connection, and then says the run ended
 * (agent.wait) with `terminalReply`; its history holds `messages`. `agents` counts `agent` requests.
 */
function endedWhileAway(
	terminalReply: Record<string, unknown>,
	messages: Array<Record<string, unknown>>,
): FakePeerOptions & { agents: () => number } {
	let agents = 0;
	return {
		agents: () => agents,
		uptimeMs: () => 10_000_000,
		handlers: {
			agent: (r, ws) => {
				agents++;
				FakePeer.reply(ws, r.id, { runId: r.params.idempotencyKey, status: 'accepted' });
				if (agents === 1) ws.terminate();
				// Sent again, a gateway that forgot the key would start the run a second time.
				else FakePeer.reply(ws, r.id, final(String(r.params.idempotencyKey), 'second run'));
			},
			'agent.wait': (r, ws) =>
				FakePeer.reply(ws, r.id, {
					runId: r.params.runId,
					status: 'ok',
					endedAt: Date.now(),
					terminalReply,
				}),
			'chat.history': (r, ws) => FakePeer.reply(ws, r.id, { messages }),
		},
	};
}
const ourQuestion = {
	role: 'user',
	content: 'question 0',
	__openclaw: { idempotencyKey: 'k-0:user' },
};

describe('after a drop, the gateway is asked before the key is sent again', () => {
	test('the run ended meanwhile (a busy gateway may have forgotten the key): its answer is read, the key is not sent again', async () => {
		const long = 'L'.repeat(12_000);
		const options = endedWhileAway({ text: `${long.slice(0, 4095)}…` }, [
			ourQuestion,
			{ role: 'assistant', content: [{ type: 'text', text: long }] },
		]);
		peer = await new FakePeer(options).start();
		const client = await clientFor(peer);
		try {
			const outcome = await client.runAgent(params(0));
			expect(outcome.kind).toBe('answered');
			if (outcome.kind !== 'answered') return;
			expect(outcome.final.result?.payloads?.[0].text).toBe(long);
			expect(outcome.final.result?.meta?.recovered).toBe(true);
			expect(options.agents()).toBe(1);
			// The history was asked for whole texts (2026.9 cuts at 8,000 characters otherwise).
			expect(peer.sent('chat.history')[0].params.maxChars).toBeGreaterThanOrEqual(100_000);
		} finally {
			client.close();
		}
	});

	test('still running on 2026.9 after the drop: the key sent again answers in_flight (no final follows), the run is waited for and its cached final read', async () => {
		let agents = 0;
		let ended = false;
		peer = await new FakePeer({
			uptimeMs: () => 10_000_000,
			handlers: {
				agent: (r, ws) => {
					agents++;
					const key = String(r.params.idempotencyKey);
					if (agents === 1) {
						FakePeer.reply(ws, r.id, { runId: key, status: 'accepted' });
						ws.terminate();
					} else if (!ended) {
						// The same key while its run goes on: one answer, no final.
						FakePeer.reply(ws, r.id, { runId: key, status: 'in_flight' });
						void sleep(300).then(() => (ended = true));
					} else FakePeer.reply(ws, r.id, final(key, 'the one run answered'));
				},
				'agent.wait': (r, ws) =>
					FakePeer.reply(
						ws,
						r.id,
						ended
							? { runId: r.params.runId, status: 'ok', endedAt: Date.now() }
							: { runId: r.params.runId, status: 'timeout' },
					),
			},
		}).start();
		const client = await clientFor(peer);
		try {
			const outcome = await client.runAgent(params(0));
			expect(outcome).toMatchObject({
				kind: 'answered',
				final: { result: { payloads: [{ text: 'the one run answered' }] } },
			});
		} finally {
			client.close();
		}
	});

	test('the whole text cannot be had: the terminal reply is used and marked truncated, never a silent cut', async () => {
		const reply = `${'T'.repeat(4095)}…`;
		// The turn is no longer in the history window.
		peer = await new FakePeer(endedWhileAway({ text: reply }, [])).start();
		const client = await clientFor(peer);
		try {
			const outcome = await client.runAgent(params(0));
			expect(outcome.kind).toBe('answered');
			if (outcome.kind !== 'answered') return;
			expect(outcome.final.result?.payloads?.[0].text).toBe(reply);
			expect(outcome.final.result?.meta?.truncated).toBe(true);
		} finally {
			client.close();
		}
	});

	test('a run that ended without a text answer (terminal reply "silent") is answered empty at once, not waited for until the Timeout', async () => {
		peer = await new FakePeer(
			endedWhileAway({ disposition: 'silent' }, [
				ourQuestion,
				{ role: 'toolResult', content: [{ type: 'text', text: '{}' }] },
			]),
		).start();
		const client = await clientFor(peer);
		const started = Date.now();
		try {
			const outcome = await client.runAgent(params(0));
			expect(outcome.kind).toBe('answered');
			if (outcome.kind === 'answered') expect(outcome.final.result?.payloads?.[0].text).toBe('');
			expect(Date.now() - started).toBeLessThan(5000);
		} finally {
			client.close();
		}
	});
});

describe('Retry On Fail reaches the model again after a real failure', () => {
	test('a run that failed on the gateway is tried again under a derived key; a drop before the ack keeps the key', async () => {
		const keys: string[] = [];
		peer = await new FakePeer({
			handlers: {
				agent: (r: Req, ws) => {
					const key = String(r.params.idempotencyKey);
					keys.push(key);
					FakePeer.reply(ws, r.id, { runId: key, status: 'accepted' });
					// The gateway caches a failed run under its key: the same key replays the failure.
					if (key === 'retry-key')
						FakePeer.fail(
							ws,
							r.id,
							{ code: 'UNAVAILABLE', message: 'provider 503' },
							{ runId: key, status: 'error', summary: 'provider 503' },
						);
					else FakePeer.reply(ws, r.id, final(key, 'second attempt answered'));
				},
			},
		}).start();
		// Each attempt of Retry On Fail is a new execution of the node: a new client, the same key.
		const first = await clientFor(peer);
		const err = await first.runAgent(params(0, 'retry-key')).catch((e: unknown) => e);
		first.close();
		expect(String((err as Error).message)).toMatch(/provider 503/);
		const second = await clientFor(peer);
		try {
			const outcome = await second.runAgent(params(0, 'retry-key'));
			expect(outcome.kind).toBe('answered');
		} finally {
			second.close();
		}
		expect(keys).toEqual(['retry-key', 'retry-key-r1']);
	});
});

describe('attachments: the total is checked before anything is read or sent', () => {
	test('three 7 MB files (28 MB encoded, over the 25 MB one message carries): refused naming each, no file read, nothing sent', async () => {
		peer = await new FakePeer().start();
		const file = Buffer.alloc(7 * 1024 * 1024, 1).toString('base64');
		const binary = (name: string) => ({ data: file, mimeType: 'text/plain', fileName: name });
		let reads = 0;
		const error = await run(new OpenClawRunAgent(), {
			credentials: { url: peer.url, token: 'peer-token' },
			params: { ...runAgentDefaults, message: 'read these', options: { attachments: 'a, b, c' } },
			items: [{ json: {}, binary: { a: binary('a.txt'), b: binary('b.txt'), c: binary('c.txt') } }],
			helpers: {
				getBinaryDataBuffer: async () => {
					reads++;
					return Buffer.alloc(0);
				},
			},
		}).catch((e: unknown) => e as Error & { description?: string });
		expect((error as Error).message).toMatch(
			/^The attachments a \(7340032 bytes\), b \(7340032 bytes\), c \(7340032 bytes\) come to 29360128 bytes once encoded; one message to the gateway carries at most 26214400/,
		);
		expect((error as { description?: string }).description).toMatch(/fewer or smaller files/);
		expect(reads).toBe(0);
		expect(peer.sent('agent')).toHaveLength(0);
		expect(peer.sent('chat.send')).toHaveLength(0);
	});
});

describe('what the run waited for: the gateway is asked when its word comes after the final', () => {
	/**
	 * 2026.9 broadcasts question.resolved after an await, so on a busy gateway the run's final can
	 * come first (seen in CI): the question was answered, the run used the answer, and the item said
	 * "unanswered". `getStatus` is what question.get reports for it (undefined: not found).
	 */
	const askingPeer = (getStatus: string | undefined, answerAfterMs = 0) =>
		new FakePeer({
			handlers: {
				agent: (r: Req, ws) => {
					const key = String(r.params.idempotencyKey);
					FakePeer.reply(ws, r.id, { runId: key, status: 'accepted' });
					const event = (name: string, payload: Record<string, unknown>) =>
						ws.send(JSON.stringify({ type: 'event', event: name, payload }));
					event('question.requested', { id: 'ask_1', runId: key, status: 'pending' });
					void sleep(50).then(() => {
						FakePeer.reply(ws, r.id, final(key, 'Colour: Blue'));
						// The resolved event after the final (here: never, within the run).
					});
				},
				'question.get': (r, ws) =>
					getStatus === undefined
						? FakePeer.fail(ws, r.id, {
								code: 'NOT_FOUND',
								message: `question '${String(r.params.id)}' not found`,
							})
						: answerAfterMs === Infinity
							? undefined // never answered
							: void sleep(answerAfterMs).then(() =>
									FakePeer.reply(ws, r.id, {
										question: { id: r.params.id, status: getStatus },
									}),
								),
			},
		}).start();

	test.each([
		['answered', 'answered'],
		['expired', 'expired'],
		['pending', 'unanswered'],
		[undefined, 'unanswered'],
	])('question.get says %s: the wait is %s', async (getStatus, expected) => {
		peer = await askingPeer(getStatus);
		const client = await clientFor(peer);
		try {
			const outcome = await client.runAgent(params(0));
			expect(outcome.kind).toBe('answered');
			expect(outcome.humanWaits).toEqual([
				expect.objectContaining({ kind: 'question', id: 'ask_1', status: expected }),
			]);
			expect(peer.sent('question.get').map((r) => r.params.id)).toEqual(['ask_1']);
		} finally {
			client.close();
		}
	});

	test('a slow answer to question.get does not count as waiting: the wait ends when the run did', async () => {
		peer = await askingPeer('answered', 1500);
		const client = await clientFor(peer);
		try {
			const before = Date.now();
			const outcome = await client.runAgent(params(0));
			const [wait] = outcome.humanWaits ?? [];
			expect(wait.status).toBe('answered');
			expect(Date.now() - before).toBeGreaterThanOrEqual(1500);
			expect(Number(wait.endedAt) - wait.askedAt).toBeLessThan(1000);
		} finally {
			client.close();
		}
	});

	test('question.get never answered: the run is reported after 5 s, the question unanswered', async () => {
		peer = await askingPeer('answered', Infinity);
		const client = await clientFor(peer);
		try {
			const before = Date.now();
			const outcome = await client.runAgent(params(0));
			expect(outcome.kind).toBe('answered');
			expect(outcome.humanWaits?.map((w) => w.status)).toEqual(['unanswered']);
			expect(Date.now() - before).toBeGreaterThanOrEqual(5000);
			expect(Date.now() - before).toBeLessThan(8000);
		} finally {
			client.close();
		}
	}, 20000);
});
