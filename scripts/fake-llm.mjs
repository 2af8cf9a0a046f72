#!/usr/bin/env node
// A fake OpenAI-compatible model server, so a real OpenClaw gateway can run agents offline.
// No dependencies. OpenClaw always streams from its provider, so SSE is the main path.
//
//   node scripts/fake-llm.mjs [--port 0] [--reply pong] [--port-file FILE]
//
// Reply rules, applied to the last real user message (OpenClaw's internal-context message is skipped):
//   echo:<text>      reply <text> (to the end of the line; a written \n in it is a line break, so a
//                    reply can carry a directive line such as MEDIA:<path>)
//   big:<bytes>      reply <bytes> characters ("abcdefghij" repeated), streamed in 16 KiB chunks
//   slow:<ms>        wait <ms> before answering (then apply the other rules or the default reply)
//   drip:<ms>        stream the reply's words <ms> apart (Chat Completions), to watch an answer grow
//   fail:<text>      answer 400 with <text> as the error message (a failed model call)
//   failonce:<tag>   the first call with this tag answers 400 (a provider's passing failure); later
//                    calls with it go by the other rules (a retry that reaches the model succeeds)
//   tool:<name> <text>  when the request offers tools (Chat Completions `tools`): call the offered tool
//                    whose name contains <name> (case-insensitive) with <text> as its arguments when it
//                    is a JSON object, else with every string argument set to <text>;
//                    once the conversation holds that tool's result, reply "<name> said: <result>"
//                    (the first 2,000 characters). Lets n8n's AI Agent use tools offline. A tool the
//                    request does not offer but a `tool_call` dispatcher can reach (2026.9's Tool Search)
//                    is called through it: tool_call {id: <name>, args: <text as JSON>}.
//   otherwise        the --reply text ("pong")
// Introspection (used by tests to count model calls): GET /__log -> {calls:[{path, text, at, images}]}
// (images: the last user message's data-URL images as {mimeType, bytes, sha256}),
// POST /__reset clears it.
import http from 'node:http';
import fs from 'node:fs';
import crypto from 'node:crypto';

