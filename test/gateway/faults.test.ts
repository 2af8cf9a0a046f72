/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- fault suite: own gateway, own fake peers */
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {
	sleep,
	type ICredentialTestFunctions,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
} from 'n8n-workflow';

import { OpenClawGateway } from '../../nodes/OpenClawGateway/OpenClawGateway.node';
import { openClawGatewayApiTest } from '../../nodes/shared/credentialTest';
import { OpenClawInvoke } from '../../nodes/OpenClawInvoke/OpenClawInvoke.node';
import { OpenClawListSessions } from '../../nodes/OpenClawListSessions/OpenClawListSessions.node';
import { OpenClawRunAgent } from '../../nodes/OpenClawRunAgent/OpenClawRunAgent.node';
import { OpenClawTrigger } from '../../nodes/OpenClawTrigger/OpenClawTrigger.node';
import { deviceIdentity } from '../../nodes/shared/device';
import { GatewayClient } from '../../nodes/shared/transport/client';
import { setSocketFactory, type SocketLike } from '../../nodes/shared/transport/rpc';
import { visibleText } from '../helpers/assertions';
import {
	executeContext,
	rl,
	run,
	triggerContext,
	type ContextOptions,
	type Credentials,
	type TriggerRecord,
} from '../helpers/context';
import { deviceSeedOf } from '../helpers/deviceSeed';
import { example6Decision, HOSTILE_COMMANDS } from '../helpers/examples';
import { FakePeer, type FakePeerOptions, TOKEN_MISMATCH } from '../helpers/fakePeer';
import { binaryOf } from '../helpers/png';
import { gatewayModule, type RunningGateway } from '../helpers/gatewayModule';
import { countingSockets } from '../helpers/sockets';
import { until } from '../helpers/summaryReceiver';
import { listSessionsDefaults, runAgentDefaults } from '../helpers/defaults';

/**
 * Faults, one by one: the node's outcome, the text the user sees, and that nothing was run twice or
 * lost. The real gateway where it can be made to fail (killed and restarted, wrong token, endpoints
 * turned off, denied tools); the protocol-level fake peer for the rest. Writes its tally to
 * test-artifacts/fault-tally.md.
 */
interface Row {
	fault: string;
	peer: 'real gateway' | 'fake peer' | 'fake HTTP' | 'input';
	outcome: string;
	shown: string;
	integrity: string;
}
const tally: Row[] = [];
const seen: unknown[] = [];
const secrets: string[] = [];

const runAgent = new OpenClawRunAgent();
const listSessions = new OpenClawListSessions();
const invokeTool = new OpenClawInvoke();
const agentParams = { ...runAgentDefaults, options: { timeout: 60 } };
const listParams = { ...listSessionsDefaults, options: { transport: 'webSocket' } };

let gw: RunningGateway;
const creds = (over: Partial<Credentials> = {}): Credentials => ({
	url: gw.url,
	token: gw.token,
	...over,
});

/**
 * Every secret a case hands the node: the token or password as given and trimmed, the device key
 * derived from it (hex, base64, base64url) and a password inside the URL. The scan at the end looks
 * for all of them in everything the suite saw.
 */
function secretsOf(c: Credentials): string[] {
	const out: string[] = [];
	for (const raw of [c.token, c.password]) {
		if (!raw) continue;
		const secret = raw.trim();
		out.push(raw, secret);
		if (!secret || /\s/.test(secret)) continue;
		const mode = c.password ? 'password' : 'token';
		const seed = deviceSeedOf(secret, mode);
		out.push(seed.toString('hex'), seed.toString('base64url'), seed.toString('base64'));
	}
	const userInfo = /^(?:[a-z]+:\/\/)?[^/@\s]*:([^/@\s]+)@/i.exec(c.url ?? '');
	if (userInfo) out.push(userInfo[1]);
	return out.filter((x) => x.length > 0);
}

/** Runs a node and records what the user gets: items, or the error message. */
let cases = 0;
async function attempt(
	node: INodeType,
	given: ContextOptions,
): Promise<{ items?: INodeExecutionData[]; error?: Error & { description?: string } }> {
	// Each case its own execution (its own idempotency keys), unless it says otherwise.
	const opts = { executionId: `exec-case-${++cases}-${Date.now()}`, ...given };
	secrets.push(...secretsOf(opts.credentials));
	try {
		const items = await run(node, opts);
		seen.push(items);
		return { items };
	} catch (error) {
		seen.push(error);
		return { error: error as Error & { description?: string } };
	}
}
const shownOf = (r: { items?: INodeExecutionData[]; error?: Error }) =>
	r.error
		? r.error.message
		: r.items?.[0]?.json.error
			? String(r.items[0].json.error)
			: `items: ${JSON.stringify(r.items?.map((i) => i.json.text ?? i.json.key ?? Object.keys(i.json)[0]))}`.slice(
					0,
					160,
				);
const modelCalls = async (marker: string) =>
	(await gw.fake.calls()).filter((c) => c.text.includes(marker)).length;

async function withPeer<T>(opts: FakePeerOptions, fn: (peer: FakePeer) => Promise<T>): Promise<T> {
	const peer = await new FakePeer(opts).start();
	try {
		return await fn(peer);
	} finally {
		await peer.stop();
	}
}

beforeAll(async () => {
	gw = await gatewayModule.startGateway({
		version: gatewayModule.OPENCLAW_VERSIONS.latest,
		extraConfig: {
			gateway: {
				http: { endpoints: { chatCompletions: { enabled: false }, responses: { enabled: false } } },
			},
		},
	});
	const seed = deviceSeedOf(gw.token, 'token');
	secrets.push(gw.token, seed.toString('hex'), seed.toString('base64url'), seed.toString('base64'));
}, 240000);

afterAll(async () => {
	setSocketFactory(undefined);
	await gw?.stop();
	const dir = path.join(__dirname, '..', '..', 'test-artifacts');
	fs.mkdirSync(dir, { recursive: true });
	const lines = [
		'| Fault | Against | Node outcome | What the user sees | Duplicated / lost |',
		'| --- | --- | --- | --- | --- |',
		...tally.map(
			(r) =>
				`| ${r.fault} | ${r.peer} | ${r.outcome} | ${r.shown.replace(/\|/g, '\\|').replace(/\n/g, ' ')} | ${r.integrity} |`,
		),
		'',
		`${tally.length} faults, ${seen.length} outcomes scanned for secrets.`,
	];
	fs.writeFileSync(path.join(dir, 'fault-tally.md'), `${lines.join('\n')}\n`);
});

