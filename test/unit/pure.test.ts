import { createHmac, randomBytes } from 'node:crypto';

import { httpDeniedTools } from '../../nodes/shared/constants';
import { shortDescription } from '../../nodes/shared/listSearch';
import { NodeApiError, NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import {
	apiError,
	asNodeError,
	errorKind,
	httpErrorInfo,
	redact,
	rpcErrorInfo,
} from '../../nodes/shared/errors';
import { sessionKeyFor, validateSessionKey } from '../../nodes/OpenClawRunAgent/request';
import { replacing } from '../../nodes/OpenClawGateway/resources/agent';
import {
	agentOutput,
	answerGrowth,
	asPlainText,
	executionIdOf,
	idempotencyKeyFor,
	messageFor,
	turnKey,
} from '../../nodes/shared/agentTurn';
import { failureOf } from '../../nodes/shared/transport/agentRun';
import { toolOutput, withIsoTimes } from '../../nodes/shared/transport/tools';
import { parseSse } from '../../nodes/shared/transport/sse';
import { gatewayHttp } from '../../nodes/shared/transport/http';
import { decodeOpenAiAnswer } from '../../nodes/shared/transport/openai';
import { deviceSeedOf } from '../helpers/deviceSeed';
import { TEST_NODE } from '../helpers/context';
import { deviceIdentity } from '../../nodes/shared/device';
import { parseGatewayUrl } from '../../nodes/shared/url';

describe('Gateway URL', () => {
	test.each([
		['http://127.0.0.1:18789', 'http://127.0.0.1:18789', 'ws://127.0.0.1:18789/'],
		['https://gw.example.com/', 'https://gw.example.com', 'wss://gw.example.com/'],
		[
			'wss://gw.example.com/openclaw///',
			'https://gw.example.com/openclaw',
			'wss://gw.example.com/openclaw/',
		],
		['  ws://host:1/  ', 'http://host:1', 'ws://host:1/'],
	])('%s', (raw, http, ws) => expect(parseGatewayUrl(raw)).toEqual({ http, ws }));

	test.each([
		['', /empty/],
		['127.0.0.1:18789', /has no scheme/],
		['ftp://host', /must start with http/],
		['http://user:pw@host', /user name or password/],
		['http://', /not a valid URL/],
		// The password never shows, whatever else is wrong with the URL.
		['user:pw-no-scheme@127.0.0.1:18789', /user name or password/],
		['http://user:pw-bad-port@127.0.0.1:99999', /user name or password/],
		['ws://:pw-only@host:1', /user name or password/],
	])('%s is refused', (raw, message) => {
		let shown = '';
		try {
			parseGatewayUrl(raw);
		} catch (e) {
			shown = (e as Error).message;
		}
		expect(shown).toMatch(message);
		expect(shown).not.toMatch(/pw-|:pw@/);
	});
});

describe('error mapping', () => {
	test.each([
		[401, 'gateway'],
		[403, 'gateway'],
		[404, 'not-found'],
	])(
		"a file's link answered %i: never a credential error, never the link's ticket",
		async (status, kind) => {
			const ticket = `v1.${randomBytes(12).toString('hex')}`;
			const fns = {
				helpers: {
					httpRequestWithAuthentication: async () => ({
						statusCode: status,
						headers: {},
						body: '',
					}),
				},
			} as unknown as IExecuteFunctions;
			const error = await gatewayHttp(fns, TEST_NODE, 'http://gw', [], {
				method: 'GET',
				path: `/api/chat/media/outgoing/s/a/full?mediaTicket=${ticket}`,
				binary: true,
			}).then(
				() => undefined,
				(e: unknown) => e as NodeApiError,
			);
			expect(errorKind(error)).toBe(kind);
			expect(error?.message).toBe(
				`The gateway did not hand out the file (${status} at /api/chat/media/outgoing/s/a/full)`,
			);
			expect(
				JSON.stringify({ ...error, message: error?.message, description: error?.description }),
			).not.toContain(ticket);
		},
	);
	test('pairing gives the exact approve command', () => {
		const info = rpcErrorInfo(
			{
				code: 'NOT_PAIRED',
				message: 'pairing required',
				details: { code: 'PAIRING_REQUIRED', requestId: 'r-1' },
			},
			{ method: 'connect', deviceId: 'dev' },
		);
		expect(info.kind).toBe('pairing-required');
		expect(info.description).toContain('openclaw devices approve r-1');
	});
	test.each([
		[{ code: 'INVALID_REQUEST', message: 'missing scope: operator.read' }],
		[
			{
				code: 'FORBIDDEN',
				message: 'missing scope: operator.read',
				details: { code: 'MISSING_SCOPE', missingScope: 'operator.read' },
			},
		],
	])('missing scope in both shapes: %o', (shape) => {
		const info = rpcErrorInfo(shape, { method: 'sessions.list' });
		expect(info.kind).toBe('missing-scope');
		expect(info.message).toContain('operator.read');
	});
	test('wrong token vs wrong mode', () => {
		expect(
			rpcErrorInfo(
				{
					code: 'INVALID_REQUEST',
					message: 'unauthorized: gateway token mismatch',
					details: { code: 'AUTH_TOKEN_MISMATCH' },
				},
				{ method: 'connect' },
			).kind,
		).toBe('auth');
		expect(
			rpcErrorInfo(
				{
					code: 'INVALID_REQUEST',
					message: 'unauthorized',
					details: { code: 'AUTH_PASSWORD_MISSING' },
				},
				{ method: 'connect' },
			).kind,
		).toBe('auth-mode');
	});
	test.each([
		[400, 'bad-request'],
		[401, 'auth'],
		[403, 'forbidden'],
		[404, 'tool-not-available'],
		[405, 'method-not-allowed'],
		[408, 'timeout'],
		[413, 'too-large'],
		[429, 'rate-limited'],
		[500, 'server'],
		[503, 'unavailable'],
	])('HTTP %i on /tools/invoke is %s', (status, kind) => {
		const info = httpErrorInfo(
			status,
			{ ok: false, error: { message: 'x' } },
			{ path: '/tools/invoke', tool: 't', retryAfter: '7' },
		);
		expect(info.kind).toBe(kind);
		expect(info.description.length).toBeGreaterThan(20);
		if (status === 429) expect(info.retryAfterMs).toBe(7000);
	});
	test('404 on the OpenAI endpoints names the setting that turns them on', () => {
		expect(httpErrorInfo(404, 'Not Found', { path: '/v1/chat/completions' }).description).toContain(
			'gateway.http.endpoints.chatCompletions.enabled',
		);
		expect(httpErrorInfo(404, 'Not Found', { path: '/v1/responses' }).description).toContain(
			'gateway.http.endpoints.responses.enabled',
		);
	});
	test('redact removes every occurrence', () =>
		expect(redact('a SECRET b SECRET', ['SECRET'])).toBe('a [redacted] b [redacted]'));

	test('redact removes short secrets too (a 3-character password is still a password)', () =>
		expect(redact('pw=abc;', ['abc', ''])).toBe('pw=[redacted];'));

	test("n8n's own errors leave scrubbed, on a copy; the original is untouched", () => {
		const node = {
			id: '1',
			name: 'N',
			type: 't',
			typeVersion: 1,
			position: [0, 0] as [number, number],
			parameters: {},
		};
		const original = new NodeApiError(
			node,
			{ message: 'x' },
			{
				message: 'Bearer tok-123456 was refused',
				description: 'sent tok-123456',
			},
		);
		const out = asNodeError(node, original, ['tok-123456']);
		expect(out.message).toBe('Bearer [redacted] was refused');
		expect(out.description).toBe('sent [redacted]');
		expect(out).toBeInstanceOf(NodeApiError);
		expect(original.message).toContain('tok-123456');
		const clean = new NodeOperationError(node, 'nothing secret');
		expect(asNodeError(node, clean, ['tok-123456'])).toBe(clean);
	});
});

describe('request builders', () => {
	test('session keys per strategy', () => {
		expect(sessionKeyFor({ strategy: 'workflow', agentId: 'ops', workflowId: 'W 1' })).toBe(
			'agent:ops:n8n-wf-w-1',
		);
		expect(sessionKeyFor({ strategy: 'execution', agentId: 'main', executionId: '42' })).toBe(
			'agent:main:n8n-exec-42',
		);
		expect(
			sessionKeyFor({ strategy: 'item', agentId: 'main', executionId: '42', itemIndex: 3 }),
		).toBe('agent:main:n8n-exec-42-item-3');
		expect(sessionKeyFor({ strategy: 'main', agentId: 'main', mainKey: 'main' })).toBe(
			'agent:main:main',
		);
		expect(sessionKeyFor({ strategy: 'custom', agentId: 'Ops', customKey: ' My-Report ' })).toBe(
			'agent:ops:my-report',
		);
		// A full key goes as written: the gateway canonicalises it (2026.9 keeps opaque peer ids' case).
		expect(
			sessionKeyFor({
				strategy: 'custom',
				agentId: 'ops',
				customKey: 'agent:main:signal:group:AbC=',
			}),
		).toBe('agent:main:signal:group:AbC=');
		expect(sessionKeyFor({ strategy: 'custom', agentId: 'ops', customKey: 'global' })).toBe(
			'global',
		);
		expect(() => validateSessionKey('agent:main:')).toThrow(/not of the form/);
		expect(() => validateSessionKey('main')).not.toThrow();
	});
	test('idempotency keys: stable per execution, node, run and item', () => {
		expect(idempotencyKeyFor('e', 'n', 'run:0', 0)).toBe(idempotencyKeyFor('e', 'n', 'run:0', 0));
		expect(idempotencyKeyFor('e', 'n', 'run:0', 0)).not.toBe(
			idempotencyKeyFor('e', 'n', 'run:0', 1),
		);
		expect(idempotencyKeyFor('e', 'n', 'run:0', 0)).not.toBe(
			idempotencyKeyFor('e', 'n', 'run:1', 0),
		);
		expect(idempotencyKeyFor('e', 'n', 'run:0', 0)).not.toBe(
			idempotencyKeyFor('e2', 'n', 'run:0', 0),
		);
	});
	test("no execution yet (an MCP client calling the node through n8n's MCP Server Trigger): each call its own key and execution session, the items of one call the same", () => {
		// n8n 2.41 runs an MCP Server Trigger's tool inside the webhook request, before any execution exists.
		const call = () =>
			({
				getExecutionId: () => undefined,
				getNode: () => ({ id: 'node-1' }),
				getInputData: () => [{ json: { Message: 'hi' } }, { json: { Message: 'hi' } }],
				getWorkflowDataProxy: () => ({ $runIndex: 0 }),
			}) as unknown as IExecuteFunctions;
		const [first, second] = [call(), call()];
		expect(turnKey(first, 0)).not.toBe(turnKey(second, 0));
		expect(turnKey(first, 0)).toBe(turnKey(first, 0));
		expect(turnKey(first, 1)).not.toBe(turnKey(first, 0));
		expect(executionIdOf(first)).toBe(executionIdOf(first));
		expect(executionIdOf(first)).not.toBe(executionIdOf(second));
		expect(executionIdOf(first)).toMatch(/^call-[0-9a-f-]{36}$/);
	});
	test('Connect MCP Server replaces an entry: what the old one had and the new one has not becomes null, at any depth', () => {
		expect(
			replacing(
				{
					url: 'u',
					headers: { A: 'x', B: 'y' },
					toolFilter: { include: ['a'], exclude: ['b'] },
					requestTimeoutMs: 5,
				},
				{ url: 'v', headers: { B: 'z' }, toolFilter: { include: ['c'] } },
			),
		).toEqual({
			url: 'v',
			headers: { A: null, B: 'z' },
			toolFilter: { include: ['c'], exclude: null },
			requestTimeoutMs: null,
		});
	});
	test('tool output: details, else JSON text, else text', () => {
		expect(toolOutput({ details: { a: 1 } })).toEqual({ a: 1 });
		expect(toolOutput({ content: [{ type: 'text', text: '{"b":2}' }] })).toEqual({ b: 2 });
		expect(toolOutput({ content: [{ type: 'text', text: 'plain' }] })).toEqual({ text: 'plain' });
	});
	test('agent outcome: ok, error status, and 2.x "failed before reply"', () => {
		const final = {
			status: 'ok',
			runId: 'r',
			result: { payloads: [{ text: 'a' }, { text: 'b', mediaUrl: 'http://m' }] },
		};
		expect(failureOf(final)).toBeUndefined();
		const ok = agentOutput(final, 'agent:main:x', Date.now());
		expect(ok.text).toBe('a\n\nb');
		expect(ok.payloads).toEqual([
			{ text: 'a', mediaUrls: [] },
			{ text: 'b', mediaUrls: ['http://m'] },
		]);
		expect(failureOf({ status: 'error', summary: 'boom' })).toBe('boom');
		expect(
			failureOf({
				status: 'ok',
				result: { payloads: [{ text: '⚠️ Agent failed before reply: x' }] },
			}),
		).toBe('⚠️ Agent failed before reply: x');
	});
});

test('SSE: events split across chunks, CRLF, comments, multi-line data', async () => {
	async function* chunks() {
		yield 'event: a\r\nda';
		yield 'ta: 1\r\n\r\n: comment\n';
		yield new TextEncoder().encode('data: x\ndata: y\n\ndata: [DONE]\n\n');
	}
	const out = [];
	for await (const m of parseSse(chunks())) out.push(m);
	expect(out).toEqual([
		{ event: 'a', data: '1' },
		{ event: undefined, data: 'x\ny' },
		{ event: undefined, data: '[DONE]' },
	]);
});

test('SSE: CR-only line endings, and a CR at the end of one chunk with its LF in the next', async () => {
	async function* chunks() {
		yield 'event: a\rdata: 1\r\r';
		yield 'data: 2\r';
		yield '\n\r\n';
	}
	const out = [];
	for await (const m of parseSse(chunks())) out.push(m);
	expect(out).toEqual([
		{ event: 'a', data: '1' },
		{ event: undefined, data: '2' },
	]);
});

test('SSE: an event the stream cut off before its blank line is not delivered', async () => {
	async function* chunks() {
		yield 'data: whole\n\n';
		yield 'data: {"half": ';
	}
	const out = [];
	for await (const m of parseSse(chunks())) out.push(m);
	expect(out).toEqual([{ event: undefined, data: 'whole' }]);
});

test('SSE: a line longer than the limit ends the stream with an error instead of filling memory', async () => {
	async function* chunks() {
		yield 'data: ';
		for (let i = 0; i < 40; i++) yield 'x'.repeat(1024 * 1024);
	}
	const read = async () => {
		for await (const m of parseSse(chunks(), { maxLineBytes: 32 * 1024 * 1024 })) void m;
	};
	await expect(read()).rejects.toThrow(/line longer than 32 MB/);
});

describe('Invoke Tool picker', () => {
	test.each([
		['List directory entries', 'List directory entries'],
		['Fetch a URL. Returns markdown.', 'Fetch a URL'],
		['Line one\nline two', 'Line one'],
		['x'.repeat(100), `${'x'.repeat(79)}…`],
		['', ''],
	])('short description of %j', (full, short) => expect(shortDescription(full)).toBe(short));

	test.each([
		[{ version: '2026.2.22', protocol: 3 }, 'cron', false],
		[{ version: 'dev', protocol: 3 }, 'whatsapp_login', true],
		[{ version: 'dev', protocol: 3 }, 'exec', false],
		[{ version: '2026.9.6', protocol: 4 }, 'cron', true],
		[{ version: '2026.9.6', protocol: 4 }, 'exec', true],
		[{ version: '2026.9.6', protocol: 4 }, 'sessions_list', false],
		[undefined, 'exec', true],
	])('HTTP deny list of %j has %s: %s', (server, tool, denied) =>
		expect(httpDeniedTools(server).includes(tool)).toBe(denied),
	);
});

test('tool results: times at any depth become ISO 8601; counts, durations and strings stay', () => {
	const at = Date.UTC(2026, 10, 25, 12, 0, 0);
	expect(
		withIsoTimes({
			updatedAt: at,
			sessions: [{ createdAt: at, durationMs: 1234, count: at, timestamp: at }],
			lastSeenAt: 'yesterday',
			startedAt: 0,
		}),
	).toEqual({
		updatedAt: '2026-11-25T12:00:00.000Z',
		sessions: [
			{
				createdAt: '2026-11-25T12:00:00.000Z',
				durationMs: 1234,
				count: at,
				timestamp: '2026-11-25T12:00:00.000Z',
			},
		],
		lastSeenAt: 'yesterday',
		startedAt: 0,
	});
});

describe('device identity derived from the secret', () => {
	const idOf = (seed: Buffer) => deviceIdentity('ignored', seed.toString('hex')).id;
	test('token mode: scrypt too (gateways accept weak tokens; the id is shown in errors and logs), and a guess costs a slow derivation', () => {
		const seed = deviceSeedOf('tok-1', 'token');
		expect(deviceIdentity('tok-1').id).toBe(idOf(seed));
		expect(deviceIdentity('tok-1', undefined, 'token').id).toBe(idOf(seed));
		// The old fast derivation gives another id: the one a guesser could have tested cheaply.
		const fast = createHmac('sha256', 'tok-1')
			.update('n8n-nodes-openclaw device identity v1')
			.digest();
		expect(deviceIdentity('tok-1').id).not.toBe(idOf(fast));
		// What one guess costs is measured in the fault tally (test/gateway/faults.test.ts).
	});

	test('password mode: scrypt, so the device id shown in pairing errors does not let anyone test password guesses fast', () => {
		const seed = deviceSeedOf('hunter2', 'password');
		expect(deviceIdentity('hunter2', undefined, 'password').id).toBe(idOf(seed));
		expect(deviceIdentity('hunter2', undefined, 'password').id).not.toBe(
			deviceIdentity('hunter2').id,
		);
	});
});

describe('answerGrowth: the new text of each assistant event', () => {
	test('continuations give their new part; repeats nothing; a new message follows a blank line', () => {
		const got: string[] = [];
		const { grow, finish } = answerGrowth((t) => got.push(t));
		for (const text of ['He', 'Hello', 'Hello', 'Hel', 'Hello world', 'Done', 'Done.']) grow(text);
		finish('Hello world\n\nDone.');
		expect(got).toEqual(['He', 'llo', ' world', '\n\nDone', '.']);
	});

	test('the end of a long answer whose last events were not read comes from the final text', () => {
		const got: string[] = [];
		const { grow, finish } = answerGrowth((t) => got.push(t));
		grow('abc');
		finish('abcdef');
		finish('abcdef');
		expect(got).toEqual(['abc', 'def']);
	});

	/** What the chat shows: every piece sent, in order. */
	const chatOf = (steps: (g: ReturnType<typeof answerGrowth>) => void): string => {
		const got: string[] = [];
		steps(answerGrowth((t) => got.push(t)));
		return got.join('');
	};

	test('a final that does not continue what was sent (2026.9 resumed the turn after a restart) follows whole, so the chat ends with the answer', () => {
		const chat = chatOf(({ grow, finish }) => {
			grow('Here is the answ');
			finish('Sure! The whole answer.');
		});
		expect(chat).toBe('Here is the answ\n\nSure! The whole answer.');
		expect(chat.endsWith('Sure! The whole answer.')).toBe(true);
	});

	test('2026.2.x resent the run: the new text streams after the partial one and the chat ends with exactly the final', () => {
		const chat = chatOf(({ grow, finish }) => {
			grow('Hel');
			grow('Hi');
			grow('Hi there');
			finish('Hi there, friend');
		});
		expect(chat).toBe('Hel\n\nHi there, friend');
	});

	test('commentary before a tool call, then a long answer whose events were dropped unread: the final tail follows the last message', () => {
		const chat = chatOf(({ grow, finish }) => {
			grow('Let me check');
			grow('You have');
			finish('You have 2 events today.');
		});
		expect(chat).toBe('Let me check\n\nYou have 2 events today.');
	});

	test('a final that differs from what was shown only by trailing whitespace adds nothing', () => {
		expect(
			chatOf(({ grow, finish }) => {
				grow('All done.\n');
				finish('All done.');
			}),
		).toBe('All done.\n');
	});

	test('nothing streamed (a turn with files read back whole): the chat gets the final alone', () => {
		expect(chatOf(({ finish }) => finish('x'.repeat(9000)))).toBe('x'.repeat(9000));
	});
});

test("a gateway error quoting ENOENT keeps its words (n8n would replace them with its generic 'file does not exist')", () => {
	const said = "Error: ENOENT: no such file or directory, rename 'a.tmp' -> 'a'";
	const error = apiError(
		{ id: '1', name: 'N', type: 't', typeVersion: 1, position: [0, 0], parameters: {} },
		rpcErrorInfo({ code: 'UNAVAILABLE', message: said }, { method: 'agent' }),
		{ code: 'UNAVAILABLE', message: said },
		[],
	);
	expect(error.message).toBe(`The agent run did not complete: ${said}`);
});

test("the gateway's own storage giving up (SQLite 'database is locked', seen on 2026.9.6 under load) is said as such, with what a repeat does", () => {
	const info = rpcErrorInfo(
		{ code: 'UNAVAILABLE', message: 'Error: database is locked' },
		{ method: 'send' },
	);
	expect(info.kind).toBe('gateway-busy');
	expect(info.message).toBe(
		"The gateway's state database was busy and it gave up on send: Error: database is locked",
	);
	expect(info.description).toMatch(/run the workflow again/i);
	expect(info.description).toMatch(/5 minutes/);
	// The same words inside an agent run's failure are the run's failure, with the same cause named.
	const agent = rpcErrorInfo(
		{ code: 'UNAVAILABLE', message: 'SqliteError: SQLITE_BUSY: database is locked' },
		{ method: 'agent' },
	);
	expect(agent.kind).toBe('gateway-busy');
});

describe('Commands in Message → Send as Text (asPlainText): what the gateway would act on gets a zero-width space', () => {
	const Z = '\u200B';
	test.each([
		['/reset', `${Z}/reset`],
		['  /new please', `  ${Z}/new please`],
		['[x] /reset', `[x] ${Z}/reset`],
		['Note: /reset', `Note: ${Z}/reset`],
		['run this /exec security=full now', `run this ${Z}/exec security=full now`],
		['hi\n/elevated on', `hi\n${Z}/elevated on`],
		['!rm -rf ~', `${Z}!rm -rf ~`],
		['Stop.', `${Z}Stop.`],
		['please   stop!', `${Z}please   stop!`],
		['wait', `${Z}wait`],
		['[x]/reset', `[x]${Z}/reset`],
		['[x] !rm -rf ~', `[x] ${Z}!rm -rf ~`],
		['Stop.\n', `${Z}Stop.\n`],
		['use $summarize on this', `use $${Z}summarize on this`],
		['/think:high now', `${Z}/think:high now`],
	])('%j → sent as text', (message, sent) => {
		expect(asPlainText(message)).toBe(sent);
	});
	test.each([
		'Summarise https://example.com/a/b and the file a/b.txt',
		'echo:hello',
		'stop the build when tests fail',
		'Why did the 1/2 marathon stop?',
		'Read /etc/hosts and /tmp/report.txt',
		'It costs $5',
	])('%j → sent as it is (nothing the gateway acts on)', (message) => {
		expect(asPlainText(message)).toBe(message);
	});
	test('"Let the Gateway Run Them" sends the message untouched', () => {
		expect(messageFor('/reset', 'run')).toBe('/reset');
		expect(messageFor('/reset', undefined)).toBe(`${Z}/reset`);
	});
});

describe('Run Agent over HTTP: why the answer ended', () => {
	const sse = (...events: object[]) =>
		(async function* () {
			for (const e of events) yield Buffer.from(`data: ${JSON.stringify(e)}\n\n`);
			yield Buffer.from('data: [DONE]\n\n');
		})();
	test('a chat completion cut by the token limit says "length", streamed or not', async () => {
		const whole = await decodeOpenAiAnswer(
			'chatCompletions',
			{
				status: 200,
				headers: {},
				body: { id: 'c1', choices: [{ message: { content: 'par' }, finish_reason: 'length' }] },
			},
			false,
		);
		expect(whole).toMatchObject({ text: 'par', finishReason: 'length' });
		const streamed = await decodeOpenAiAnswer(
			'chatCompletions',
			{
				status: 200,
				headers: {},
				body: sse(
					{ id: 'c2', choices: [{ delta: { content: 'par' }, finish_reason: null }] },
					{ id: 'c2', choices: [{ delta: {}, finish_reason: 'length' }] },
				),
			},
			true,
		);
		expect(streamed).toMatchObject({ text: 'par', finishReason: 'length' });
	});
});