const argv = process.argv.slice(2);
const arg = (name, def) => {
	const i = argv.indexOf(`--${name}`);
	return i >= 0 && i + 1 < argv.length ? argv[i + 1] : def;
};
const PORT = Number(arg('port', '0'));
const DEFAULT_REPLY = arg('reply', 'pong');
const PORT_FILE = arg('port-file', '');
const INTERNAL = '<<<BEGIN_OPENCLAW_INTERNAL_CONTEXT>>>';
const calls = [];
const failedOnce = new Set();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function textOf(content) {
	if (typeof content === 'string') return content;
	// Parts on their own lines: a rule such as echo: ends with its part (2026.9 adds a runtime-context part).
	if (Array.isArray(content))
		return content
			.map((p) => (typeof p === 'string' ? p : (p?.text ?? p?.input_text ?? '')))
			.filter((t) => t)
			.join('\n');
	return '';
}
function lastUserText(body) {
	const items = Array.isArray(body.messages)
		? body.messages
		: typeof body.input === 'string'
			? [{ role: 'user', content: body.input }]
			: Array.isArray(body.input)
				? body.input
				: [];
	const texts = items
		.filter((m) => m?.role === 'user')
		.map((m) => textOf(m.content))
		.filter((t) => !t.trimStart().startsWith(INTERNAL));
	// A turn the gateway resumed after a restart (2026.9) may add a user row of its own after the
	// user's message, with no answer between: the user's messages since the last answer count.
	const lastAnswer = items.findLastIndex((m) => m?.role === 'assistant');
	const since = items
		.slice(lastAnswer + 1)
		.filter((m) => m?.role === 'user')
		.map((m) => textOf(m.content))
		.filter((t) => !t.trimStart().startsWith(INTERNAL));
	if (since.length > 1 && !RULE.test(since[since.length - 1])) return since.join('\n');
	return texts.length ? texts[texts.length - 1] : '';
}
/** Any reply rule of the header (a message without one gets the default reply). */
const RULE = /\b(echo|big|slow|drip|fail|failonce|tool):/;
/** The images of the last user message that has any: data URLs as {mimeType, bytes, sha256}. */
function lastUserImages(body) {
	const items = Array.isArray(body.messages) ? body.messages : Array.isArray(body.input) ? body.input : [];
	for (const m of [...items].reverse()) {
		if (m?.role !== 'user' || !Array.isArray(m.content)) continue;
		const images = m.content
			.map((p) => (typeof p?.image_url === 'string' ? p.image_url : (p?.image_url?.url ?? '')))
			.map((url) => /^data:([^;,]+);base64,(.*)$/s.exec(url))
			.filter(Boolean)
			.map(([, mimeType, b64]) => {
				const data = Buffer.from(b64, 'base64');
				return { mimeType, bytes: data.length, sha256: crypto.createHash('sha256').update(data).digest('hex') };
			});
		if (images.length) return images;
	}
	return [];
}
function planReply(text) {
	const slow = /slow:(\d+)/.exec(text);
	const big = /big:(\d+)/.exec(text);
	const echo = /echo:([^\n]*)/.exec(text);
	const drip = /drip:(\d+)/.exec(text);
	let reply = DEFAULT_REPLY;
	if (big) reply = 'abcdefghij'.repeat(Math.ceil(Number(big[1]) / 10)).slice(0, Number(big[1]));
	else if (echo) reply = echo[1].trim().replace(/\\n/g, '\n');
	return { delayMs: slow ? Number(slow[1]) : 0, dripMs: drip ? Number(drip[1]) : 0, reply };
}
function chunks(text) {
	if (text.length > 4096) {
		const out = [];
		for (let i = 0; i < text.length; i += 16384) out.push(text.slice(i, i + 16384));
		return out;
	}
	return text.match(/\S+\s*|\s+/g) ?? [text];
}
const usage = (body, reply) => {
	const prompt = Math.max(1, Math.ceil(JSON.stringify(body.messages ?? body.input ?? '').length / 4));
	const completion = Math.max(1, Math.ceil(reply.length / 4));
	return { prompt, completion };
};
function sendJson(res, status, obj) {
	const s = JSON.stringify(obj);
	res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(s) });
	res.end(s);
}
const sse = (res, data, event) => res.write(`${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);

/**
 * The `tool:` rule for Chat Completions: the tool call to make now, the reply once its result is in, or
 * an error naming the offered tools. Returns undefined when the rule does not apply.
 */
function planToolUse(body, text) {
	const rule = /tool:(\S+)[ \t]*([^\n]*)/.exec(text);
	if (!rule || !Array.isArray(body.tools) || !Array.isArray(body.messages)) return undefined;
	const [, wanted, argText] = rule;
	// After the user message that holds the rule (a gateway may add user rows of its own after a tool
	// result, e.g. a denial notice): one tool result there ends the rule, so a refused tool is not retried.
	const ruleAt = body.messages.findLastIndex((m) => m?.role === 'user' && textOf(m.content).includes(rule[0]));
	const result = body.messages.slice(ruleAt + 1).find((m) => m?.role === 'tool');
	if (result) return { reply: `${wanted} said: ${textOf(result.content).slice(0, 2000)}` };
	const offered = body.tools.map((t) => t?.function).filter((f) => typeof f?.name === 'string');
	const fn = offered.find((f) => f.name.toLowerCase().includes(wanted.toLowerCase()));
	// 2026.9 offers most tools behind its Tool Search: `tool_call {id, args}` calls one by its exact name.
	const dispatcher = offered.find((f) => f.name === 'tool_call');
	if (!fn && dispatcher) {
		let args = {};
		try {
			args = JSON.parse(argText);
		} catch {
			/* no arguments */
		}
		const call = { id: wanted, args };
		return { call: { id: `call_${crypto.randomBytes(6).toString('hex')}`, type: 'function', function: { name: 'tool_call', arguments: JSON.stringify(call) } } };
	}
	if (!fn) return { error: `no offered tool matches "${wanted}" (offered: ${offered.map((f) => f.name).join(', ')})` };
	let args = {};
	try {
		args = JSON.parse(argText); // tool:<name> {"arg": "value", …}
	} catch {
		for (const [name, schema] of Object.entries(fn.parameters?.properties ?? {})) {
			if (schema?.type === 'string') args[name] = argText.trim();
		}
	}
	return { call: { id: `call_${crypto.randomBytes(6).toString('hex')}`, type: 'function', function: { name: fn.name, arguments: JSON.stringify(args) } } };
}

async function chatCompletions(body, res, reply, call, dripMs = 0) {
	const id = `chatcmpl-${crypto.randomBytes(8).toString('hex')}`;
	const created = Math.floor(Date.now() / 1000);
	const model = body.model ?? 'fake-model';
	const u = usage(body, reply);
	const usageObj = { prompt_tokens: u.prompt, completion_tokens: u.completion, total_tokens: u.prompt + u.completion };
	const finish = call ? 'tool_calls' : 'stop';
	if (!body.stream) {
		const message = call ? { role: 'assistant', content: null, tool_calls: [call] } : { role: 'assistant', content: reply };
		return sendJson(res, 200, {
			id, object: 'chat.completion', created, model,
			choices: [{ index: 0, message, finish_reason: finish }],
			usage: usageObj,
		});
	}
	res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
	const base = { id, object: 'chat.completion.chunk', created, model };
	sse(res, { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
	if (call) sse(res, { ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, ...call }] }, finish_reason: null }] });
	else
		for (const c of chunks(reply)) {
			sse(res, { ...base, choices: [{ index: 0, delta: { content: c }, finish_reason: null }] });
			if (dripMs) await sleep(dripMs);
		}
	sse(res, { ...base, choices: [{ index: 0, delta: {}, finish_reason: finish }] });
	if (body.stream_options?.include_usage) sse(res, { ...base, choices: [], usage: usageObj });
	sse(res, '[DONE]');
	res.end();
}

async function responses(body, res, reply) {
	const id = `resp_${crypto.randomBytes(8).toString('hex')}`;
	const msgId = `msg_${crypto.randomBytes(8).toString('hex')}`;
	const created_at = Math.floor(Date.now() / 1000);
	const model = body.model ?? 'fake-model';
	const u = usage(body, reply);
	const usageObj = { input_tokens: u.prompt, output_tokens: u.completion, total_tokens: u.prompt + u.completion };
	const item = { type: 'message', id: msgId, status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: reply, annotations: [] }] };
	const done = { id, object: 'response', created_at, status: 'completed', model, output: [item], usage: usageObj };
	if (!body.stream) return sendJson(res, 200, done);
	res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
	const pending = { ...done, status: 'in_progress', output: [], usage: null };
	sse(res, { type: 'response.created', response: pending }, 'response.created');
	sse(res, { type: 'response.in_progress', response: pending }, 'response.in_progress');
	sse(res, { type: 'response.output_item.added', output_index: 0, item: { ...item, status: 'in_progress', content: [] } }, 'response.output_item.added');
	sse(res, { type: 'response.content_part.added', item_id: msgId, output_index: 0, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } }, 'response.content_part.added');
	for (const c of chunks(reply)) sse(res, { type: 'response.output_text.delta', item_id: msgId, output_index: 0, content_index: 0, delta: c }, 'response.output_text.delta');
	sse(res, { type: 'response.output_text.done', item_id: msgId, output_index: 0, content_index: 0, text: reply }, 'response.output_text.done');
	sse(res, { type: 'response.content_part.done', item_id: msgId, output_index: 0, content_index: 0, part: item.content[0] }, 'response.content_part.done');
	sse(res, { type: 'response.output_item.done', output_index: 0, item }, 'response.output_item.done');
	sse(res, { type: 'response.completed', response: done }, 'response.completed');
	res.end();
}

const server = http.createServer((req, res) => {
	const url = new URL(req.url, 'http://x');
	const path = url.pathname.replace(/^\/v1(?=\/)/, '');
	if (req.method === 'GET' && path === '/__log') return sendJson(res, 200, { calls });
	if (req.method === 'POST' && path === '/__reset') {
		calls.length = 0;
		return sendJson(res, 200, { ok: true });
	}
	if (req.method === 'GET' && (path === '/healthz' || path === '/health')) return sendJson(res, 200, { ok: true });
	if (req.method === 'GET' && path === '/models') {
		return sendJson(res, 200, { object: 'list', data: [{ id: 'fake-model', object: 'model', created: 0, owned_by: 'fake' }] });
	}
	if (req.method !== 'POST' || (path !== '/chat/completions' && path !== '/responses')) {
		return sendJson(res, 404, { error: { message: `no route ${req.method} ${url.pathname}`, type: 'not_found' } });
	}
	const parts = [];
	req.on('data', (c) => parts.push(c));
	req.on('end', async () => {
		let body;
		try {
			body = JSON.parse(Buffer.concat(parts).toString('utf8') || '{}');
		} catch {
			return sendJson(res, 400, { error: { message: 'invalid JSON', type: 'invalid_request_error' } });
		}
		const text = lastUserText(body);
		calls.push({
			path,
			text: text.length > 4000 ? `${text.slice(0, 2000)}…${text.slice(-2000)}` : text,
			at: Date.now(),
			images: lastUserImages(body),
		});
		const plan = planReply(text);
		if (plan.delayMs) await sleep(plan.delayMs);
		const once = /failonce:(\S+)/.exec(text);
		if (once && !failedOnce.has(once[1])) {
			failedOnce.add(once[1]);
			return sendJson(res, 400, { error: { message: `passing failure ${once[1]}`, type: 'invalid_request_error', code: 'fake_failure' } });
		}
		const fail = /(?<!once)fail:([^\n]*)/.exec(text);
		if (fail) return sendJson(res, 400, { error: { message: fail[1].trim() || 'fake failure', type: 'invalid_request_error', code: 'fake_failure' } });
		const toolUse = path === '/chat/completions' ? planToolUse(body, text) : undefined;
		if (toolUse?.error) return sendJson(res, 400, { error: { message: toolUse.error, type: 'invalid_request_error', code: 'fake_no_tool' } });
		try {
			if (path === '/chat/completions') await chatCompletions(body, res, toolUse?.reply ?? plan.reply, toolUse?.call, plan.dripMs);
			else await responses(body, res, plan.reply);
		} catch {
			res.destroy();
		}
	});
});

server.listen(PORT, '127.0.0.1', () => {
	const { port } = server.address();
	if (PORT_FILE) fs.writeFileSync(PORT_FILE, String(port));
	process.stdout.write(`FAKE_LLM_PORT=${port}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