describe('the real gateway, made to fail', () => {
	test('gateway killed after the agent ack, then restarted: one model call, the result or a clear error', async () => {
		const marker = `survivor-${Date.now()}`;
		const sent: string[] = [];
		let nodeRunId = '';
		setSocketFactory((url) => {
			const ws = new WebSocket(url);
			const send = ws.send.bind(ws);
			ws.send = (data: string) => {
				const f = JSON.parse(data) as { method: string; params?: { idempotencyKey?: string } };
				sent.push(f.method);
				if (f.method === 'agent') nodeRunId = String(f.params?.idempotencyKey);
				send(data);
			};
			return ws as unknown as SocketLike;
		});
		const pending = attempt(runAgent, {
			credentials: creds(),
			params: { ...agentParams, message: `slow:4000 echo:${marker}`, options: { timeout: 300 } },
			executionId: `exec-kill-${Date.now()}`,
			workflowId: `wf-kill-${Date.now()}`,
		});
		await until(async () => (await modelCalls(marker)) > 0, 120000);
		expect(await modelCalls(marker)).toBe(1);
		await gw.kill();
		await gw.restart();
		const result = await pending;
		setSocketFactory(undefined);
		await sleep(6000); // long enough for any further run to reach the model
		const calls = await modelCalls(marker);
		// The node started the run once and never again: no second `agent` after the reconnect.
		expect(sent.filter((m) => m === 'agent')).toHaveLength(1);
		expect(sent.filter((m) => m === 'connect').length).toBeGreaterThanOrEqual(2);
		// It returns the answer to its turn: the gateway's own restart recovery resumes an
		// interrupted main-session turn (a second model call, under a new run id, made by the gateway).
		expect(result.error).toBeUndefined();
		expect(result.items![0].json.text).toBe(marker);
		// Every model call is accounted for: one for the node's run, and at most one for the run the
		// gateway's restart recovery started itself (its log names that run, under another id).
		const log = fs.readFileSync(path.join(gw.runDir, 'gateway.log'), 'utf8');
		const recovered = [
			...log.matchAll(/main-session restart recovery terminal: session=(\S+) run=(\S+)/g),
		].map((m) => ({ session: m[1], run: m[2] }));
		expect(calls).toBe(1 + recovered.length);
		expect(recovered.length).toBeLessThanOrEqual(1);
		for (const r of recovered) expect(r.run).not.toBe(nodeRunId);
		tally.push({
			fault: 'Gateway killed after the `agent` ack, restarted',
			peer: 'real gateway',
			outcome: 'result of the turn, after reconnecting',
			shown: shownOf(result),
			integrity: `\`agent\` sent once by the node; model calls: 1 for the node's run${recovered.length ? `, 1 for the run the gateway's restart recovery started itself (${recovered[0].run.slice(0, 8)}…)` : ''}`,
		});
	}, 480000);

	test('gateway killed under five runs in flight (Parallel Runs 5, a session per item), then restarted: five answers, one reconnect for all, no socket left open', async () => {
		const marker = `parallel-survivor-${Date.now()}`;
		const sockets: WebSocket[] = [];
		let opened = 0;
		const agentKeys: string[] = [];
		setSocketFactory((url) => {
			const ws = new WebSocket(url);
			sockets.push(ws);
			// Signed in: the gateway's hello-ok (attempts while it restarts open and are refused).
			ws.addEventListener('message', (e: MessageEvent) => {
				if (String(e.data).includes('"hello-ok"')) opened++;
			});
			const send = ws.send.bind(ws);
			ws.send = (data: string) => {
				const f = JSON.parse(data) as { method: string; params?: { idempotencyKey?: string } };
				if (f.method === 'agent') agentKeys.push(String(f.params?.idempotencyKey));
				send(data);
			};
			return ws as unknown as SocketLike;
		});
		try {
			const items = Array.from({ length: 5 }, (_, i) => ({ json: { i } }));
			const pending = attempt(runAgent, {
				credentials: creds(),
				items,
				params: (i: number) => ({
					...agentParams,
					message: `slow:4000 echo:${marker}-${i}`,
					sessionStrategy: 'item',
					options: { timeout: 300, parallelItems: 5 },
				}),
				executionId: `exec-par-kill-${Date.now()}`,
				workflowId: `wf-par-kill-${Date.now()}`,
			});
			await until(async () => (await modelCalls(marker)) >= 5, 120000);
			expect(await modelCalls(marker)).toBe(5);
			await gw.kill();
			await gw.restart();
			const result = await pending;
			await sleep(500);
			const open = sockets.filter((ws) => ws.readyState === WebSocket.OPEN).length;
			expect(result.error).toBeUndefined();
			expect(result.items?.map((it) => it.json.text)).toEqual(
				items.map((_, i) => `${marker}-${i}`),
			);
			// Five runs sent once each (never again after the restart: 2026.9 resumes them itself).
			expect(agentKeys).toHaveLength(5);
			expect(new Set(agentKeys).size).toBe(5);
			// The first connection, and one after the restart for all five runs.
			expect(opened).toBe(2);
			expect(open).toBe(0);
			tally.push({
				fault: 'Gateway killed under five runs in flight (Parallel Runs 5), restarted',
				peer: 'real gateway',
				outcome: `${result.items?.length ?? 0} answers`,
				shown: shownOf(result),
				integrity: `\`agent\` sent ${agentKeys.length}× (once per item); sign-ins: ${opened} (sockets tried while it restarted: ${sockets.length}), open after: ${open}`,
			});
		} finally {
			setSocketFactory(undefined);
		}
	}, 480000);

	test('2026.2.22 killed after the agent ack, then restarted (it has no restart recovery): the answer within 60 s of it being back, sent again once under the same key, and the output says so', async () => {
		const legacy = await gatewayModule.startGateway({
			version: gatewayModule.OPENCLAW_VERSIONS.legacy,
		});
		secrets.push(legacy.token);
		const marker = `legacy-survivor-${Date.now()}`;
		const agentKeys: string[] = [];
		setSocketFactory((url) => {
			const ws = new WebSocket(url);
			const send = ws.send.bind(ws);
			ws.send = (data: string) => {
				const f = JSON.parse(data) as { method: string; params?: { idempotencyKey?: string } };
				if (f.method === 'agent') agentKeys.push(String(f.params?.idempotencyKey));
				send(data);
			};
			return ws as unknown as SocketLike;
		});
		try {
			const calls = async () =>
				(await legacy.fake.calls()).filter((c) => c.text.includes(marker)).length;
			const pending = attempt(runAgent, {
				credentials: { url: legacy.url, token: legacy.token },
				params: { ...agentParams, message: `slow:4000 echo:${marker}`, options: { timeout: 300 } },
				executionId: `exec-legacy-kill-${Date.now()}`,
				workflowId: `wf-legacy-kill-${Date.now()}`,
			});
			await until(async () => (await calls()) > 0, 120000);
			expect(await calls()).toBe(1);
			await legacy.kill();
			await legacy.restart();
			const back = Date.now();
			const result = await pending;
			const took = Date.now() - back;
			setSocketFactory(undefined);
			expect(took).toBeLessThan(60000);
			expect(result.error).toBeUndefined();
			expect(result.items![0].json).toMatchObject({ text: marker, resent: true });
			expect(String(result.items![0].json.note)).toMatch(/restarted/);
			expect(agentKeys).toHaveLength(2);
			expect(agentKeys[1]).toBe(agentKeys[0]);
			const modelCallsSeen = await calls();
			tally.push({
				fault: 'Gateway 2026.2.22 killed after the `agent` ack, restarted',
				peer: 'real gateway',
				outcome: 'result, sent again once (output: resent)',
				shown: shownOf(result),
				integrity: `\`agent\` sent ${agentKeys.length}× under one key (the first run died with the gateway); model calls: ${modelCallsSeen}; answer ${Math.round(took / 1000)} s after the restart`,
			});
		} finally {
			setSocketFactory(undefined);
			await legacy.stop();
		}
	}, 480000);

	test('the Timeout runs out while the model is still answering: a timeout error, the run stopped, no second run', async () => {
		const marker = `too-slow-${Date.now()}`;
		const started = Date.now();
		const result = await attempt(runAgent, {
			credentials: creds(),
			params: { ...agentParams, message: `slow:20000 echo:${marker}`, options: { timeout: 2 } },
			executionId: `exec-timeout-${Date.now()}`,
		});
		const took = Date.now() - started;
		expect(result.error?.message).toMatch(/Timeout|timed out/);
		expect(took).toBeLessThan(15000); // the gateway's own 2 s, or the node's 2 s + 10 s grace
		await sleep(3000);
		const calls = await modelCalls(marker);
		expect(calls).toBe(1);
		tally.push({
			fault: 'Timeout (2 s) runs out while the model answers (20 s)',
			peer: 'real gateway',
			outcome: 'timeout error',
			shown: `${result.error!.message} — ${result.error!.description ?? ''}`,
			integrity: `model calls: ${calls}; ended after ${Math.round(took / 1000)} s`,
		});
	}, 60000);

	test('n8n retries the same item (same execution, node, item): no second run', async () => {
		const marker = `retry-${Date.now()}`;
		const executionId = `exec-retry-${Date.now()}`;
		const opts = {
			credentials: creds(),
			params: { ...agentParams, message: `echo:${marker}` },
			executionId,
			workflowId: `wf-retry-${Date.now()}`,
		};
		const first = await attempt(runAgent, opts);
		const retry = await attempt(runAgent, opts);
		expect(retry.items![0].json.runId).toBe(first.items![0].json.runId);
		expect(retry.items![0].json.text).toBe(marker);
		const retryCalls = await modelCalls(marker);
		expect(retryCalls).toBe(1);
		tally.push({
			fault: 'Retry of the same item',
			peer: 'real gateway',
			outcome: 'same run returned',
			shown: shownOf(retry),
			integrity: `model calls: ${retryCalls}`,
		});
	});

	test('wrong token: one clear error per item and a single sign-in attempt for the execution', async () => {
		const sockets = countingSockets();
		const wrong = 'wrong-token-fault';
		secrets.push(wrong);
		const result = await attempt(listSessions, {
			credentials: creds({ token: wrong }),
			params: listParams,
			continueOnFail: true,
			items: [{ json: {} }, { json: {} }, { json: {} }],
		});
		sockets.restore();
		expect(sockets.count).toBe(1);
		expect(result.items).toHaveLength(3);
		for (const [i, item] of result.items!.entries()) {
			// Each item its own error: "[item i]" once, not "[item 0] [item 1] …" on one shared object.
			expect(item.json.error).toMatch(
				new RegExp(`^The gateway rejected the token.* \\[item ${i}\\]$`),
			);
			expect(String(item.json.error).match(/\[item/g)).toHaveLength(1);
			expect(item.pairedItem).toEqual({ item: i });
		}
		tally.push({
			fault: 'Wrong token (3 items)',
			peer: 'real gateway',
			outcome: 'error, 1 sign-in attempt',
			shown: shownOf(result),
			integrity: `${result.items!.filter((i) => i.json.error).length} error items, ${sockets.count} sign-in attempt`,
		});
	});

	test('Node.js without a global WebSocket (Node 20): one error naming the fixes, Auto falls back to HTTP', async () => {
		const saved = globalThis.WebSocket;
		// @ts-expect-error -- Node 20 has no WebSocket global
		delete globalThis.WebSocket;
		try {
			const three = [{ json: {} }, { json: {} }, { json: {} }];
			const auto = await attempt(listSessions, {
				credentials: creds(),
				params: { ...listParams, options: { transport: 'auto' } },
				items: three,
			});
			expect(auto.error).toBeUndefined();
			for (const item of auto.items!)
				expect(item.json._openclaw).toMatchObject({
					transport: 'http',
					reason: expect.stringMatching(/no built-in WebSocket/),
				});
			const forced = await attempt(runAgent, {
				credentials: creds(),
				params: { ...agentParams, message: 'echo:x' },
				items: three,
				continueOnFail: true,
			});
			for (const [i, item] of forced.items!.entries()) {
				expect(item.json.error).toMatch(
					new RegExp(`Node\\.js .*has no built-in WebSocket \\[item ${i}\\]$`),
				);
				expect(item.json.description).toMatch(
					/Node\.js 22 or newer.*--experimental-websocket.*Transport: HTTP/,
				);
			}
			tally.push({
				fault: 'Node.js without a global WebSocket (Node 20)',
				peer: 'real gateway',
				outcome: 'Auto: HTTP fallback; WebSocket: one clear error per item',
				shown: `${String(forced.items![0].json.error)} — ${String(forced.items![0].json.description)}`,
				integrity: `${auto.items!.length} sessions listed over HTTP`,
			});
		} finally {
			globalThis.WebSocket = saved;
		}
	});

	test('n8n 2.30–2.37 hand out no egress filter unless SSRF protection is on: no filter, no policy', async () => {
		const result = await attempt(listSessions, {
			credentials: creds(),
			params: listParams,
			helpers: { getSecureEgressFilter: () => undefined },
		});
		expect(result.error).toBeUndefined();
		expect(Array.isArray(result.items)).toBe(true);
		tally.push({
			fault: 'n8n 2.30–2.37: getSecureEgressFilter() returns undefined',
			peer: 'real gateway',
			outcome: 'result over WebSocket',
			shown: shownOf(result),
			integrity: `${result.items!.length} sessions`,
		});
	});

	test('an egress filter that refuses the gateway: a clear error, no WebSocket opened', async () => {
		const sockets = countingSockets();
		const result = await attempt(listSessions, {
			credentials: creds(),
			params: listParams,
			helpers: {
				getSecureEgressFilter: () => ({
					validateUrl: async () => ({
						ok: false,
						error: new Error('private addresses are blocked'),
					}),
				}),
			},
		});
		sockets.restore();
		expect(sockets.count).toBe(0);
		expect(result.error?.message).toMatch(
			/n8n's network policy does not allow connecting to the gateway .*private addresses are blocked/,
		);
		tally.push({
			fault: "n8n's egress filter refuses the gateway",
			peer: 'real gateway',
			outcome: 'error, nothing sent',
			shown: result.error!.message,
			integrity: `${sockets.count} sockets`,
		});
	});

	test('Allowed HTTP Request Domains "None" or a list without the gateway: the credential still reaches its own gateway over WebSocket, as over HTTP', async () => {
		for (const over of [
			{ allowedHttpRequestDomains: 'none' as const },
			{ allowedHttpRequestDomains: 'domains' as const, allowedDomains: 'example.com' },
		]) {
			const result = await attempt(listSessions, { credentials: creds(over), params: listParams });
			expect([over, result.error?.message]).toEqual([over, undefined]);
			expect(Array.isArray(result.items)).toBe(true);
			tally.push({
				fault: `Credential's Allowed HTTP Request Domains: ${over.allowedHttpRequestDomains}`,
				peer: 'real gateway',
				outcome: 'result over WebSocket',
				shown: shownOf(result),
				integrity: `${result.items!.length} sessions`,
			});
		}
	});

	test('/v1/chat/completions and /v1/responses turned off: the error names the setting (2026.9.6 answers 404, 2026.2.22 405)', async () => {
		const legacy = await gatewayModule.startGateway({
			version: gatewayModule.OPENCLAW_VERSIONS.legacy,
			extraConfig: {
				gateway: {
					http: {
						endpoints: { chatCompletions: { enabled: false }, responses: { enabled: false } },
					},
				},
			},
		});
		secrets.push(legacy.token);
		try {
			for (const [g, version] of [
				[gw, gatewayModule.OPENCLAW_VERSIONS.latest],
				[legacy, gatewayModule.OPENCLAW_VERSIONS.legacy],
			] as const) {
				for (const transport of ['chatCompletions', 'responses']) {
					const httpLog: ContextOptions['httpLog'] = [];
					const result = await attempt(runAgent, {
						credentials: { url: g.url, token: g.token },
						params: { ...agentParams, message: 'echo:x', transport },
						httpLog,
					});
					expect([version, transport, result.error?.description]).toEqual([
						version,
						transport,
						expect.stringContaining(`gateway.http.endpoints.${transport}.enabled`),
					]);
					tally.push({
						fault: `${transport === 'chatCompletions' ? '/v1/chat/completions' : '/v1/responses'} disabled (${version})`,
						peer: 'real gateway',
						outcome: 'error',
						shown: `${result.error!.message} — ${result.error!.description}`,
						integrity: `${httpLog.length} request, no run`,
					});
				}
			}
		} finally {
			await legacy.stop();
		}
	}, 120000);

	test('a tool denied over HTTP: the error says why and which setting allows it', async () => {
		const before = await modelCalls('"message":"x"');
		const httpLog: ContextOptions['httpLog'] = [];
		const result = await attempt(invokeTool, {
			credentials: creds(),
			params: {
				tool: rl('sessions_send'),
				args: '{"message":"x"}',
				options: { transport: 'http' },
			},
			httpLog,
		});
		const ran = (await modelCalls('"message":"x"')) - before;
		expect(result.error?.description).toMatch(/default deny list.*gateway\.tools\.allow/);
		tally.push({
			fault: 'Tool denied over HTTP (sessions_send)',
			peer: 'real gateway',
			outcome: 'error',
			shown: `${result.error!.message} — ${result.error!.description}`,
			integrity: `${httpLog.length} request, model calls: ${ran}`,
		});
	});

	test('a message of 1 MB reaches the model whole, once', async () => {
		const marker = `big-message-${Date.now()}`;
		const message = `${'x'.repeat(1024 * 1024)}\necho:${marker}`;
		const result = await attempt(runAgent, {
			credentials: creds(),
			params: { ...agentParams, message, options: { timeout: 120 } },
			executionId: `exec-big-${Date.now()}`,
			workflowId: `wf-big-${Date.now()}`,
		});
		expect(result.items?.[0].json.text).toBe(marker);
		const bigCalls = await modelCalls(marker);
		expect(bigCalls).toBe(1);
		tally.push({
			fault: 'Message of 1 MB',
			peer: 'real gateway',
			outcome: 'result',
			shown: shownOf(result),
			integrity: `model calls: ${bigCalls}`,
		});
	}, 120000);
});

describe('the fake peer, for what a real gateway will not do on demand', () => {
	const peerCreds = (peer: FakePeer): Credentials => ({ url: peer.url, token: 'peer-token' });

	test('the connection closed between two items: the next run opens a new one and sends its agent request once, no recovery wait', async () => {
		let agents = 0;
		await withPeer(
			{
				handlers: {
					agent: (r, ws) => {
						agents++;
						FakePeer.reply(ws, r.id, {
							runId: String(r.params.idempotencyKey),
							status: 'ok',
							result: { payloads: [{ text: `answer ${agents}` }] },
						});
					},
				},
			},
			async (peer) => {
				const client = await GatewayClient.create(
					executeContext({ params: {}, credentials: peerCreds(peer) }),
				);
				const params = (n: number) => ({
					message: `item ${n}`,
					sessionKey: 'agent:main:closed-between',
					idempotencyKey: `closed-between-${n}`,
					deliver: false,
					timeout: 20,
				});
				try {
					expect((await client.runAgent(params(0))).kind).toBe('answered');
					// The gateway goes away between the items (a restart, an idle proxy).
					for (const c of peer.clients()) c.close(1012, 'service restart');
					await sleep(300);
					const started = Date.now();
					const second = await client.runAgent(params(1));
					const waited = Date.now() - started;
					expect(second).toMatchObject({
						kind: 'answered',
						final: { result: { payloads: [{ text: 'answer 2' }] } },
					});
					expect(waited).toBeLessThan(5000);
					expect(agents).toBe(2);
					expect(peer.sent('agent.wait')).toHaveLength(0);
					tally.push({
						fault: 'Connection closed between two items',
						peer: 'fake peer',
						outcome: 'result, new connection',
						shown: 'answer 2',
						integrity: `agent requests: ${agents}, connections: ${peer.connections}`,
					});
				} finally {
					client.close();
				}
			},
		);
	});

	test('five runs in flight on one connection when it drops: one new connection for all, five answers, each run sent under its own key and nothing left open', async () => {
		const accepted = new Set<string>();
		const sentOn = new Map<string, number[]>();
		let reconnected = false;
		await withPeer(
			{
				// The same gateway, not restarted (long uptime): it still knows the runs' keys.
				uptimeMs: () => 10_000_000,
				handlers: {
					agent: (r, ws) => {
						const key = String(r.params.idempotencyKey);
						sentOn.set(key, [...(sentOn.get(key) ?? []), reconnected ? 2 : 1]);
						if (!reconnected) {
							FakePeer.reply(ws, r.id, { runId: key, status: 'accepted' });
							accepted.add(key);
							// All five accepted and running: the connection drops under them.
							if (accepted.size === 5) {
								reconnected = true;
								ws.terminate();
							}
							return;
						}
						// On the new connection the same key returns the run's final.
						FakePeer.reply(ws, r.id, {
							runId: key,
							status: 'ok',
							result: { payloads: [{ text: `answer to ${key}` }] },
						});
					},
					// Asked first after the reconnect: still running (agent.wait's own wait ran out).
					'agent.wait': (r, ws) =>
						FakePeer.reply(ws, r.id, { runId: r.params.runId, status: 'timeout' }),
				},
			},
			async (peer) => {
				const items = Array.from({ length: 5 }, (_, i) => ({ json: { message: `question ${i}` } }));
				const result = await attempt(runAgent, {
					credentials: peerCreds(peer),
					items,
					params: (i) => ({
						...agentParams,
						message: `question ${i}`,
						sessionStrategy: 'item',
						options: { timeout: 30, parallelItems: 5 },
					}),
				});
				await sleep(300);
				const open = peer.clients().filter((c) => c.readyState === c.OPEN).length;
				expect(result.error).toBeUndefined();
				expect(result.items).toHaveLength(5);
				for (const item of result.items ?? [])
					expect(String(item.json.text)).toMatch(/^answer to /);
				expect(new Set(result.items?.map((i) => i.json.text)).size).toBe(5);
				expect(peer.connections).toBe(2);
				expect(open).toBe(0);
				// Each key sent once per connection: one run per item.
				for (const on of sentOn.values()) expect(on).toEqual([1, 2]);
				tally.push({
					fault: 'Five runs in flight (Parallel Runs 5) when the shared connection drops',
					peer: 'fake peer',
					outcome: `${result.items?.length ?? 0} answers`,
					shown: shownOf(result),
					integrity: `connections: ${peer.connections}, sockets open after: ${open}, keys: ${sentOn.size} (each once per connection)`,
				});
			},
		);
	});

	test('cancelled while reconnecting after a drop: the run is still stopped on the gateway (chat.abort on a fresh connection)', async () => {
		let dropAt = Infinity;
		await withPeer(
			{
				handlers: {
					agent: (r, ws) => {
						FakePeer.reply(ws, r.id, {
							runId: String(r.params.idempotencyKey),
							status: 'accepted',
						});
						dropAt = Date.now();
						ws.terminate();
					},
					'chat.abort': (r, ws) => FakePeer.reply(ws, r.id, { ok: true, aborted: true }),
				},
				// After the drop the gateway is "starting" for a second, then lets clients in again.
				refuseConnect: (n) =>
					n > 1 && Date.now() < dropAt + 1000
						? {
								code: 'UNAVAILABLE',
								message: 'gateway starting',
								details: { reason: 'startup-sidecars' },
								retryAfterMs: 200,
							}
						: undefined,
			},
			async (peer) => {
				const cancel = new AbortController();
				const started = Date.now();
				const pending = attempt(runAgent, {
					credentials: peerCreds(peer),
					params: { ...agentParams, message: 'hi' },
					cancel: cancel.signal,
				});
				while (dropAt === Infinity && Date.now() - started < 5000) await sleep(20);
				await sleep(300);
				cancel.abort();
				const result = await pending;
				const aborts = peer.sent('chat.abort');
				expect(result.error?.message ?? String(result.items?.[0]?.json.error)).toMatch(/cancel/i);
				expect(aborts).toHaveLength(1);
				expect(aborts[0].params.runId).toBeTruthy();
				expect(peer.sent('agent')).toHaveLength(1);
				tally.push({
					fault: 'Execution cancelled while reconnecting after a drop',
					peer: 'fake peer',
					outcome: 'cancelled; run stopped on the gateway',
					shown: result.error?.message ?? String(result.items?.[0]?.json.error),
					integrity: `agent requests: 1, chat.abort: ${aborts.length}`,
				});
			},
		);
	});

	test("as an AI Agent's tool: a retry of the same tool call (n8n gives it a new run index) is the same run", async () => {
		await withPeer(
			{
				handlers: {
					agent: (r, ws) =>
						FakePeer.reply(ws, r.id, {
							runId: String(r.params.idempotencyKey),
							status: 'ok',
							result: { payloads: [{ text: 'tool answer' }] },
						}),
				},
			},
			async (peer) => {
				// n8n 2.41 runs each tool call of its AI Agent as a new run of the tool node, with the
				// model's tool-call id in the item (n8n-core requests-response.js: toolCallId).
				const call = (toolCallId: string, runIndex: number) =>
					attempt(runAgent, {
						credentials: peerCreds(peer),
						params: { ...agentParams, message: 'hi' },
						items: [{ json: { Message: 'hi', toolCallId } }],
						executionId: 'exec-ai-tool',
						runIndex,
					});
				await call('call_abc', 0);
				await call('call_abc', 1); // the same tool call again
				await call('call_xyz', 2); // another tool call
				const keys = peer.requests
					.filter((q) => q.method === 'agent')
					.map((q) => String(q.params.idempotencyKey));
				expect(keys).toHaveLength(3);
				expect(keys[1]).toBe(keys[0]);
				expect(keys[2]).not.toBe(keys[0]);
				tally.push({
					fault: 'AI Agent retries the same tool call (new run index)',
					peer: 'fake peer',
					outcome: 'same idempotency key: the gateway runs it once',
					shown: 'tool answer',
					integrity: `distinct keys for 3 calls of 2 tool calls: ${new Set(keys).size}`,
				});
			},
		);
	});

	test('the connection drops before the gateway accepted the run, the gateway did not restart: sent again under the same key, one run, the answer', async () => {
		const bootedAt = Date.now();
		const keys: string[] = [];
		await withPeer(
			{
				uptimeMs: () => Date.now() - bootedAt,
				handlers: {
					agent: (r, ws) => {
						keys.push(String(r.params.idempotencyKey));
						if (keys.length === 1) return void ws.terminate(); // lost before the ack
						FakePeer.reply(ws, r.id, {
							runId: String(r.params.idempotencyKey),
							status: 'ok',
							result: { payloads: [{ text: 'answered after the drop' }] },
						});
					},
				},
			},
			async (peer) => {
				const started = Date.now();
				const result = await attempt(runAgent, {
					credentials: peerCreds(peer),
					params: { ...agentParams, message: 'hi', options: { timeout: 30 } },
				});
				expect(result.error?.message ?? result.items?.[0].json.text).toBe(
					'answered after the drop',
				);
				expect(Date.now() - started).toBeLessThan(10000);
				expect(keys).toHaveLength(2);
				expect(keys[1]).toBe(keys[0]);
				tally.push({
					fault: 'Connection dropped before the run was accepted (no restart)',
					peer: 'fake peer',
					outcome: 'result: sent again under the same key',
					shown: shownOf(result),
					integrity: `agent requests: ${keys.length} under ${new Set(keys).size} key (the gateway's idempotency cache makes it one run)`,
				});
			},
		);
	});

	test('a turn with a file (chat.send, 2026.9): connection dropped after the ack — sent again under the same key, the answer from agent.wait', async () => {
		const keys: string[] = [];
		let waits = 0;
		let first: unknown;
		await withPeer(
			{
				uptimeMs: () => 3_600_000, // not restarted: the gateway's idempotency cache has our key
				handlers: {
					'chat.send': (r, ws) => {
						const key = String(r.params.idempotencyKey);
						keys.push(key);
						expect(r.params.attachments).toEqual([
							expect.objectContaining({ type: 'file', fileName: 'notes.txt' }),
						]);
						FakePeer.reply(ws, r.id, {
							runId: key,
							status: keys.length === 1 ? 'started' : 'in_flight',
						});
						if (keys.length === 1) {
							first = ws;
							setTimeout(() => ws.terminate(), 50);
						}
					},
					'agent.wait': (r, ws) => {
						waits++;
						if (ws === first) return; // the run is under way when the connection drops
						// Asked at once after the reconnect: still running, so the key is sent again.
						if (r.params.timeoutMs === 0)
							return FakePeer.reply(ws, r.id, { runId: r.params.runId, status: 'timeout' });
						FakePeer.reply(ws, r.id, {
							runId: r.params.runId,
							status: 'ok',
							endedAt: Date.now(),
							terminalReply: { text: 'read the notes' },
							terminalReceipt: { effective: { provider: 'fake', model: 'fake-model' } },
						});
					},
				},
			},
			async (peer) => {
				const result = await attempt(runAgent, {
					credentials: peerCreds(peer),
					params: { ...agentParams, message: 'hi', options: { attachments: 'doc', timeout: 30 } },
					items: [
						{
							json: {},
							binary: { doc: binaryOf(Buffer.from('a file'), 'text/plain', 'notes.txt') },
						},
					],
				});
				expect(result.items?.[0].json).toMatchObject({
					text: 'read the notes',
					model: 'fake-model',
					provider: 'fake',
				});
				expect(keys).toHaveLength(2);
				expect(keys[1]).toBe(keys[0]);
				expect(peer.connections).toBe(2);
				expect(peer.sent('agent')).toHaveLength(0);
				tally.push({
					fault: 'Turn with a file (chat.send): connection dropped after the ack',
					peer: 'fake peer',
					outcome: 'result: sent again under the same key, answer from agent.wait',
					shown: shownOf(result),
					integrity: `chat.send requests: ${keys.length} under ${new Set(keys).size} key (one run); agent.wait: ${waits}`,
				});
			},
		);
	});

	describe('recovery after a drop after accept reads only our finished turn', () => {
		/** The peer accepts `agent`, then drops the connection; the rest is the test's history. */
		const dropAfterAccept = (
			wait: () => Record<string, unknown>,
			history: (key: string) => Record<string, unknown>,
		): FakePeerOptions => {
			let key = '';
			return {
				handlers: {
					agent: (r, ws) => {
						key = String(r.params.idempotencyKey);
						FakePeer.reply(ws, r.id, { runId: key, status: 'accepted' });
						ws.terminate();
					},
					'agent.wait': (r, ws) => FakePeer.reply(ws, r.id, { runId: key, ...wait() }),
					'chat.history': (r, ws) => FakePeer.reply(ws, r.id, history(key)),
				},
			};
		};
		const text = (t: string) => [{ type: 'text', text: t }];

		test('a tool call in progress: not the "let me check" text before it, the answer once the run ended', async () => {
			let polls = 0;
			const options = dropAfterAccept(
				() => ({ status: 'timeout' }), // agent.wait never says: the restarted gateway resumed it under a new id
				(key) => {
					polls++;
					const done = polls >= 3;
					const messages = [
						{ role: 'user', content: 'hi', __openclaw: { idempotencyKey: `${key}:user` } },
						{ role: 'assistant', content: text('Let me check the calendar…') },
						{ role: 'toolResult', content: text('{"events": 2}') },
						...(done ? [{ role: 'assistant', content: text('You have 2 events today.') }] : []),
					];
					return { messages, sessionInfo: { hasActiveRun: !done } };
				},
			);
			await withPeer(options, async (peer) => {
				const result = await attempt(runAgent, {
					credentials: peerCreds(peer),
					params: { ...agentParams, message: 'hi' },
				});
				expect(result.items?.[0].json.text).toBe('You have 2 events today.');
				expect(polls).toBeGreaterThanOrEqual(3);
				expect(peer.sent('agent')).toHaveLength(1);
				tally.push({
					fault: 'Drop after accept during a tool call; recovered from history',
					peer: 'fake peer',
					outcome: 'the final answer, after the run ended',
					shown: shownOf(result),
					integrity: `agent requests: 1, history polls: ${polls}`,
				});
			});
		});

		test("2026.2.x history without keys: our turn's answer, not a later turn's in the same session", async () => {
			const options = dropAfterAccept(
				() => ({ status: 'ok' }),
				() => ({
					messages: [
						{ role: 'user', content: 'an earlier execution asks' },
						{ role: 'assistant', content: text('earlier answer') },
						{ role: 'user', content: 'our question' },
						{ role: 'assistant', content: text('our answer') },
						{ role: 'user', content: 'a later execution asks' },
						{ role: 'assistant', content: text('later answer') },
					],
				}),
			);
			await withPeer(options, async (peer) => {
				const result = await attempt(runAgent, {
					credentials: peerCreds(peer),
					params: { ...agentParams, message: 'our question' },
				});
				expect(result.items?.[0].json.text).toBe('our answer');
				tally.push({
					fault: 'Drop after accept, 2026.2.x history (no keys), later turns in the session',
					peer: 'fake peer',
					outcome: "our turn's answer",
					shown: shownOf(result),
					integrity: `agent requests: ${peer.sent('agent').length}`,
				});
			});
		});
	});

	test('2026.2.x failing a run while it prepares a new agent workspace (concurrent first runs): tried once more under a new key, answered once', async () => {
		const race =
			"Error: ENOENT: no such file or directory, rename '/home/u/.openclaw/workspace/.openclaw/workspace-state.json.tmp-17419-mwwvmzh0' -> '/home/u/.openclaw/workspace/.openclaw/workspace-state.json'";
		const keys: string[] = [];
		await withPeer(
			{
				handlers: {
					agent: (r, ws) => {
						const key = String(r.params.idempotencyKey);
						keys.push(key);
						FakePeer.reply(ws, r.id, { runId: key, status: 'accepted', acceptedAt: Date.now() });
						// The gateway's idempotency cache holds the failure under the first key.
						if (key === keys[0])
							FakePeer.fail(
								ws,
								r.id,
								{ code: 'UNAVAILABLE', message: race },
								{ runId: key, status: 'error', summary: race },
							);
						else
							FakePeer.reply(ws, r.id, {
								runId: key,
								status: 'ok',
								result: { payloads: [{ text: 'answered after all' }] },
							});
					},
				},
			},
			async (peer) => {
				const result = await attempt(runAgent, {
					credentials: peerCreds(peer),
					params: { ...agentParams, message: 'hi' },
				});
				expect(result.items?.[0].json.text).toBe('answered after all');
				expect(keys).toHaveLength(2);
				expect(keys[1]).not.toBe(keys[0]);
				expect(keys[1].startsWith(keys[0])).toBe(true);
				tally.push({
					fault: "2026.2.x workspace race (concurrent first runs of a new agent's workspace)",
					peer: 'fake peer',
					outcome: 'sent once more under a derived key, answered',
					shown: String(result.items?.[0].json.text),
					integrity: `agent requests: ${keys.length} (the first failed before any model call)`,
				});
			},
		);
	});

	test("an agent method error quoting the provider's 401 or rate limit: the agent's failure in its words, not the credential's, and the next item runs", async () => {
		const words = [
			'provider said 401 Unauthorized: invalid x-api-key',
			'Rate limit reached for gpt-x',
		];
		let calls = 0;
		await withPeer(
			{
				handlers: {
					agent: (r, ws) => {
						const n = calls++;
						if (n < words.length)
							FakePeer.fail(ws, r.id, { code: 'UNAVAILABLE', message: words[n] });
						else
							FakePeer.reply(ws, r.id, {
								runId: String(r.params.idempotencyKey),
								status: 'ok',
								result: { payloads: [{ text: 'third item answered' }] },
							});
					},
				},
			},
			async (peer) => {
				const result = await attempt(runAgent, {
					credentials: peerCreds(peer),
					params: { ...agentParams, message: 'hi' },
					continueOnFail: true,
					items: [{ json: {} }, { json: {} }, { json: {} }],
				});
				const items = result.items!;
				for (const i of [0, 1]) {
					expect(items[i].json.error).toMatch(/^The agent run did not complete/);
					expect(items[i].json.error).toContain(words[i]);
					expect(String(items[i].json.description)).not.toMatch(/Token or Password|locked/);
				}
				expect(items[2].json.text).toBe('third item answered');
				expect(calls).toBe(3);
				tally.push({
					fault: "Agent error quoting the provider's 401 / rate limit",
					peer: 'fake peer',
					outcome: 'agent error per item, next item runs',
					shown: String(items[0].json.error),
					integrity: `agent requests: ${calls}`,
				});
			},
		);
	});

	test("the gateway's state database giving up on a channel send ('database is locked'): said as the gateway's storage being busy, not resent, the next item sent", async () => {
		const sent: string[] = [];
		await withPeer(
			{
				handlers: {
					send: (r, ws) => {
						sent.push(String(r.params.idempotencyKey));
						if (sent.length === 1)
							FakePeer.fail(ws, r.id, {
								code: 'UNAVAILABLE',
								message: 'Error: database is locked',
							});
						else FakePeer.reply(ws, r.id, { runId: r.params.idempotencyKey, messageId: 'm-2' });
					},
				},
			},
			async (peer) => {
				const result = await attempt(new OpenClawGateway(), {
					credentials: peerCreds(peer),
					params: {
						resource: 'message',
						operation: 'send',
						channel: 'telegram',
						to: '12345',
						text: 'hello',
						options: {},
					},
					continueOnFail: true,
					items: [{ json: {} }, { json: {} }],
				});
				const items = result.items!;
				expect(items[0].json.error).toBe(
					"The gateway's state database was busy and it gave up on send: Error: database is locked [item 0]",
				);
				expect(String(items[0].json.description)).toMatch(/new execution/);
				expect(items[1].json).toMatchObject({ channel: 'telegram', messageId: 'm-2' });
				expect(sent).toHaveLength(2);
				expect(new Set(sent).size).toBe(2);
				tally.push({
					fault: "Gateway's SQLite state database locked (2026.9 under load) on a channel send",
					peer: 'fake peer',
					outcome: 'error item naming the busy store, not resent; next item sent',
					shown: String(items[0].json.error),
					integrity: `send requests: ${sent.length} (one per item)`,
				});
			},
		);
	});

	test.each([
		[
			'Socket dropped mid sessions.list',
			{ handlers: { 'sessions.list': (_r, ws) => ws.terminate() } } as FakePeerOptions,
			/connection ended before the answer arrived/,
		],
		[
			'Stalled peer (no reply, no tick)',
			{ tickIntervalMs: 200, handlers: { 'sessions.list': () => undefined } } as FakePeerOptions,
			/stopped responding/,
		],
		[
			'Malformed JSON frame',
			{ handlers: { 'sessions.list': (_r, ws) => ws.send('{oops') } } as FakePeerOptions,
			/not valid JSON/,
		],
		[
			'Missing scope (INVALID_REQUEST shape, 2026.2.x)',
			{
				handlers: {
					'sessions.list': (r, ws) =>
						FakePeer.fail(ws, r.id, {
							code: 'INVALID_REQUEST',
							message: 'missing scope: operator.read',
						}),
				},
			} as FakePeerOptions,
			/did not grant the scope operator\.read/,
		],
		[
			'Missing scope (FORBIDDEN + MISSING_SCOPE, 2026.8+)',
			{
				handlers: {
					'sessions.list': (r, ws) =>
						FakePeer.fail(ws, r.id, {
							code: 'FORBIDDEN',
							message: 'missing scope: operator.read',
							details: { code: 'MISSING_SCOPE', missingScope: 'operator.read' },
						}),
				},
			} as FakePeerOptions,
			/did not grant the scope operator\.read/,
		],
		[
			'Pairing required',
			{
				connectError: {
					code: 'NOT_PAIRED',
					message: 'pairing required',
					details: { code: 'PAIRING_REQUIRED', requestId: 'req-42', reason: 'not-paired' },
				},
			} as FakePeerOptions,
			/not paired/,
		],
		[
			'Protocol mismatch',
			{
				connectError: {
					code: 'INVALID_REQUEST',
					message: 'protocol mismatch',
					details: { code: 'PROTOCOL_MISMATCH', expectedProtocol: 5 },
				},
			} as FakePeerOptions,
			/speaks protocol 5/,
		],
	])('%s', async (fault, opts, expected) => {
		await withPeer(opts, async (peer) => {
			const started = Date.now();
			const result = await attempt(listSessions, {
				credentials: peerCreds(peer),
				params: listParams,
				continueOnFail: true,
				items: [{ json: {} }, { json: {} }],
			});
			expect(Date.now() - started).toBeLessThan(10000);
			expect(result.items).toHaveLength(2);
			for (const item of result.items!) expect(String(item.json.error)).toMatch(expected);
			if (fault === 'Pairing required')
				expect(String(result.items![0].json.description)).toContain(
					'openclaw devices approve req-42',
				);
			tally.push({
				fault,
				peer: 'fake peer',
				outcome: 'error item per input (continueOnFail)',
				shown: `${String(result.items![0].json.error)}${result.items![0].json.description ? ` — ${String(result.items![0].json.description)}` : ''}`,
				integrity: `${result.items!.length} of 2 items answered`,
			});
		});
	});

	test('a frame over policy.maxPayload is refused before sending', async () => {
		await withPeer({ maxPayload: 4096 }, async (peer) => {
			const result = await attempt(runAgent, {
				credentials: peerCreds(peer),
				params: { ...agentParams, message: 'y'.repeat(8000) },
			});
			expect(result.error?.message).toMatch(/the gateway accepts at most 4096/);
			expect(peer.requests.map((r) => r.method)).not.toContain('agent');
			tally.push({
				fault: 'Frame over policy.maxPayload',
				peer: 'fake peer',
				outcome: 'error, nothing sent',
				shown: shownOf(result),
				integrity: `agent requests: ${peer.sent('agent').length}`,
			});
		});
	});

	test('the gateway answers with just an ack (same key already running): the cached final, no new run', async () => {
		let agentRequests = 0;
		await withPeer(
			{
				handlers: {
					agent: (req, ws) => {
						agentRequests++;
						const runId = String(req.params.idempotencyKey);
						if (agentRequests === 1) {
							// In flight elsewhere: only the ack, then the run's end on the event stream.
							FakePeer.reply(ws, req.id, { runId, status: 'accepted' });
							ws.send(
								JSON.stringify({
									type: 'event',
									event: 'agent',
									payload: { runId, stream: 'lifecycle', data: { phase: 'end' } },
								}),
							);
						} else {
							FakePeer.reply(ws, req.id, {
								runId,
								status: 'ok',
								result: { payloads: [{ text: 'cached answer' }] },
							});
						}
					},
					'agent.wait': (req, ws) =>
						FakePeer.reply(ws, req.id, { runId: req.params.runId as string, status: 'ok' }),
				},
			},
			async (peer) => {
				const result = await attempt(runAgent, {
					credentials: peerCreds(peer),
					params: { ...agentParams, message: 'hi' },
				});
				expect(result.items?.[0].json.text).toBe('cached answer');
				const methods = peer.requests.map((r) => r.method);
				expect(methods.filter((m) => m === 'agent')).toHaveLength(2);
				expect(methods.indexOf('agent.wait')).toBeLessThan(methods.lastIndexOf('agent'));
				tally.push({
					fault: 'Gateway answers with just an ack (same key in flight)',
					peer: 'fake peer',
					outcome: 'cached final fetched after the run ended',
					shown: shownOf(result),
					integrity: `agent requests: ${methods.filter((m) => m === 'agent').length} (the second only reads the cached result)`,
				});
			},
		);
	});

	test('unknown event types and duplicate terminal events: one answer', async () => {
		await withPeer(
			{
				handlers: {
					agent: (req, ws) => {
						const runId = String(req.params.idempotencyKey);
						FakePeer.reply(ws, req.id, { runId, status: 'accepted' });
						ws.send(
							JSON.stringify({ type: 'event', event: 'brand.new.thing', payload: { runId } }),
						);
						ws.send(
							JSON.stringify({
								type: 'event',
								event: 'agent',
								payload: { runId, stream: 'mystery', data: {} },
							}),
						);
						for (let i = 0; i < 2; i++) {
							ws.send(
								JSON.stringify({
									type: 'event',
									event: 'agent',
									payload: { runId, stream: 'lifecycle', data: { phase: 'end' } },
								}),
							);
							ws.send(
								JSON.stringify({
									type: 'event',
									event: 'chat',
									payload: { runId, state: 'final' },
								}),
							);
						}
						FakePeer.reply(ws, req.id, {
							runId,
							status: 'ok',
							result: { payloads: [{ text: 'only once' }], meta: { durationMs: 1 } },
						});
						FakePeer.reply(ws, req.id, {
							runId,
							status: 'ok',
							result: { payloads: [{ text: 'again' }] },
						});
					},
					'agent.wait': () => undefined,
				},
			},
			async (peer) => {
				const result = await attempt(runAgent, {
					credentials: peerCreds(peer),
					params: { ...agentParams, message: 'hi' },
				});
				expect(result.items).toHaveLength(1);
				expect(result.items![0].json.text).toBe('only once');
				expect(peer.sent('agent')).toHaveLength(1);
				tally.push({
					fault: 'Unknown event types, duplicate terminal events',
					peer: 'fake peer',
					outcome: 'result',
					shown: shownOf(result),
					integrity: `${result.items!.length} item, ${peer.sent('agent').length} agent request`,
				});
			},
		);
	});
});

describe('429 and Retry-After (fake HTTP server)', () => {
	async function with429(
		retryAfter: string,
		fn: (url: string, count: () => number) => Promise<void>,
	) {
		let count = 0;
		const server = http.createServer((req, res) => {
			count++;
			res.writeHead(429, { 'content-type': 'application/json', 'retry-after': retryAfter });
			res.end(JSON.stringify({ error: { type: 'rate_limited', message: 'Too many requests' } }));
		});
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
		try {
			await fn(`http://127.0.0.1:${(server.address() as { port: number }).port}`, () => count);
		} finally {
			await new Promise((r) => server.close(r));
		}
	}

	test('a short Retry-After is honoured once, then the node stops with a clear error', async () => {
		await with429('1', async (url, count) => {
			const started = Date.now();
			const result = await attempt(invokeTool, {
				credentials: { url, token: 'peer-token' },
				params: { tool: rl('sessions_list'), args: '{}', options: { transport: 'http' } },
			});
			expect(count()).toBe(2);
			expect(Date.now() - started).toBeGreaterThanOrEqual(900);
			expect(result.error?.message).toMatch(/rate limiting/);
			tally.push({
				fault: '429 with Retry-After: 1',
				peer: 'fake HTTP',
				outcome: 'waited once, then error',
				shown: `${result.error!.message} — ${result.error!.description}`,
				integrity: `${count()} requests`,
			});
		});
	});

	test('cancelling the execution during a Retry-After wait ends it at once, with no second request', async () => {
		await with429('20', async (url, count) => {
			const cancel = new AbortController();
			const started = Date.now();
			const pending = attempt(invokeTool, {
				credentials: { url, token: 'peer-token' },
				params: { tool: rl('sessions_list'), args: '{}', options: { transport: 'http' } },
				cancel: cancel.signal,
			});
			await sleep(300);
			cancel.abort();
			const result = await pending;
			const waited = Date.now() - started;
			expect(waited).toBeLessThan(3000);
			expect(count()).toBe(1);
			expect(result.error?.message).toMatch(/cancelled/);
			tally.push({
				fault: 'Execution cancelled during a 429 Retry-After wait (20 s)',
				peer: 'fake HTTP',
				outcome: 'cancelled at once',
				shown: result.error!.message,
				integrity: `${count()} request, stopped after ${Math.round(waited / 100) / 10} s`,
			});
		});
	});

	test('a lockout-length Retry-After is not waited for', async () => {
		await with429('300', async (url, count) => {
			const result = await attempt(invokeTool, {
				credentials: { url, token: 'peer-token' },
				params: { tool: rl('sessions_list'), args: '{}', options: { transport: 'http' } },
			});
			expect(count()).toBe(1);
			expect(result.error?.description).toMatch(/Wait 300 seconds/);
			tally.push({
				fault: '429 with Retry-After: 300',
				peer: 'fake HTTP',
				outcome: 'error at once',
				shown: `${result.error!.message} — ${result.error!.description}`,
				integrity: `${count()} request`,
			});
		});
	});
});

describe('OpenClaw Trigger: drops and refusals on a live subscription (fake peer)', () => {
	const trigger = new OpenClawTrigger();
	const peerCreds = (peer: FakePeer): Credentials => ({
		url: peer.url,
		token: 'trigger-peer-token',
	});
	const finished = (runId: string) => ({
		runId,
		sessionKey: 'agent:main:main',
		state: 'final',
		message: { role: 'assistant', content: [{ type: 'text', text: `answer ${runId}` }] },
	});
	/** The first gap item the trigger emitted, waited for (10 s). */
	async function gapItem(record: TriggerRecord): Promise<IDataObject> {
		await until(() => record.emitted.some((e) => e.event === 'gap'), 10000);
		return record.emitted.find((e) => e.event === 'gap')!;
	}
	/** Activates the trigger on the peer (Agent Run Finished, gaps reported). */
	async function activate(peer: FakePeer) {
		secrets.push(...secretsOf(peerCreds(peer)));
		const { ctx, record } = triggerContext({
			credentials: peerCreds(peer),
			params: { events: ['agentRunFinished'], filters: {}, options: { reportGaps: true } },
		});
		const response = await trigger.trigger!.call(ctx);
		return { record, close: async () => response.closeFunction?.() };
	}
	test('the gateway closes the connection: reconnected by itself, the gap reported once, an event sent again not emitted twice', async () => {
		await withPeer({ events: ['chat', 'agent'] }, async (peer) => {
			const t = await activate(peer);
			try {
				peer.broadcast('chat', finished('r1'));
				expect((await t.record.next()).runId).toBe('r1');
				for (const c of peer.clients()) c.close(1012, 'service restart');
				const gap = await t.record.next(10000);
				expect(gap).toMatchObject({ event: 'gap', recoveredCronRuns: 0 });
				expect(String(gap.reason)).toMatch(/code 1012/);
				peer.broadcast('chat', finished('r1')); // the same run's final again (a replay)
				peer.broadcast('chat', finished('r2'));
				expect((await t.record.next()).runId).toBe('r2');
				await sleep(300);
				expect(t.record.emitted.map((e) => e.runId ?? e.event)).toEqual(['r1', 'gap', 'r2']);
				expect(t.record.errors).toEqual([]);
				expect(peer.connections).toBe(2);
				seen.push(t.record.emitted);
				tally.push({
					fault: 'Trigger: gateway closes the subscription (1012)',
					peer: 'fake peer',
					outcome: 'reconnected, one gap item',
					shown: `gap item: ${String(gap.reason)}`,
					integrity: `events emitted: r1, r2 once each (r1 replayed after the reconnect); connections: ${peer.connections}`,
				});
			} finally {
				await t.close();
			}
		});
	});

	test('the gateway stops ticking: the watchdog ends the silent connection and the trigger reconnects, one gap item per silent spell', async () => {
		await withPeer({ events: ['chat'], tickIntervalMs: 300 }, async (peer) => {
			const t = await activate(peer);
			// The last frame of the first connection came before activation returned; the watchdog
			// notices the silence 0.6 s later. What the gateway sent meanwhile may be lost: the gap
			// starts at the last frame heard, not when the silence was noticed.
			const activatedAt = Date.now();
			try {
				// Two silent spells: the first connection and the second both go quiet.
				await until(() => peer.connections >= 3, 30000);
				await until(() => t.record.emitted.filter((e) => e.event === 'gap').length >= 2, 10000);
				await t.close();
				const gaps = t.record.emitted.filter((e) => e.event === 'gap');
				const spells = peer.connections - 1;
				expect(String(gaps[0].reason)).toMatch(/stopped responding/);
				expect(Date.parse(String(gaps[0].from))).toBeLessThanOrEqual(activatedAt);
				expect(Number(gaps[0].durationMs)).toBeGreaterThanOrEqual(600);
				expect(gaps).toHaveLength(spells);
				expect(t.record.errors).toEqual([]);
				seen.push(t.record.emitted);
				tally.push({
					fault: 'Trigger: gateway silent (no tick for 2 intervals)',
					peer: 'fake peer',
					outcome: 'connection ended, reconnected',
					shown: `gap item: ${String(gaps[0].reason).slice(0, 120)}`,
					integrity: `no emitError; ${gaps.length} gap items for ${spells} silent spells`,
				});
			} finally {
				await t.close();
			}
		});
	});

	test('a gateway that drops every connection at once: the waits keep doubling (no reconnect each second)', async () => {
		await withPeer({ events: ['chat'] }, async (peer) => {
			const t = await activate(peer);
			let flapping = true;
			try {
				const from = Date.now();
				const flap = (async () => {
					while (flapping) {
						for (const c of peer.clients()) c.close(1013, 'try again later');
						await sleep(100);
					}
				})();
				await sleep(6000);
				flapping = false;
				await flap;
				// Reset to 1 s after each short-lived connection, 6 s would see 5 or more reconnects; with the
				// waits doubling (0.5–1, 1–2, 2–4, 4–8 s) at most 3.
				const reconnects = peer.connections - 1;
				expect(reconnects).toBeGreaterThanOrEqual(1);
				expect(reconnects).toBeLessThanOrEqual(3);
				expect(t.record.errors).toEqual([]);
				tally.push({
					fault: 'Trigger: the gateway drops every connection at once (1013), for 6 s',
					peer: 'fake peer',
					outcome: 'reconnected with doubling waits',
					shown: `${t.record.emitted.filter((e) => e.event === 'gap').length} gap items`,
					integrity: `reconnects in ${((Date.now() - from) / 1000).toFixed(0)} s: ${reconnects}; no emitError`,
				});
			} finally {
				flapping = false;
				await t.close();
			}
		});
	});

	test('one event that cannot be turned into an item (a timestamp out of range) is logged, and the next events still arrive', async () => {
		await withPeer({ events: ['chat', 'agent'] }, async (peer) => {
			const t = await activate(peer);
			try {
				peer.broadcast('chat', {
					...finished('bad'),
					message: { role: 'assistant', content: 'x', timestamp: 9e15 },
				});
				peer.broadcast('chat', finished('r2'));
				expect((await t.record.next(5000)).runId).toBe('r2');
				expect(t.record.errors).toEqual([]);
				tally.push({
					fault: 'Trigger: an event whose mapping throws (timestamp out of range)',
					peer: 'fake peer',
					outcome: 'logged, the trigger goes on',
					shown: "(a warning in n8n's log)",
					integrity: `events emitted after it: ${t.record.emitted.length} (r2)`,
				});
			} finally {
				await t.close();
			}
		});
	});

	test('2026.9 skips frames for a slow reader (a hole in seq): a gap item, as for a reconnect', async () => {
		await withPeer({ events: ['chat', 'agent'] }, async (peer) => {
			const t = await activate(peer);
			try {
				const send = (seq: number, runId: string) =>
					peer
						.clients()[0]
						.send(JSON.stringify({ type: 'event', event: 'chat', payload: finished(runId), seq }));
				send(1, 's1');
				send(2, 's2');
				send(5, 's5'); // 3 and 4 were dropped by the gateway
				await until(() => t.record.emitted.length >= 4, 5000);
				const events = t.record.emitted.map((e) => e.runId ?? e.event);
				expect(events.filter((e) => e === 'gap')).toHaveLength(1);
				expect(events).toEqual(expect.arrayContaining(['s1', 's2', 's5', 'gap']));
				const gap = t.record.emitted.find((e) => e.event === 'gap')!;
				expect(String(gap.reason)).toMatch(/skipped 2 events/);
				expect(peer.connections).toBe(1);
				tally.push({
					fault: 'Trigger: the gateway dropped 2 frames for a slow reader (seq 2 → 5)',
					peer: 'fake peer',
					outcome: 'one gap item, connection kept',
					shown: `gap item: ${String(gap.reason)}`,
					integrity: `items: ${events.join(', ')}`,
				});
			} finally {
				await t.close();
			}
		});
	});

	test('cron runs of a drop are recovered by their end: one that started before the drop, one of a job that deleted itself; not one that ended before', async () => {
		let dropAt = 0;
		const job = { id: 'job-long', name: 'long report', agentId: 'main' };
		await withPeer(
			{
				events: ['cron', 'chat'],
				methods: ['cron.list', 'cron.runs', 'agent', 'agent.wait'],
				handlers: {
					'cron.list': (r, ws) => FakePeer.reply(ws, r.id, { jobs: [job] }),
					'cron.runs': (r, ws) => {
						const entry = (id: string, jobId: string, startBefore: number, endAfter: number) => ({
							ts: dropAt + endAfter,
							jobId,
							action: 'finished',
							status: 'ok',
							runId: id,
							runAtMs: dropAt - startBefore,
							durationMs: startBefore + endAfter,
						});
						FakePeer.reply(ws, r.id, {
							entries: [
								entry('started-before-drop', 'job-long', 120_000, 500),
								entry('deleted-job', 'job-gone', 1000, 400),
								entry('ended-long-before', 'job-long', 300_000, -200_000),
							],
							total: 3,
							hasMore: false,
						});
					},
				},
			},
			async (peer) => {
				secrets.push(...secretsOf(peerCreds(peer)));
				const { ctx, record } = triggerContext({
					credentials: peerCreds(peer),
					params: { events: ['cronJobFinished'], filters: {}, options: { reportGaps: true } },
				});
				const response = await trigger.trigger!.call(ctx);
				try {
					dropAt = Date.now();
					for (const c of peer.clients()) c.close(1012, 'service restart');
					const gap = await gapItem(record);
					const items = record.emitted.filter((e) => e.event === 'cronJobFinished');
					expect(items.map((e) => e.runId).sort()).toEqual(['deleted-job', 'started-before-drop']);
					expect(gap).toMatchObject({ event: 'gap', recoveredCronRuns: 2 });
					expect(peer.sent('cron.runs')[0].params).toMatchObject({ scope: 'all' });
					tally.push({
						fault:
							'Trigger: cron runs that ended during a drop (one started 2 min before it, one of a deleted job)',
						peer: 'fake peer',
						outcome: 'both recovered, one gap item',
						shown: `gap item: recoveredCronRuns ${String(gap.recoveredCronRuns)}`,
						integrity: `recovered: ${items.map((e) => e.runId).join(', ')}; the run that ended before the drop: not emitted`,
					});
				} finally {
					await response.closeFunction?.();
				}
			},
		);
	});

	test.each([
		['wrong secret', TOKEN_MISMATCH, /The gateway rejected the token/, /gateway\.auth\.token/],
		[
			'device no longer paired',
			{
				code: 'NOT_PAIRED',
				message: 'pairing required',
				details: { code: 'PAIRING_REQUIRED', requestId: 'req-77', reason: 'not-paired' },
			},
			/not paired/,
			/openclaw devices approve req-77/,
		],
	])(
		'after a drop the gateway refuses the %s: reported once with emitError, no more attempts',
		async (what, refusal, message, fix) => {
			await withPeer(
				{ events: ['chat'], refuseConnect: (n) => (n > 1 ? refusal : undefined) },
				async (peer) => {
					const t = await activate(peer);
					try {
						for (const c of peer.clients()) c.close(1012, 'service restart');
						await until(() => t.record.errors.length > 0, 20000);
						const error = t.record.errors[0] as Error & { description?: string };
						expect(error.message).toMatch(message);
						expect(error.description).toMatch(fix);
						const attempts = peer.connections;
						await sleep(2500); // longer than the first backoffs: nothing more is tried
						expect(peer.connections).toBe(attempts);
						expect(t.record.errors).toHaveLength(1);
						expect(t.record.emitted).toEqual([]);
						seen.push(error);
						tally.push({
							fault: `Trigger: after a drop, the ${what} is refused`,
							peer: 'fake peer',
							outcome: 'emitError (n8n deactivates, retries later)',
							shown: `${error.message} — ${error.description}`,
							integrity: `connections: ${attempts}; no item emitted`,
						});
					} finally {
						await t.close();
					}
				},
			);
		},
	);

	test("a rotated token under two triggers, and n8n's reactivations of both: no sign-in after the refusals for 10 s (the gateway's lockout is not reached)", async () => {
		await withPeer(
			{ events: ['chat'], refuseConnect: (n) => (n > 2 ? TOKEN_MISMATCH : undefined) },
			async (peer) => {
				const a = await activate(peer);
				const b = await activate(peer);
				try {
					for (const c of peer.clients()) c.close(1012, 'service restart');
					await until(() => a.record.errors.length > 0 && b.record.errors.length > 0, 20000);
					const signIns = peer.connections;
					expect(signIns).toBeLessThanOrEqual(4);
					// n8n activates each again after 1, 2, 4 … s, each a new activation (here at once).
					for (let i = 0; i < 3; i++)
						for (let t = 0; t < 2; t++) {
							const again = await activate(peer).then(
								async (x) => {
									await x.close();
									return undefined;
								},
								(e: unknown) => e as Error & { description?: string },
							);
							expect(again?.message).toMatch(/rejected the token/);
							expect(again?.message).toMatch(/not tried again for \d+ s/);
						}
					expect(peer.connections).toBe(signIns);
					tally.push({
						fault: "Trigger: a rotated token under two triggers, and n8n's reactivations (6)",
						peer: 'fake peer',
						outcome: 'emitError, then each reactivation refused without a sign-in for 10 s',
						shown: `${String(a.record.errors[0]?.message)}`,
						integrity: `sign-ins: ${signIns} (2 accepted, then the refusals); reactivations signing in: ${peer.connections - signIns}`,
					});
				} finally {
					await a.close();
					await b.close();
				}
			},
		);
	});

	test("after a drop the gateway refuses the trigger's subscription (its params: a changed schema): reported once with emitError, no more attempts", async () => {
		await withPeer(
			{
				events: ['sessions.changed'],
				methods: ['sessions.subscribe'],
				handlers: {
					'sessions.subscribe': (r, ws, peer) =>
						peer.sent('sessions.subscribe').length > 1
							? FakePeer.fail(ws, r.id, {
									code: 'INVALID_REQUEST',
									message: 'invalid sessions.subscribe params: at root: unexpected property',
								})
							: FakePeer.reply(ws, r.id, { subscribed: true }),
				},
			},
			async (peer) => {
				secrets.push(...secretsOf(peerCreds(peer)));
				const { ctx, record } = triggerContext({
					credentials: peerCreds(peer),
					params: { events: ['sessionsChanged'], filters: {}, options: { reportGaps: true } },
				});
				const response = await trigger.trigger!.call(ctx);
				try {
					for (const c of peer.clients()) c.close(1012, 'service restart');
					await until(() => record.errors.length > 0, 20000);
					const error = record.errors[0] as Error & { description?: string };
					expect(error.message).toMatch(/sessions\.subscribe/);
					expect(error.message).toMatch(/unexpected property/);
					expect(error.description).toMatch(/update/i);
					const attempts = peer.connections;
					await sleep(2500); // longer than the first backoffs: nothing more is tried
					expect(peer.connections).toBe(attempts);
					expect(record.errors).toHaveLength(1);
					expect(record.emitted).toEqual([]);
					tally.push({
						fault: "Trigger: after a drop, the gateway refuses the subscription's params",
						peer: 'fake peer',
						outcome: 'emitError (n8n deactivates, retries later)',
						shown: `${error.message} — ${error.description}`,
						integrity: `connections: ${attempts}; no item emitted`,
					});
				} finally {
					await response.closeFunction?.();
				}
			},
		);
	});

	test("deactivated while n8n's egress check of a reconnect is still running: no socket is opened after it", async () => {
		await withPeer({ events: ['chat'] }, async (peer) => {
			secrets.push(...secretsOf(peerCreds(peer)));
			let checks = 0;
			let release = () => {};
			const held = new Promise<void>((r) => (release = r));
			const { ctx } = triggerContext({
				credentials: peerCreds(peer),
				params: { events: ['agentRunFinished'], filters: {}, options: { reportGaps: true } },
				helpers: {
					// n8n's SSRF filter: the activation's check passes at once, the reconnect's waits.
					getSecureEgressFilter: () => ({
						validateUrl: async () => {
							if (++checks > 1) await held;
							return { ok: true };
						},
					}),
				},
			});
			const response = await trigger.trigger!.call(ctx);
			expect(peer.connections).toBe(1);
			for (const c of peer.clients()) c.close(1012, 'service restart');
			await until(() => checks >= 2, 10000);
			await response.closeFunction?.();
			release();
			await sleep(1500);
			expect(peer.connections).toBe(1);
			expect(peer.clients()).toHaveLength(0);
		});
	});

	test('n8n restarted (activation "init") after a while: one gap item for the downtime, the cron runs that ended in it once, the approvals still waiting again; a second restart repeats none', async () => {
		const staticData: IDataObject = {};
		const job = { id: 'job-nightly', name: 'nightly', agentId: 'main' };
		let endedAt = 0;
		await withPeer(
			{
				events: ['chat', 'cron', 'exec.approval.requested'],
				methods: ['cron.list', 'cron.runs', 'exec.approval.list'],
				handlers: {
					'cron.list': (r, ws) => FakePeer.reply(ws, r.id, { jobs: [job] }),
					'cron.runs': (r, ws) =>
						FakePeer.reply(ws, r.id, {
							entries: endedAt
								? [
										{
											ts: endedAt,
											jobId: job.id,
											action: 'finished',
											status: 'ok',
											runId: 'cron-run-while-down',
											runAtMs: endedAt - 2000,
											durationMs: 2000,
										},
									]
								: [],
							hasMore: false,
						}),
					// 2026.9 answers with the list itself.
					'exec.approval.list': (r, ws) =>
						FakePeer.reply(ws, r.id, [
							{
								id: 'appr-waiting',
								request: { command: 'ls', sessionKey: 'agent:main:main', agentId: 'main' },
								createdAtMs: Date.now() - 5000,
								expiresAtMs: Date.now() + 600000,
							},
						] as unknown as Record<string, unknown>),
				},
			},
			async (peer) => {
				const activateAs = async (activation: 'activate' | 'init') => {
					const { ctx, record } = triggerContext({
						credentials: peerCreds(peer),
						params: {
							events: ['agentRunFinished', 'cronJobFinished', 'approvalRequested'],
							filters: {},
							options: { reportGaps: true },
						},
						activation,
						staticData,
					});
					const response = await trigger.trigger!.call(ctx);
					return { record, close: async () => response.closeFunction?.() };
				};
				// Activated by the user; one event; then n8n goes down.
				const first = await activateAs('activate');
				peer.broadcast('chat', finished('before-restart'));
				expect((await first.record.next()).runId).toBe('before-restart');
				await first.close();
				const lastSeen = Number(staticData.listeningAt);
				expect(lastSeen).toBeGreaterThan(0);
				await sleep(200);
				endedAt = Date.now(); // a cron run ends while n8n is down
				await sleep(200);
				// n8n starts again and activates the workflow ("init").
				const second = await activateAs('init');
				await until(() => second.record.emitted.length >= 3, 10000);
				const gap = second.record.emitted.find((e) => e.event === 'gap')!;
				expect(gap).toMatchObject({ recoveredCronRuns: 1 });
				expect(String(gap.reason)).toMatch(/n8n was not listening/);
				expect(Date.parse(String(gap.from))).toBe(lastSeen);
				const runs = second.record.emitted.filter((e) => e.event === 'cronJobFinished');
				expect(runs.map((e) => e.runId)).toEqual(['cron-run-while-down']);
				const approvals = second.record.emitted.filter((e) => e.event === 'approvalRequested');
				expect(approvals.map((e) => e.id)).toEqual(['appr-waiting']);
				await second.close();
				// Another restart at once: the cron run and the approval are remembered, not emitted again.
				const third = await activateAs('init');
				await gapItem(third.record);
				await sleep(300);
				expect(third.record.emitted.filter((e) => e.event === 'cronJobFinished')).toEqual([]);
				expect(third.record.emitted.filter((e) => e.event === 'approvalRequested')).toEqual([]);
				await third.close();
				tally.push({
					fault:
						'Trigger: n8n restarted (activation init) while a cron run ended and an approval waited',
					peer: 'fake peer',
					outcome:
						'one gap item for the downtime; the cron run recovered; the approval emitted again',
					shown: `gap item: ${String(gap.reason)}; recoveredCronRuns ${String(gap.recoveredCronRuns)}`,
					integrity: `over two restarts: cron run emitted ${runs.length}×, the waiting approval ${approvals.length}×`,
				});
			},
		);
	});

	test('an approval still waiting after more than 200 newer cron runs: an n8n restart does not emit it again', async () => {
		const staticData: IDataObject = {};
		const job = { id: 'job-busy', name: 'busy', agentId: 'main' };
		const approval = {
			id: 'appr-long-waiting',
			request: { command: 'ls', sessionKey: 'agent:main:main', agentId: 'main' },
			createdAtMs: Date.now(),
			expiresAtMs: Date.now() + 1800000,
		};
		await withPeer(
			{
				events: ['chat', 'cron', 'exec.approval.requested'],
				methods: ['cron.list', 'cron.runs', 'exec.approval.list'],
				handlers: {
					'cron.list': (r, ws) => FakePeer.reply(ws, r.id, { jobs: [job] }),
					'cron.runs': (r, ws) => FakePeer.reply(ws, r.id, { entries: [], hasMore: false }),
					'exec.approval.list': (r, ws) =>
						FakePeer.reply(ws, r.id, [approval] as unknown as Record<string, unknown>),
				},
			},
			async (peer) => {
				const activateAs = async (activation: 'activate' | 'init') => {
					const { ctx, record } = triggerContext({
						credentials: peerCreds(peer),
						params: {
							events: ['cronJobFinished', 'approvalRequested'],
							filters: {},
							options: { reportGaps: true },
						},
						activation,
						staticData,
					});
					const response = await trigger.trigger!.call(ctx);
					return { record, close: async () => response.closeFunction?.() };
				};
				const first = await activateAs('activate');
				peer.broadcast('exec.approval.requested', approval);
				await until(() => first.record.emitted.some((e) => e.event === 'approvalRequested'), 10000);
				// A busy cron job: 250 runs end while the approval still waits.
				const runs = 250;
				for (let i = 0; i < runs; i++)
					peer.broadcast('cron', {
						action: 'finished',
						jobId: job.id,
						runId: `busy-run-${i}`,
						status: 'ok',
						ts: Date.now(),
					});
				await until(
					() => first.record.emitted.filter((e) => e.event === 'cronJobFinished').length >= runs,
					20000,
				);
				await first.close();
				// The static data stays bounded: the last 200 cron runs, and the approval.
				const kept = staticData.keys as string[];
				expect(kept.filter((k) => k.startsWith('cron:'))).toHaveLength(200);
				expect(kept.filter((k) => !k.startsWith('cron:'))).toEqual(['approval:appr-long-waiting']);
				// n8n restarts; the gateway still lists the approval as waiting.
				const second = await activateAs('init');
				await gapItem(second.record);
				await sleep(300);
				const again = second.record.emitted.filter((e) => e.event === 'approvalRequested');
				await second.close();
				expect(again).toEqual([]);
				tally.push({
					fault: 'Trigger: n8n restarted while an approval waited behind 250 newer cron runs',
					peer: 'fake peer',
					outcome: 'the approval is not emitted again',
					shown: '(no item)',
					integrity: `approval emitted 1× over the restart; cron runs emitted ${runs}×`,
				});
			},
		);
	});

	/**
	 * A peer whose cron job has one run (`runId`) that ended at `endedAt()` (none while it is 0). With
	 * `reads`, it counts the `cron.runs` reads, and the first drops the connection before answering.
	 */
	const cronPeer = (
		endedAt: () => number,
		extra: FakePeerOptions = {},
		{ runId = 'cron-run-in-the-gap', reads }: { runId?: string; reads?: { count: number } } = {},
	): FakePeerOptions => {
		const job = { id: 'job-hourly', name: 'hourly', agentId: 'main' };
		return {
			events: ['chat', 'cron'],
			methods: ['cron.list', 'cron.runs'],
			handlers: {
				'cron.list': (r, ws) => FakePeer.reply(ws, r.id, { jobs: [job] }),
				'cron.runs': (r, ws) => {
					if (reads && ++reads.count === 1) return ws.close(1012, 'service restart');
					FakePeer.reply(ws, r.id, {
						entries: endedAt()
							? [
									{
										ts: endedAt(),
										jobId: job.id,
										action: 'finished',
										status: 'ok',
										runId,
										runAtMs: endedAt() - 1000,
										durationMs: 1000,
									},
								]
							: [],
						hasMore: false,
					});
				},
			},
			...extra,
		};
	};
	const cronTrigger = (
		creds: Credentials,
		activation: 'activate' | 'init',
		staticData: IDataObject,
	) =>
		triggerContext({
			credentials: creds,
			params: {
				events: ['agentRunFinished', 'cronJobFinished'],
				filters: {},
				options: { reportGaps: true },
			},
			activation,
			staticData,
		});

	test("n8n restarted, and the connection dropped while the downtime's cron runs were being read: they are read at the reconnect, each once", async () => {
		const staticData: IDataObject = { listeningAt: Date.now() - 10 * 60000 };
		const endedAt = Date.now() - 5 * 60000; // in the downtime, long before the drop
		const reads = { count: 0 };
		await withPeer(
			// The first read: the connection drops before the answer.
			cronPeer(() => endedAt, {}, { runId: 'cron-run-in-the-downtime', reads }),
			async (peer) => {
				const { ctx, record } = cronTrigger(peerCreds(peer), 'init', staticData);
				const response = await trigger.trigger!.call(ctx);
				try {
					await until(() => record.emitted.filter((e) => e.event === 'gap').length >= 2, 20000);
					await sleep(300);
					const runs = record.emitted.filter((e) => e.event === 'cronJobFinished');
					expect(runs.map((e) => e.runId)).toEqual(['cron-run-in-the-downtime']);
					expect(runs[0]).toMatchObject({ recovered: true });
					expect(reads.count).toBe(2);
					expect(staticData.cronUnreadFrom).toBeUndefined();
				} finally {
					await response.closeFunction?.();
				}
			},
		);
	});

	test('the same, but n8n stopped again before the reconnect: the next start reads them (the unread span is in the static data)', async () => {
		const staticData: IDataObject = { listeningAt: Date.now() - 10 * 60000 };
		const endedAt = Date.now() - 5 * 60000;
		const reads = { count: 0 };
		await withPeer(
			cronPeer(() => endedAt, {}, { runId: 'cron-run-unread', reads }),
			async (peer) => {
				const first = cronTrigger(peerCreds(peer), 'init', staticData);
				const r1 = await trigger.trigger!.call(first.ctx);
				await gapItem(first.record);
				await r1.closeFunction?.(); // n8n stops before the trigger reconnects
				expect(reads.count).toBe(1);
				expect(first.record.emitted.filter((e) => e.event === 'cronJobFinished')).toEqual([]);
				const second = cronTrigger(peerCreds(peer), 'init', staticData);
				const r2 = await trigger.trigger!.call(second.ctx);
				try {
					await gapItem(second.record);
					await sleep(300);
					const runs = second.record.emitted.filter((e) => e.event === 'cronJobFinished');
					expect(runs.map((e) => e.runId)).toEqual(['cron-run-unread']);
					expect(staticData.cronUnreadFrom).toBeUndefined();
				} finally {
					await r2.closeFunction?.();
				}
			},
		);
	});

	test('n8n restarted while the gateway was unreachable: the failed activation keeps when the trigger last listened, so the retry reports the whole downtime and recovers its cron run', async () => {
		const staticData: IDataObject = {};
		let endedAt = 0;
		const dead = await new FakePeer({}).start();
		const deadUrl = dead.url;
		await dead.stop();
		await withPeer(
			cronPeer(() => endedAt),
			async (peer) => {
				const first = cronTrigger(peerCreds(peer), 'activate', staticData);
				const r1 = await trigger.trigger!.call(first.ctx);
				peer.broadcast('chat', finished('before-restart'));
				expect((await first.record.next()).runId).toBe('before-restart');
				await r1.closeFunction?.();
				const lastSeen = Number(staticData.listeningAt);
				await sleep(200);
				endedAt = Date.now(); // a cron run ends while n8n is down
				// n8n starts while the gateway cannot be reached (its container still starting, the VPN not
				// up): the activation fails, and n8n tries it again with the same workflow.
				const failed = cronTrigger({ ...peerCreds(peer), url: deadUrl }, 'init', staticData);
				await expect(trigger.trigger!.call(failed.ctx)).rejects.toThrow();
				expect(staticData.listeningAt).toBe(lastSeen);
				const retry = cronTrigger(peerCreds(peer), 'init', staticData);
				const r3 = await trigger.trigger!.call(retry.ctx);
				try {
					const gap = await gapItem(retry.record);
					expect(Date.parse(String(gap.from))).toBe(lastSeen);
					expect(gap).toMatchObject({ recoveredCronRuns: 1 });
					expect(
						retry.record.emitted.filter((e) => e.event === 'cronJobFinished').map((e) => e.runId),
					).toEqual(['cron-run-in-the-gap']);
					tally.push({
						fault:
							'Trigger: n8n restarted while the gateway was unreachable (activation failed, then retried)',
						peer: 'fake peer',
						outcome: 'the retry reports the whole downtime',
						shown: `gap item: ${String(gap.reason)}; recoveredCronRuns ${String(gap.recoveredCronRuns)}`,
						integrity: 'gap from = when the trigger last listened, not the failed attempt',
					});
				} finally {
					await r3.closeFunction?.();
				}
			},
		);
	});

	test('a refusal stopped the trigger (emitError) and n8n activated it again as the user had: one gap item from the drop, its cron run recovered', async () => {
		const staticData: IDataObject = {};
		let endedAt = 0;
		let refuse = false;
		await withPeer(
			cronPeer(() => endedAt, {
				refuseConnect: () => (refuse ? TOKEN_MISMATCH : undefined),
			}),
			async (peer) => {
				secrets.push(...secretsOf(peerCreds(peer)));
				const first = cronTrigger(peerCreds(peer), 'activate', staticData);
				const r1 = await trigger.trigger!.call(first.ctx);
				refuse = true; // the token was rotated on the gateway, which closes the connection
				const droppedAt = Date.now();
				for (const c of peer.clients()) c.close(4001, 'token changed');
				await until(() => first.record.errors.length > 0, 20000);
				await r1.closeFunction?.(); // n8n deactivates the workflow …
				endedAt = Date.now(); // … a cron run ends meanwhile …
				refuse = false; // … the user puts the new token in the credential, n8n's retry gets in.
				const rotated = { ...peerCreds(peer), token: 'trigger-peer-token-rotated' };
				secrets.push(...secretsOf(rotated));
				const again = cronTrigger(rotated, 'activate', staticData);
				const r2 = await trigger.trigger!.call(again.ctx);
				try {
					const gap = await gapItem(again.record);
					expect(Date.parse(String(gap.from))).toBeLessThanOrEqual(droppedAt);
					expect(String(gap.reason)).toMatch(/stopped by an error/);
					expect(gap).toMatchObject({ recoveredCronRuns: 1 });
					expect(staticData.stoppedByError).toBeUndefined();
					tally.push({
						fault: 'Trigger: a refusal stopped it (emitError), n8n activated it again later',
						peer: 'fake peer',
						outcome: 'one gap item from the drop; the cron run recovered',
						shown: `gap item: ${String(gap.reason)}; recoveredCronRuns ${String(gap.recoveredCronRuns)}`,
						integrity: `errors reported: ${first.record.errors.length}; cron run emitted once`,
					});
				} finally {
					await r2.closeFunction?.();
				}
				// A user's own deactivation and activation later is no gap.
				const byUser = cronTrigger(rotated, 'activate', staticData);
				const r3 = await trigger.trigger!.call(byUser.ctx);
				await sleep(500);
				await r3.closeFunction?.();
				expect(byUser.record.emitted.filter((e) => e.event === 'gap')).toEqual([]);
			},
		);
	});

	test('deactivated while waiting to reconnect: no socket left and no new connection', async () => {
		await withPeer(
			{
				events: ['chat'],
				refuseConnect: (n) =>
					n > 1
						? {
								code: 'UNAVAILABLE',
								message: 'gateway starting',
								details: { reason: 'startup-sidecars' },
								retryAfterMs: 200,
							}
						: undefined,
			},
			async (peer) => {
				const t = await activate(peer);
				for (const c of peer.clients()) c.close(1012, 'service restart');
				await until(() => peer.connections >= 2, 20000);
				await t.close();
				const after = peer.connections;
				await sleep(2500);
				expect(peer.connections).toBe(after);
				expect(peer.clients()).toHaveLength(0);
				expect(t.record.errors).toEqual([]);
				tally.push({
					fault: 'Trigger: deactivated while reconnecting',
					peer: 'fake peer',
					outcome: 'stopped',
					shown: '(nothing: the workflow was deactivated)',
					integrity: `open sockets after: ${peer.clients().length}; no connection after deactivation`,
				});
			},
		);
	});
});

describe('HTTP transports cut short (fake HTTP server)', () => {
	async function withHttp(
		handler: http.RequestListener,
		fn: (url: string, count: () => number) => Promise<void>,
	) {
		let count = 0;
		const server = http.createServer((req, res) => {
			count++;
			handler(req, res);
		});
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
		try {
			await fn(`http://127.0.0.1:${(server.address() as { port: number }).port}`, () => count);
		} finally {
			server.closeAllConnections();
			await new Promise((r) => server.close(r));
		}
	}
	const sse = (res: http.ServerResponse, events: unknown[], end: string) => {
		res.writeHead(200, { 'content-type': 'text/event-stream' });
		for (const e of events) res.write(`data: ${JSON.stringify(e)}\n\n`);
		res.end(end);
	};

	test.each([
		[
			'chatCompletions',
			(res: http.ServerResponse) =>
				sse(
					res,
					[{ id: 'c1', choices: [{ delta: { content: 'The first half of' } }] }],
					'data: {"id":"c1","choices":[{"delta":{"content":" the ans',
				),
		],
		[
			'responses',
			(res: http.ServerResponse) =>
				sse(res, [{ type: 'response.output_text.delta', delta: 'The first half of' }], ''),
		],
	] as const)(
		'a %s stream that ends before its terminal event is an error, not half an answer',
		async (transport, send) => {
			await withHttp(
				(_req, res) => send(res),
				async (url, count) => {
					const result = await attempt(runAgent, {
						credentials: { url, token: 'peer-token' },
						params: {
							...agentParams,
							message: 'hi',
							transport,
							options: { timeout: 30, stream: true },
						},
					});
					expect(result.items).toBeUndefined();
					expect(result.error?.message).toMatch(
						/did not complete: the stream ended before the gateway finished the answer \(17 characters received\)/,
					);
					tally.push({
						fault: `${transport === 'chatCompletions' ? '/v1/chat/completions' : '/v1/responses'} stream cut before its end`,
						peer: 'fake HTTP',
						outcome: 'error',
						shown: result.error!.message,
						integrity: `${count()} request`,
					});
				},
			);
		},
	);

	test('a non-streamed completion that carries an error is an error', async () => {
		await withHttp(
			(_req, res) => {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ error: { message: 'upstream model failed' } }));
			},
			async (url, count) => {
				const result = await attempt(runAgent, {
					credentials: { url, token: 'peer-token' },
					params: { ...agentParams, message: 'hi', transport: 'chatCompletions' },
				});
				expect(result.error?.message).toMatch(/did not complete: upstream model failed/);
				tally.push({
					fault: '/v1/chat/completions 200 with an error body',
					peer: 'fake HTTP',
					outcome: 'error',
					shown: result.error!.message,
					integrity: `${count()} request`,
				});
			},
		);
	});
});

