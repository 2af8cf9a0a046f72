/* eslint-disable @n8n/community-nodes/no-restricted-globals -- benchmark child: reads its arguments */
import { OpenClawRunAgent } from '../nodes/OpenClawRunAgent/OpenClawRunAgent.node';
import { rl, run } from '../test/helpers/context';
import { measureChild } from './peakRss';
import { RawWs } from './raw';

/** Runs Run Agent for a 1 MB answer in a fresh process and reports its peak RSS above baseline. */
const [url, token, variant] = process.argv.slice(2);
/** `chatCompletions-stream`: the HTTP transport with Stream (HTTP) on. */
const transport = variant.replace(/-stream$/, '');
const stream = variant.endsWith('-stream');
const params = (message: string) => ({
	message,
	agent: rl(''),
	sessionStrategy: 'custom',
	sessionKey: `agent:main:bench-memory-${variant.toLowerCase()}`,
	mode: 'wait',
	transport,
	options: { timeout: 300, stream },
});

/** The same answer fetched by a bare client (WebSocket `agent` call, or one HTTP request). */
async function rawOnce(message: string): Promise<number> {
	if (transport === 'raw-http') {
		const r = await fetch(`${url}/v1/chat/completions`, {
			method: 'POST',
			headers: {
				authorization: `Bearer ${token}`,
				'content-type': 'application/json',
				'x-openclaw-session-key': 'agent:main:bench-memory-raw',
			},
			body: JSON.stringify({
				model: 'openclaw',
				stream,
				messages: [{ role: 'user', content: message }],
			}),
		});
		if (!stream) {
			const body = (await r.json()) as { choices: Array<{ message: { content: string } }> };
			return body.choices[0].message.content.length;
		}
		// The whole event stream as text, then its deltas: the simplest bare reader.
		let text = '';
		for (const line of (await r.text()).split('\n')) {
			if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
			const delta = (
				JSON.parse(line.slice(6)) as { choices?: Array<{ delta?: { content?: string } }> }
			).choices?.[0]?.delta?.content;
			if (delta) text += delta;
		}
		return text.length;
	}
	const client = await RawWs.open(`${url.replace(/^http/, 'ws')}/`, token, true);
	const f = await client.call(
		'agent',
		{
			message,
			sessionKey: 'agent:main:bench-memory-raw-ws',
			idempotencyKey: `raw-mem-${Date.now()}`,
			deliver: false,
			timeout: 300,
		},
		true,
	);
	client.close();
	if (!f.ok) throw new Error(JSON.stringify(f.error));
	return String(
		(f.payload as { result: { payloads: Array<{ text: string }> } }).result.payloads[0].text,
	).length;
}

async function once(message: string): Promise<number> {
	if (transport.startsWith('raw-')) return rawOnce(message);
	const out = await run(new OpenClawRunAgent(), {
		credentials: { url, token },
		params: params(message),
		executionId: `mem-${Date.now()}-${message.length}`,
	});
	return String(out[0].json.text).length;
}

measureChild(
	() => once('echo:warm'),
	() => once('big:1048576'),
	1048576,
);
