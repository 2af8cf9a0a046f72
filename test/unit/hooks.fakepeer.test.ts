/* eslint-disable @n8n/community-nodes/no-restricted-imports -- a fake hooks peer on loopback */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject } from 'n8n-workflow';

import { OpenClawGateway } from '../../nodes/OpenClawGateway/OpenClawGateway.node';
import { errorKind } from '../../nodes/shared/errors';
import { expectNoSecrets } from '../helpers/assertions';
import { run } from '../helpers/context';

/**
 * The hooks answers the real gateways give only in rare moments (a config reload mid-request: 409,
 * a run that fails before the runner: 502, a lane busy past the 15 s admission: 503, a body over
 * 256 KiB: 413, the lockout after failed tokens: 429), from a fake peer that answers as 2026.9.6
 * does (notes/openclaw-hooks-and-mcp.md A.6); and what the node sends.
 */
const node = new OpenClawGateway();
const GATEWAY_TOKEN = crypto.randomBytes(16).toString('hex');
const HOOKS_TOKEN = crypto.randomBytes(16).toString('hex');
let server: http.Server;
let url: string;
let answer: { status: number; body: unknown; headers?: Record<string, string> };
const seen: Array<{ path: string; headers: http.IncomingHttpHeaders; body: IDataObject }> = [];

beforeAll(async () => {
	server = http.createServer((req, res) => {
		let raw = '';
		req.on('data', (c: Buffer) => (raw += c.toString()));
		req.on('end', () => {
			seen.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(raw || '{}') });
			const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
			res.writeHead(answer.status, {
				'content-type': typeof answer.body === 'string' ? 'text/plain' : 'application/json',
				...answer.headers,
			});
			res.end(text);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
	await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
	seen.length = 0;
});

const runViaHook = (options: IDataObject = {}, executionId = 'exec-1') =>
	run(node, {
		credentials: { url, token: GATEWAY_TOKEN, hooksToken: HOOKS_TOKEN, hooksPath: 'gw-hooks/' },
		params: { resource: 'agent', operation: 'runViaHook', message: 'Summarise the day', options },
		executionId,
	});
const failure = (options: IDataObject = {}) =>
	runViaHook(options).then(
		() => {
			throw new Error('expected an error');
		},
		(e: unknown) => e as Error & { description?: string; httpCode?: string },
	);

test('sends the Hooks Token (never the gateway token) to Hooks Path, deliver off, a stable key', async () => {
	answer = {
		status: 200,
		body: { ok: true, runId: 'r-1', completion: { status: 'ok', replyDisposition: 'visible' } },
	};
	const [out] = await runViaHook({ sessionKey: 'hook:orders', timeout: 42 });
	expect(seen).toHaveLength(1);
	expect(seen[0].path).toBe('/gw-hooks/agent');
	expect(seen[0].headers.authorization).toBe(`Bearer ${HOOKS_TOKEN}`);
	expect(JSON.stringify(seen[0])).not.toContain(GATEWAY_TOKEN);
	expect(seen[0].body).toMatchObject({
		message: 'Summarise the day',
		name: 'n8n',
		deliver: false,
		sessionKey: 'hook:orders',
		timeoutSeconds: 42,
		waitForCompletion: true,
		idempotencyKey: expect.stringMatching(/^n8n-[0-9a-f]{40}$/),
	});
	expect(out.json).toMatchObject({ runId: 'r-1', status: 'ok', waited: true, httpStatus: 200 });
	// The same execution, node and item: the same key (the gateway's replay makes it one run).
	await runViaHook({ sessionKey: 'hook:orders', timeout: 42 });
	expect(seen[1].body.idempotencyKey).toBe(seen[0].body.idempotencyKey);
	await runViaHook({}, 'exec-2');
	expect(seen[2].body.idempotencyKey).not.toBe(seen[0].body.idempotencyKey);
});

test('Channel and To deliver; one without the other is refused naming the option, nothing sent', async () => {
	answer = { status: 200, body: { ok: true, runId: 'r-2' } };
	await runViaHook({ channel: 'telegram', to: '42', wait: false });
	expect(seen[0].body).toMatchObject({ deliver: true, channel: 'telegram', to: '42' });
	expect(seen[0].body.waitForCompletion).toBeUndefined();
	const error = await failure({ channel: 'telegram' });
	expect(error.message).toMatch(/^The To option must be set with Channel/);
	expect(errorKind(error)).toBe('bad-input');
	expect(seen).toHaveLength(1);
});

test.each([
	[
		409,
		{ ok: false, error: 'hook configuration changed; retry request' },
		'conflict',
		/did not start the hook run/,
	],
	[
		502,
		{ ok: false, error: 'hook agent run failed before entering the agent runner', runId: 'r' },
		'agent-failed',
		/failed before it reached the agent/,
	],
	[
		503,
		{ ok: false, error: 'hook agent run did not start before admission timeout' },
		'unavailable',
		/did not start the hook run in time/,
	],
	[413, { ok: false, error: 'payload too large' }, 'too-large', /larger than the gateway accepts/],
	[404, 'Not Found', 'hooks-off', /hooks are off/],
	[405, 'Method Not Allowed', 'hooks-off', /hooks are off/],
	[401, 'Unauthorized', 'hooks-auth', /rejected the Hooks Token/],
])(
	'HTTP %s: its own kind and a message that says what happened',
	async (status, body, kind, message) => {
		answer = { status, body };
		const error = await failure();
		expect(errorKind(error)).toBe(kind);
		expect(error.message).toMatch(message);
		expect(error.description).toBeTruthy();
		expectNoSecrets(error, [HOOKS_TOKEN, GATEWAY_TOKEN]);
	},
);

test('A run that ended in error fails the item; Retry On Fail goes under a derived key (the gateway replays the failure to the same key)', async () => {
	answer = {
		status: 200,
		body: { ok: true, runId: 'r-9', completion: { status: 'error', replyDisposition: 'empty' } },
	};
	const error = await runViaHook({}, 'exec-failing').then(
		() => {
			throw new Error('expected an error');
		},
		(e: unknown) => e as Error,
	);
	expect(errorKind(error)).toBe('agent-failed');
	expect(error.message).toMatch(/r-9/);
	answer = { status: 200, body: { ok: true, runId: 'r-10', completion: { status: 'ok' } } };
	const [retried] = await runViaHook({}, 'exec-failing');
	expect(retried.json.status).toBe('ok');
	expect(seen[1].body.idempotencyKey).toBe(`${String(seen[0].body.idempotencyKey)}-r1`);
});

test('The lockout (429 with a long Retry-After): fails at once with the wait, and items after it send nothing', async () => {
	answer = { status: 429, body: 'Too Many Requests', headers: { 'retry-after': '60' } };
	const items = [{ json: {} }, { json: {} }];
	const out = await run(node, {
		credentials: { url, token: GATEWAY_TOKEN, hooksToken: HOOKS_TOKEN },
		params: { resource: 'agent', operation: 'runViaHook', message: 'x', options: {} },
		items,
		continueOnFail: true,
	});
	expect(out.map((i) => i.json.error)).toEqual([
		expect.stringMatching(/locked this address out of its hooks/),
		expect.stringMatching(/locked this address out of its hooks/),
	]);
	expect(seen).toHaveLength(1);
});