describe('bad input: a clear error naming the parameter, nothing sent', () => {
	test.each([
		[
			'Invalid JSON in Args',
			invokeTool,
			{ tool: rl('sessions_list'), args: '{"limit": }' },
			{},
			/The Args parameter is not valid JSON/,
		],
		[
			'Empty tool name',
			invokeTool,
			{ tool: rl(''), args: '{}' },
			{},
			/The Tool parameter is empty/,
		],
		[
			'Session key of the wrong shape',
			runAgent,
			{ ...agentParams, message: 'hi', sessionStrategy: 'custom', sessionKey: 'agent:main' },
			{},
			/The Session Key "agent:main" is not of the form/,
		],
		[
			'URL without scheme',
			invokeTool,
			{ tool: rl('sessions_list'), args: '{}' },
			{ url: '127.0.0.1:18789' },
			/has no scheme/,
		],
		[
			'URL with credentials in it',
			invokeTool,
			{ tool: rl('sessions_list'), args: '{}' },
			{ url: 'http://user:secret-pass@127.0.0.1:1' },
			/contains a user name or password/,
		],
		[
			'Token with a line break inside',
			invokeTool,
			{ tool: rl('sessions_list'), args: '{}' },
			{ token: 'abc\ndef' },
			/contains spaces or line breaks/,
		],
		[
			'Timeout 0',
			runAgent,
			{ ...agentParams, message: 'hi', options: { timeout: 0 } },
			{},
			/between 1 and 172800 seconds, not 0/,
		],
		[
			'Timeout negative',
			runAgent,
			{ ...agentParams, message: 'hi', options: { timeout: -1 } },
			{},
			/between 1 and 172800 seconds, not -1/,
		],
		[
			'Timeout huge',
			runAgent,
			{ ...agentParams, message: 'hi', options: { timeout: 1e12 } },
			{},
			/between 1 and 172800 seconds/,
		],
	])('%s', async (fault, node, params, credOver, expected) => {
		const httpLog: ContextOptions['httpLog'] = [];
		const result = await attempt(node as INodeType, {
			credentials: creds(credOver as Partial<Credentials>),
			params,
			httpLog,
		});
		expect(result.error?.message).toMatch(expected);
		expect(httpLog).toHaveLength(0);
		tally.push({
			fault,
			peer: 'input',
			outcome: 'error, nothing sent',
			shown: result.error!.message,
			integrity: `${httpLog.length} requests`,
		});
	});

	test('a token with surrounding whitespace is trimmed and works', async () => {
		const httpLog: ContextOptions['httpLog'] = [];
		const result = await attempt(invokeTool, {
			credentials: creds({ token: `  ${gw.token}\n` }),
			params: { tool: rl('sessions_list'), args: '{}', options: { transport: 'http' } },
			httpLog,
		});
		expect(result.items?.[0].json).toHaveProperty('sessions');
		tally.push({
			fault: 'Token with surrounding spaces/newline',
			peer: 'real gateway',
			outcome: 'result (trimmed)',
			shown: shownOf(result),
			integrity: `${httpLog.length} request`,
		});
	});
});

