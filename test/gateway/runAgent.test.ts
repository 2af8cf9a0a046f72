import { NodeApiError, NodeOperationError, sleep, type IDataObject } from 'n8n-workflow';

import { OpenClawRunAgent } from '../../nodes/OpenClawRunAgent/OpenClawRunAgent.node';
import { errorKind } from '../../nodes/shared/errors';
import { expectNoSecrets, expectPaired } from '../helpers/assertions';
import { rl, run, type ContextOptions } from '../helpers/context';
import { fakeLlmCalls, GATEWAYS } from '../helpers/gateways';
import { runAgentDefaults } from '../helpers/defaults';
import { binaryOf, png, sha256 } from '../helpers/png';
import { until } from '../helpers/summaryReceiver';

const node = new OpenClawRunAgent();
const base = runAgentDefaults;
const callsFor = async (marker: string) =>
	(await fakeLlmCalls()).filter((c) => c.text.includes(marker)).length;

describe.each(GATEWAYS)('OpenClaw Run Agent on $version', (gw) => {
	const credentials = { url: gw.url, token: gw.token };
	const exec = (params: IDataObject, more: Partial<ContextOptions> = {}) =>
		run(node, { credentials, params: { ...base, ...params }, ...more });
	const unique = (what: string) =>
		`${what}-${gw.label}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;

	test('waits for the final answer and returns text, payloads, run and session details', async () => {
		const marker = unique('answer');
		const out = await exec(
			{ message: `echo:${marker}` },
			{ workflowId: 'wf42', executionId: unique('exec') },
		);
		expect(out).toHaveLength(1);
		expectPaired(out, 1);
		const json = out[0].json;
		expect(json.text).toBe(marker);
		expect(json.payloads).toEqual([{ text: marker, mediaUrls: [] }]);
		expect(json.sessionKey).toBe('agent:main:n8n-wf-wf42');
		expect(json.status).toBe('ok');
		expect(typeof json.runId).toBe('string');
		expect(json.model).toBe('fake-model');
		expect(json.provider).toBe('fake');
		expect(typeof json.durationMs).toBe('number');
		expectNoSecrets(out, [gw.token]);
	});

	test('a retry of the same item in the same execution reuses the run: one model call', async () => {
		const marker = unique('once');
		const executionId = unique('exec');
		const first = await exec({ message: `echo:${marker}` }, { executionId });
		const again = await exec({ message: `echo:${marker}` }, { executionId });
		expect(again[0].json.runId).toBe(first[0].json.runId);
		expect(again[0].json.text).toBe(marker);
		expect(await callsFor(marker)).toBe(1);
		const otherExecution = await exec(
			{ message: `echo:${marker}` },
			{ executionId: unique('exec') },
		);
		expect(otherExecution[0].json.runId).not.toBe(first[0].json.runId);
		expect(await callsFor(marker)).toBe(2);
	});

	test('each pass of a loop (a new run index) is its own run; a retry within a pass is not', async () => {
		const executionId = unique('exec');
		const first = await exec({ message: 'echo:pass one' }, { executionId, runIndex: 0 });
		const second = await exec({ message: 'echo:pass two' }, { executionId, runIndex: 1 });
		expect(first[0].json.text).toBe('pass one');
		expect(second[0].json.text).toBe('pass two');
		expect(second[0].json.runId).not.toBe(first[0].json.runId);
	});

	test('several items: one run each, each answer paired with its item', async () => {
		const markers = [unique('a'), unique('b'), unique('c')];
		const out = await run(node, {
			credentials,
			params: (i) => ({ ...base, message: `echo:${markers[i]}`, sessionStrategy: 'execution' }),
			items: markers.map(() => ({ json: {} })),
			executionId: unique('exec'),
		});
		expect(out.map((o) => o.json.text)).toEqual(markers);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	test('Parallel Runs with a session per item: runs side by side, answers in input order', async () => {
		// How long the model takes per call: longer than a loaded gateway needs to start four new
		// sessions (CI once took 6.8 s for that with 1.5 s), so "four under way before the first
		// answered" tests the node's parallelism, not the machine's load.
		const MODEL_MS = 10000;
		const markers = Array.from({ length: 8 }, (_, i) => unique(`par${i}`));
		const executionId = unique('exec');
		const out = await run(node, {
			credentials,
			params: (i) => ({
				...base,
				message: `slow:${MODEL_MS} echo:${markers[i]}`,
				sessionStrategy: 'item',
				options: { parallelItems: 4 },
			}),
			items: markers.map(() => ({ json: {} })),
			executionId,
		});
		expect(out.map((o) => o.json.text)).toEqual(markers);
		expectPaired(out, 8);
		expect(out.map((o) => o.json.sessionKey)).toEqual(
			markers.map((_, i) => `agent:main:n8n-exec-${executionId}-item-${i}`),
		);
		// One model call per item; four of them were under way before the first one answered.
		const calls = (await fakeLlmCalls()).filter((c) => markers.some((m) => c.text.includes(m)));
		expect(calls).toHaveLength(8);
		const starts = calls.map((c) => c.at).sort((a, b) => a - b);
		expect(starts[3] - starts[0]).toBeLessThan(MODEL_MS);
	});

	test('Parallel Runs in one shared session: one after another, in input order, all answered', async () => {
		const markers = Array.from({ length: 4 }, (_, i) => unique(`lane${i}`));
		const out = await run(node, {
			credentials,
			params: (i) => ({
				...base,
				message: `slow:500 echo:${markers[i]}`,
				sessionStrategy: 'execution',
				options: { parallelItems: 4 },
			}),
			items: markers.map(() => ({ json: {} })),
			executionId: unique('exec'),
		});
		expect(out.map((o) => o.json.text)).toEqual(markers);
		const calls = (await fakeLlmCalls()).filter((c) => markers.some((m) => c.text.includes(m)));
		// The model saw the messages in input order, each after the previous answer (500 ms each).
		expect(calls.map((c) => markers.findIndex((m) => c.text.includes(m)))).toEqual([0, 1, 2, 3]);
		for (let k = 1; k < calls.length; k++)
			expect(calls[k].at - calls[k - 1].at).toBeGreaterThanOrEqual(500);
	});

	test('Attachments: a real image goes through the gateway to the model', async () => {
		const marker = unique('look');
		const image = png(48, marker.length);
		const out = await run(node, {
			credentials,
			params: { ...base, message: `echo:${marker}`, options: { attachments: 'photo' } },
			items: [{ json: {}, binary: { photo: binaryOf(image, 'image/png', 'chart.png') } }],
			executionId: unique('exec'),
		});
		expect(out[0].json.text).toBe(marker);
		const calls = (await fakeLlmCalls()).filter((c) => c.text.includes(marker));
		expect(calls).toHaveLength(1);
		expect(calls[0].images).toEqual([
			{ mimeType: 'image/png', bytes: image.length, sha256: sha256(image) },
		]);
	});

	test('Attachments: a file on 2026.2, a missing property, too big — clear errors, nothing sent', async () => {
		const marker = unique('refused');
		const limit = gw.label === 'latest' ? 6291456 : 5000000;
		const big = Buffer.concat([png(8), Buffer.alloc(limit)]);
		const latest = gw.label === 'latest';
		const cases: Array<[IDataObject, RegExp, RegExp]> = [
			latest
				? [
						// 2026.9 takes files (by chat.send), up to the ceiling its hello states (what a frame carries).
						{ doc: binaryOf(Buffer.alloc(20 * 1024 * 1024 + 1, 'a'), 'text/plain', 'log.txt') },
						/"log.txt" \(binary property "doc"\) is 20971521 bytes; this gateway takes files up to 19464192 bytes/,
						/agents\.defaults\.mediaMaxMb/,
					]
				: [
						{ doc: binaryOf(Buffer.from('%PDF-1.7 hello'), 'application/pdf', 'report.pdf') },
						/The attachment "report.pdf" \(binary property "doc"\) is not an image \(application\/pdf\); this OpenClaw gateway takes images only/,
						/2026\.9 or later to send files/,
					],
			[
				{ data: binaryOf(png(8), 'image/png', 'a.png') },
				/The Attachments option names the binary property "doc", which item 0 does not have/,
				/binary properties: data/,
			],
			[
				{ doc: binaryOf(big, 'image/png', 'huge.png') },
				new RegExp(
					`"huge.png" \\(binary property "doc"\\) is ${big.length} bytes; this gateway takes images up to ${limit} bytes`,
				),
				/Edit Image/,
			],
		];
		for (const [binary, message, description] of cases) {
			const error = await run(node, {
				credentials,
				params: { ...base, message: `echo:${marker}`, options: { attachments: 'doc' } },
				items: [{ json: {}, binary: binary as never }],
				executionId: unique('exec'),
			}).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect((error as NodeOperationError).message).toMatch(message);
			expect((error as NodeOperationError).description).toMatch(description);
		}
		expect(await callsFor(marker)).toBe(0);
	});

	test('Attachments: files (text, PDF) reach the model with the message on 2026.9 (by chat.send), one run on a retry; a 20,000-character answer comes back whole', async () => {
		if (gw.label !== 'latest') {
			// 2026.2.x takes images only: a text file is refused before anything is sent.
			const marker = unique('file-legacy');
			const refused = await run(node, {
				credentials,
				params: { ...base, message: `echo:${marker}`, options: { attachments: 'doc' } },
				items: [{ json: {}, binary: { doc: binaryOf(Buffer.from('x'), 'text/plain', 'x.txt') } }],
				executionId: unique('exec'),
			}).catch((e: unknown) => e as Error);
			expect(errorKind(refused)).toBe('bad-input');
			expect((refused as Error).message).toMatch(/is not an image .* takes images only/);
			expect(await callsFor(marker)).toBe(0);
			return;
		}
		// The answer of a turn with a file is read back from the session (agent.wait's reply is cut at
		// 4,096 characters, the history's default at 8,000): whole, and said to be recovered.
		const longMarker = unique('long-file');
		const [long] = await run(node, {
			credentials,
			params: { ...base, message: `big:20000 ${longMarker}`, options: { attachments: 'doc' } },
			items: [{ json: {}, binary: { doc: binaryOf(Buffer.from('n'), 'text/plain', 'n.txt') } }],
			executionId: unique('exec'),
		});
		expect(String(long.json.text)).toHaveLength(20000);
		expect(long.json).toMatchObject({ status: 'ok', recovered: true });
		expect(long.json.truncated).toBeUndefined();
		const marker = unique('file');
		const executionId = unique('exec');
		const note = `the code word is ${marker.split('-').pop()}\n`;
		const items = [
			{
				json: {},
				binary: {
					doc: binaryOf(Buffer.from(note), 'text/plain', 'note.txt'),
					pdf: binaryOf(Buffer.from('%PDF-1.4\n%%EOF\n'), 'application/pdf', 'empty.pdf'),
					photo: binaryOf(png(8), 'image/png', 'dot.png'),
				},
			},
		];
		const send = () =>
			run(node, {
				credentials,
				params: { ...base, message: `echo:${marker}`, options: { attachments: 'doc, pdf, photo' } },
				items,
				executionId,
			});
		const out = await send();
		expect(out[0].json).toMatchObject({ text: marker, status: 'ok', model: 'fake-model' });
		expectPaired(out, 1);
		const calls = (await fakeLlmCalls()).filter((c) => c.text.includes(marker));
		expect(calls).toHaveLength(1);
		// The gateway stores the files and puts the text file's content into the model's prompt.
		expect(calls[0].text).toContain(note.trim());
		expect(calls[0].text).toMatch(/media attached: media:\/\/inbound\/note---[^\s]+\.txt/);
		expect(calls[0].text).toMatch(/media attached: media:\/\/inbound\/empty---[^\s]+\.pdf/);
		expect(calls[0].images).toHaveLength(1);
		// n8n's Retry On Fail: the same key, the same run.
		const again = await send();
		expect(again[0].json.runId).toBe(out[0].json.runId);
		expect(again[0].json.text).toBe(marker);
		expect(await callsFor(marker)).toBe(1);
		// Start Only: the run's id at once; the run goes on.
		const started = unique('file-start');
		const [ack] = await run(node, {
			credentials,
			params: {
				...base,
				mode: 'start',
				message: `echo:${started}`,
				options: { attachments: 'doc' },
			},
			items,
			executionId: unique('exec'),
		});
		expect(ack.json).toMatchObject({ status: 'accepted', sessionKey: 'agent:main:n8n-wf-wf-1' });
		await until(async () => (await callsFor(started)) === 1, 30000);
	});

	test('Attachments: a turn with a file streams into n8n as well (2026.9)', async () => {
		const words = Array.from({ length: 8 }, (_, k) => `f${k}`);
		const chunks: NonNullable<ContextOptions['chunks']> = [];
		const out = await run(node, {
			credentials,
			params: {
				...base,
				message: `drip:150 echo:${words.join(' ')}`,
				options: { attachments: 'doc' },
			},
			items: [{ json: {}, binary: { doc: binaryOf(Buffer.from('notes'), 'text/plain', 'n.txt') } }],
			chunks,
			executionId: unique('exec'),
		}).catch((e: unknown) => e as Error);
		if (gw.label !== 'latest') {
			// 2026.2.x: refused before sending, so nothing was streamed.
			expect((out as Error).message).toMatch(/is not an image/);
			expect(chunks).toEqual([]);
			return;
		}
		if (out instanceof Error) throw out;
		expect(out[0].json.text).toBe(words.join(' '));
		const items = chunks.filter((c) => c.type === 'item');
		expect(items.length).toBeGreaterThan(2);
		expect(items.map((c) => c.content).join('')).toBe(words.join(' '));
	});

	test('Attachments: a file with a Delivery Channel is refused before anything is sent; a file run past its Timeout is stopped', async () => {
		const marker = unique('file-refused');
		const items = [
			{ json: {}, binary: { doc: binaryOf(Buffer.from('x'), 'text/plain', 'x.txt') } },
		];
		const error = await run(node, {
			credentials,
			params: {
				...base,
				message: `echo:${marker}`,
				options: { attachments: 'doc', deliver: true, channel: 'telegram', to: '123' },
			},
			items,
			executionId: unique('exec'),
		}).catch((e: unknown) => e as NodeOperationError);
		expect(errorKind(error)).toBe('bad-input');
		expect(await callsFor(marker)).toBe(0);
		if (gw.label !== 'latest') {
			// 2026.2.x: the file itself is refused first (images only).
			expect((error as NodeOperationError).message).toMatch(/is not an image/);
			return;
		}
		expect((error as NodeOperationError).message).toBe(
			'Files in Attachments cannot go with a Delivery Channel or Delivery Target [item 0]',
		);

		const slow = unique('file-slow');
		const startedAt = Date.now();
		const late = await run(node, {
			credentials,
			params: {
				...base,
				message: `slow:20000 echo:${slow}`,
				options: { attachments: 'doc', timeout: 3 },
			},
			items,
			executionId: unique('exec'),
		}).catch((e: unknown) => e as NodeOperationError);
		expect(errorKind(late)).toBe('timeout');
		expect((late as NodeOperationError).message).toMatch(
			/did not finish within the Timeout \(3 s\)/,
		);
		// Ended when the gateway ended it (its agent.wait says "timeout" with an end), not at the
		// node's own later deadline (Timeout + 10 s).
		expect(Date.now() - startedAt).toBeLessThan(10000);
	});

	test.each(['webSocket', 'chatCompletions', 'responses'])(
		'streaming into n8n (%s): the answer as it grows (new text only), then the final item',
		async (transport) => {
			const words = Array.from({ length: 12 }, (_, k) => `w${k}`);
			const chunks: NonNullable<ContextOptions['chunks']> = [];
			const out = await exec(
				// Stream (HTTP) stays off: streaming into the chat reads the HTTP answer as events anyway.
				{ message: `drip:150 echo:${words.join(' ')}`, transport, options: { stream: false } },
				{ chunks, executionId: unique('exec') },
			);
			expect(out[0].json.text).toBe(words.join(' '));
			expect(chunks[0]).toMatchObject({ type: 'begin', itemIndex: 0 });
			expect(chunks[chunks.length - 1]).toMatchObject({ type: 'end', itemIndex: 0 });
			const items = chunks.filter((c) => c.type === 'item');
			// Several pieces, spread over the answer's growth, that add up to it exactly once.
			expect(items.length).toBeGreaterThan(2);
			expect(items.map((c) => c.content).join('')).toBe(words.join(' '));
			expect(items[items.length - 1].at - items[0].at).toBeGreaterThan(500);
		},
	);

	test('streaming a long answer: the pieces still add up to it (its large events are not read)', async () => {
		const chunks: NonNullable<ContextOptions['chunks']> = [];
		const out = await exec({ message: 'big:300000' }, { chunks, executionId: unique('exec') });
		expect(String(out[0].json.text)).toHaveLength(300000);
		const streamed = chunks
			.filter((c) => c.type === 'item')
			.map((c) => c.content)
			.join('');
		expect(streamed).toBe(out[0].json.text);
	});

	test('no chunks for Start Only, nor as a tool of the AI Agent (the model gets the answer, not the chat)', async () => {
		const chunks: NonNullable<ContextOptions['chunks']> = [];
		await exec({ message: 'echo:quiet', mode: 'start' }, { chunks, executionId: unique('exec') });
		const asTool = await exec(
			{ message: 'echo:for the model' },
			{ chunks, executionId: unique('exec'), items: [{ json: { toolCallId: 'call_1' } }] },
		);
		expect(asTool[0].json.text).toBe('for the model');
		const inToolContext = await exec(
			{ message: 'echo:also for the model' },
			{ chunks, executionId: unique('exec'), toolExecution: true },
		);
		expect(inToolContext[0].json.text).toBe('also for the model');
		expect(chunks).toEqual([]);
	});

	test('session strategies: main, custom key, per execution', async () => {
		const main = await exec({ message: 'echo:main', sessionStrategy: 'main' });
		expect(main[0].json.sessionKey).toBe('agent:main:main');
		const custom = await exec({
			message: 'echo:custom',
			sessionStrategy: 'custom',
			sessionKey: 'agent:main:n8n-custom',
		});
		expect(custom[0].json.sessionKey).toBe('agent:main:n8n-custom');
		const perExec = await exec(
			{ message: 'echo:per-exec', sessionStrategy: 'execution' },
			{ executionId: 'exec-77' },
		);
		expect(perExec[0].json.sessionKey).toBe('agent:main:n8n-exec-exec-77');
	});

	test('a custom key without agent: is returned in its canonical form, with its agent, in both modes', async () => {
		const name = unique('My-Report').toLowerCase();
		for (const mode of ['wait', 'start']) {
			const out = await exec(
				{ message: `echo:${name}`, mode, sessionStrategy: 'custom', sessionKey: name },
				{ executionId: unique('exec') },
			);
			expect(out[0].json.sessionKey).toBe(`agent:main:${name}`);
			expect(out[0].json.agentId).toBe('main');
		}
		const ops = await exec(
			{
				message: 'echo:ops',
				mode: 'start',
				agent: rl('main'),
				sessionStrategy: 'custom',
				sessionKey: 'Upper-Case',
			},
			{ executionId: unique('exec') },
		);
		expect(ops[0].json.sessionKey).toBe('agent:main:upper-case');
	});

	test('Start Only returns the run id at the accepted ack', async () => {
		const marker = unique('start');
		const out = await exec(
			{ message: `echo:${marker}`, mode: 'start' },
			{ executionId: unique('exec') },
		);
		expect(out[0].json.status).toMatch(/accepted|ok/);
		expect(typeof out[0].json.runId).toBe('string');
		expect(out[0].json.sessionKey).toBe('agent:main:n8n-wf-wf-1');
		// The gateway sends epoch milliseconds; the item has ISO 8601 like every other time.
		expect(out[0].json.acceptedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
		expect(Math.abs(Date.parse(String(out[0].json.acceptedAt)) - Date.now())).toBeLessThan(600000);
	});

	test('a failed run is an error, not a success with an odd text', async () => {
		const error = await exec(
			{ message: 'fail:provider exploded' },
			{ executionId: unique('exec') },
		).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(errorKind(error)).toBe('agent-failed');
		expect((error as Error).message).toMatch(/The agent run did not complete.*\[item 0\]/);
		const soft = await exec(
			{ message: 'fail:provider exploded' },
			{ executionId: unique('exec'), continueOnFail: true },
		);
		expect(soft[0].json.error).toMatch(/did not complete/);
		expect(soft[0].pairedItem).toEqual({ item: 0 });
	});

	test('Retry On Fail after a real failure reaches the model again (the gateway replays a failed key for 5 minutes)', async () => {
		const marker = unique('retry');
		const executionId = unique('exec');
		const params = { message: `failonce:${marker} echo:${marker}` };
		const first = await exec(params, { executionId }).catch((e: unknown) => e as Error);
		// (2026.9 words a provider's 400 its own way: "LLM request failed: provider rejected…".)
		expect(errorKind(first)).toBe('agent-failed');
		// n8n's Retry On Fail: the same execution, node and item.
		const again = await exec(params, { executionId });
		expect(again[0].json).toMatchObject({ text: marker, status: 'ok' });
		expect(await callsFor(marker)).toBe(2);
		// A retry of the answered item is the same run: no third call.
		const third = await exec(params, { executionId });
		expect(third[0].json.runId).toBe(again[0].json.runId);
		expect(await callsFor(marker)).toBe(2);
	});

	test('Commands in Message: "/reset" from a public chat reaches the model as text by default; "Let the Gateway Run Them" runs it', async () => {
		// An admin credential, as a user with Approval Requested on 2026.9 has: owner turns.
		const admin = { ...credentials, adminAccess: true };
		const session = `agent:main:${unique('slash')}`;
		const withSession = (message: string, options = {}) => ({
			message,
			sessionStrategy: 'custom',
			sessionKey: session,
			options: { timeout: 60, ...options },
		});
		// The model got "/reset" as the user's words (with the zero-width space in front), not the
		// gateway's reset, which would prompt it with "A new session was started via /new or /reset…".
		const asWords = (c: { text: string }) =>
			c.text.includes('\u200B/reset') || /(^|\])\s*\/reset\s*$/.test(c.text);
		const before = (await fakeLlmCalls()).length;
		const [asText] = await run(node, {
			credentials: admin,
			params: { ...base, ...withSession('/reset') },
			executionId: unique('exec'),
		});
		expect(asText.json.status).toBe('ok');
		expect((await fakeLlmCalls()).slice(before).filter(asWords)).toHaveLength(1);
		// The gateway's own command, when the user asks for it: the session is reset, the model never
		// reads "/reset" as words.
		const mark = (await fakeLlmCalls()).length;
		const ran = await run(node, {
			credentials: admin,
			params: { ...base, ...withSession('/reset', { commands: 'run' }) },
			executionId: unique('exec'),
		}).then(
			(out) => out[0].json,
			(e: unknown) => ({ error: (e as Error).message }),
		);
		expect((await fakeLlmCalls()).slice(mark).filter(asWords)).toHaveLength(0);
		expect(ran).toBeDefined();
	});

	test('Commands in Message with a file (chat.send, where 2026.9 runs every command as the owner): "/status" reaches the model as text', async () => {
		const doc = binaryOf(Buffer.from('notes'), 'text/plain', 'n.txt');
		const items = [{ json: {}, binary: { doc } }];
		const marker = unique('status');
		const out = await run(node, {
			credentials: { ...credentials, adminAccess: true },
			params: {
				...base,
				message: `/status ${marker}`,
				options: { attachments: 'doc', timeout: 60 },
			},
			items,
			executionId: unique('exec'),
		}).catch((e: unknown) => e as Error);
		if (gw.label !== 'latest') {
			// 2026.2.x takes images only: the file is refused before anything is sent.
			expect((out as Error).message).toMatch(/is not an image/);
			expect(await callsFor(marker)).toBe(0);
			return;
		}
		expect((out as { json: IDataObject }[])[0].json.status).toBe('ok');
		const calls = (await fakeLlmCalls()).filter((c) => c.text.includes(marker));
		expect(calls).toHaveLength(1);
		expect(calls[0].text).toContain('/status');
	});

	test("over HTTP: chat completions and OpenResponses, streaming and not; the output has the WebSocket's shape", async () => {
		const [overWs] = await exec({ message: `echo:${unique('ws-shape')}`, agent: rl('main') });
		const shape = (json: IDataObject) =>
			Object.fromEntries(Object.entries(json).map(([k, v]) => [k, v === null ? 'null' : typeof v]));
		const usageKeys = ['input', 'output', 'cacheRead', 'cacheWrite', 'total'];
		for (const [transport, stream] of [
			['chatCompletions', false],
			['chatCompletions', true],
			['responses', true],
			['responses', false],
		] as const) {
			const marker = unique(`${transport}-${stream}`);
			const httpLog: ContextOptions['httpLog'] = [];
			const out = await exec(
				{
					message: `echo:${marker}`,
					transport,
					agent: rl('main'),
					options: { stream, timeout: 120 },
				},
				{ httpLog },
			);
			expect(out[0].json.text).toBe(marker);
			// One shape across transports: the same fields, of the same types (provider: unknown over HTTP).
			expect(Object.keys(out[0].json).sort()).toEqual(Object.keys(overWs.json).sort());
			// 2026.2.22 leaves usage out of some HTTP answers: null there, never another shape.
			const usage = out[0].json.usage as IDataObject | null;
			const legacyWithout = gw.label !== 'latest' && usage === null;
			expect({
				...shape(out[0].json),
				provider: 'string',
				...(legacyWithout ? { usage: 'object' } : {}),
			}).toEqual(shape(overWs.json));
			expect(out[0].json).toMatchObject({ status: 'ok', stopReason: 'stop', agentId: 'main' });
			expect(out[0].json.payloads).toEqual([{ text: marker, mediaUrls: [] }]);
			// Usage in the gateway's own words, streamed or not (a streamed chat completion asks for it).
			if (!legacyWithout) {
				expect([
					transport,
					stream,
					Object.keys(usage!).every((k) => usageKeys.includes(k)),
				]).toEqual([transport, stream, true]);
				expect(usage).toMatchObject({ input: expect.any(Number), output: expect.any(Number) });
			}
			expect(httpLog[0].headers).toMatchObject({
				'x-openclaw-agent-id': 'main',
				'x-openclaw-session-key': 'agent:main:n8n-wf-wf-1',
			});
		}
	});

	test('cancelling the execution stops waiting at once and aborts the run', async () => {
		const cancel = new AbortController();
		const started = Date.now();
		const pending = exec(
			{ message: `slow:8000 echo:${unique('cancel')}` },
			{ cancel: cancel.signal, executionId: unique('exec') },
		);
		await sleep(1500);
		cancel.abort();
		const error = await pending.catch((e: unknown) => e);
		expect(errorKind(error)).toBe('cancelled');
		expect(Date.now() - started).toBeLessThan(6000);
	});
});

describe('OpenClaw Run Agent input checks (nothing is started)', () => {
	const gw = GATEWAYS[0];
	test.each([
		[{ message: '   ' }, /The Message parameter is empty/],
		[
			// Transport shows in both modes now: Start Only with HTTP chosen is said, not run otherwise.
			{ message: 'hi', mode: 'start', transport: 'chatCompletions' },
			/Start Only runs over the WebSocket, and Transport is set to HTTP/,
		],
		[
			{ message: 'hi', sessionStrategy: 'custom', sessionKey: 'agent::x' },
			/The Session Key "agent::x" is not of the form agent:AGENT_ID:NAME/,
		],
		[
			{ message: 'hi', sessionStrategy: 'custom', sessionKey: 'has space' },
			/The Session Key "has space" contains spaces/,
		],
		[
			{ message: 'hi', options: { timeout: 0 } },
			/The Timeout parameter must be between 1 and 172800 seconds, not 0/,
		],
		[{ message: 'hi', options: { timeout: -5 } }, /must be between 1 and 172800 seconds, not -5/],
		[{ message: 'hi', options: { timeout: 1e9 } }, /must be between 1 and 172800 seconds/],
		[
			{ message: 'hi', options: { parallelItems: 0 } },
			/The Parallel Runs option must be a whole number from 1 to 32, not 0/,
		],
	])('%o', async (params, message) => {
		const error = await run(node, {
			credentials: { url: gw.url, token: gw.token },
			params: { ...base, ...params },
		}).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toMatch(message);
	});
});
