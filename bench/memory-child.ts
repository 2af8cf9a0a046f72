/* eslint-disable @n8n/community-nodes/no-restricted-globals -- benchmark child: samples its own memory */
import { OpenClawRunAgent } from '../nodes/OpenClawRunAgent/OpenClawRunAgent.node';
import { rl, run } from '../test/helpers/context';

/** Runs Run Agent for a 1 MB answer in a fresh process and reports its peak RSS above baseline. */
const [url, token, transport] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const params = (message: string) => ({
	message,
	agent: rl(''),
	sessionStrategy: 'custom',
	sessionKey: `agent:main:bench-memory-${transport.toLowerCase()}`,
	mode: 'wait',
	transport,
	options: { timeout: 300, stream: true },
});

async function main() {
	await run(new OpenClawRunAgent(), {
		credentials: { url, token },
		params: params('echo:warm'),
		executionId: `mem-warm-${Date.now()}`,
	});
	gc();
	await new Promise((r) => setTimeout(r, 200));
	gc();
	const baseline = process.memoryUsage().rss;
	let peak = baseline;
	const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
	const out = await run(new OpenClawRunAgent(), {
		credentials: { url, token },
		params: params('big:1048576'),
		executionId: `mem-${Date.now()}`,
	});
	peak = Math.max(peak, process.memoryUsage().rss);
	clearInterval(timer);
	const answer = String(out[0].json.text).length;
	if (answer !== 1048576) throw new Error(`answer of ${answer} bytes, expected 1048576`);
	process.send!({ baseline, peak, answer });
}

main().then(
	() => process.exit(0),
	(e) => {
		process.stderr.write(`${(e as Error).stack}\n`);
		process.exit(1);
	},
);