describe('security rows, measured', () => {
	test('the device id shown in errors costs a guesser one scrypt derivation per token guess (was one HMAC)', () => {
		const per = (f: (k: number) => unknown, n: number) => {
			const started = process.hrtime.bigint();
			for (let k = 0; k < n; k++) f(k);
			return Number(process.hrtime.bigint() - started) / 1e6 / n;
		};
		// A guess: derive the seed, then the id from it (Ed25519 public key, SHA-256), as the nodes do.
		const idOf = (seed: Buffer) => deviceIdentity('ignored', seed.toString('hex')).id;
		const slowMs = per((k) => idOf(deviceSeedOf(`guess-${k}`, 'token')), 5);
		const fastMs = per(
			(k) =>
				idOf(
					createHmac('sha256', `guess-${k}`)
						.update('n8n-nodes-openclaw device identity v1')
						.digest(),
				),
			2000,
		);
		expect(slowMs).toBeGreaterThan(fastMs * 50);
		tally.push({
			fault: 'Security: guessing a token from the device id an error shows',
			peer: 'input',
			outcome: 'scrypt per guess (N=2^15, r=8, 32 MB)',
			shown: `${slowMs.toFixed(0)} ms and 32 MB a guess on this machine (HMAC before: ${(fastMs * 1000).toFixed(1)} µs)`,
			integrity: `${Math.round(slowMs / fastMs).toLocaleString('en-US')}× the cost per guess`,
		});
	});

	test('"/reset" typed into a public chat (Run Agent, admin credential, the default Commands in Message) reaches the model as words', async () => {
		const session = `agent:main:sec-reset-${Date.now()}`;
		const mark = (await gw.fake.calls()).length;
		const result = await attempt(runAgent, {
			credentials: creds({ adminAccess: true }),
			params: {
				...agentParams,
				message: '/reset',
				sessionStrategy: 'custom',
				sessionKey: session,
			},
		});
		const words = (await gw.fake.calls())
			.slice(mark)
			.filter((c) => c.text.includes('\u200B/reset')).length;
		expect(result.error).toBeUndefined();
		expect(words).toBe(1);
		tally.push({
			fault: 'Security: "/reset" from a public chat, admin credential',
			peer: 'real gateway',
			outcome: 'answered; the model read "/reset" as words (no reset)',
			shown: shownOf(result),
			integrity: `model calls with the words: ${words}`,
		});
	});

	test("an AI Agent's tool call of config.patch through Call Method (admin credential) is refused before anything is sent", async () => {
		const sent: string[] = [];
		setSocketFactory((url) => {
			const ws = new WebSocket(url);
			const send = ws.send.bind(ws);
			ws.send = (data: string) => {
				sent.push((JSON.parse(data) as { method: string }).method);
				send(data);
			};
			return ws as unknown as SocketLike;
		});
		try {
			const result = await attempt(new OpenClawGateway(), {
				credentials: creds({ adminAccess: true }),
				params: { resource: 'gateway', operation: 'call', method: 'config.patch', params: '{}' },
				items: [{ json: { toolCallId: 'call_sec' } }],
			});
			expect(result.error?.message).toMatch(/An AI Agent may not call config\.patch/);
			expect(sent).not.toContain('config.patch');
			tally.push({
				fault: 'Security: an AI Agent calls config.patch through Call Method (admin credential)',
				peer: 'real gateway',
				outcome: 'refused (As an AI Tool: Allow Changes is off)',
				shown: shownOf(result),
				integrity: `config.patch requests sent: ${sent.filter((m) => m === 'config.patch').length}`,
			});
		} finally {
			setSocketFactory(undefined);
		}
	});

	test('Session → Abort Run with a Run ID that resolved to nothing: refused, nothing stopped', async () => {
		await withPeer({ methods: ['chat.abort'] }, async (peer) => {
			const result = await attempt(new OpenClawGateway(), {
				credentials: { url: peer.url, token: 'peer-token' },
				params: {
					resource: 'session',
					operation: 'abort',
					session: rl('agent:main:main'),
					abortScope: 'run',
					runId: '',
				},
			});
			expect(result.error?.message).toMatch(/The Run ID parameter is empty/);
			expect(peer.sent('chat.abort')).toHaveLength(0);
			tally.push({
				fault: 'Security: Abort Run with an empty Run ID (an expression that resolved to nothing)',
				peer: 'fake peer',
				outcome: 'refused',
				shown: shownOf(result),
				integrity: `chat.abort requests: ${peer.sent('chat.abort').length}`,
			});
		});
	});

	test("the credential test where n8n's SSRF policy refuses the gateway: refused, no socket opened", async () => {
		await withPeer({}, async (peer) => {
			const fns = {
				helpers: {
					request: async () => {
						const error = new Error(
							'The request was blocked because it resolves to a restricted IP address',
						);
						error.name = 'SsrfBlockedIpError';
						throw error;
					},
				},
			} as unknown as ICredentialTestFunctions;
			const result = await openClawGatewayApiTest.call(fns, {
				id: 'c',
				name: 'c',
				type: 'openClawGatewayApi',
				data: { url: peer.url, token: 'peer-token' },
			});
			seen.push(result);
			expect(result.status).toBe('Error');
			expect(peer.connections).toBe(0);
			tally.push({
				fault:
					"Security: the credential test where n8n's SSRF policy refuses the gateway's address",
				peer: 'fake peer',
				outcome: 'refused before any socket',
				shown: result.message.slice(0, 160),
				integrity: `WebSocket connections: ${peer.connections}`,
			});
		});
	});

	test("example 6's rule on hostile commands", () => {
		const decide = example6Decision();
		const hostile = HOSTILE_COMMANDS;
		const allowed = hostile.filter((command) => decide({ command }) !== 'deny');
		expect(allowed).toEqual([]);
		tally.push({
			fault: "Security: example 6's approval rule on the issue's hostile commands",
			peer: 'input',
			outcome: 'all denied',
			shown: hostile.map((c) => JSON.stringify(c)).join(', '),
			integrity: `allowed: ${allowed.length} of ${hostile.length}`,
		});
	});
});

test('no token, password or device key appears in any output or error of this suite', () => {
	expect(seen.length).toBeGreaterThan(20);
	const text = seen.map(visibleText).join('\n');
	const distinct = [...new Set(secrets)];
	const found = distinct.filter((s) => text.includes(s));
	expect(found).toEqual([]);
	expect(distinct).toContain('secret-pass');
	tally.push({
		fault: 'Secret scan of every output and error above',
		peer: 'input',
		outcome: `${seen.length} outcomes scanned for ${distinct.length} secrets`,
		shown:
			"each case's own token or password, its derived device key (hex/base64/base64url), URL passwords",
		integrity: `${found.length} occurrences`,
	});
});
