/* eslint-disable no-console -- benchmark: real n8n with the trigger active */
import { sleep } from 'n8n-workflow';

import { deviceIdentity } from '../nodes/shared/device';
import { GatewayRpc } from '../nodes/shared/transport/rpc';
import { TEST_NODE } from '../test/helpers/context';
import type { RunningGateway } from '../test/helpers/gatewayModule';
import { n8nModule } from '../test/helpers/n8nModule';
import { startReceiver, until } from '../test/helpers/summaryReceiver';
import { benchN8n, CREDENTIAL } from './n8n';

/**
 * The OpenClaw Trigger in the real n8n: an active workflow (OpenClaw Trigger, Any Event `chat` →
 * HTTP Request to a local receiver). The gateway emits `chat` events (`chat.inject`: a note in a
 * session, no model); a listener on the same gateway notes when each arrives (the gateway's own
 * emission, on loopback), n8n's REST API when each execution started.
 */
export interface TriggerBench {
	/** Event → n8n execution start (ms), one event at a time. */
	latencies: number[];
	burst: { sent: number; executions: number; distinct: number };
}

export async function benchTrigger(
	gw: RunningGateway,
	samples: number,
	burstSize: number,
): Promise<TriggerBench> {
	const receiver = await startReceiver();
	const workflowId = 'oclBenchTrigger1';
	const sessionKey = 'agent:main:bench-trigger';
	const workflow = {
		id: workflowId,
		name: 'Bench: OpenClaw Trigger',
		active: false,
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all' },
		nodes: [
			{
				id: 'c1000000-0000-4000-8000-000000000001',
				name: 'Chat Event',
				type: 'n8n-nodes-openclaw-gateway.openClawTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: { events: ['anyEvent'], eventNames: 'chat', filters: {}, options: {} },
				credentials: { openClawGatewayApi: CREDENTIAL },
			},
			{
				id: 'c1000000-0000-4000-8000-000000000002',
				name: 'Post',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [260, 0],
				parameters: {
					method: 'POST',
					url: receiver.url,
					sendBody: true,
					specifyBody: 'json',
					jsonBody: '={{ { "text": $json.payload.message.content[0].text } }}',
					options: {},
				},
			},
		],
		connections: { 'Chat Event': { main: [[{ node: 'Post', type: 'main', index: 0 }]] } },
	};
	const n8n = await benchN8n(gw, [workflow], 'bench-n8n.log');
	const server = n8n.server;
	const connect = (scopes: string[]) =>
		GatewayRpc.connect({
			url: gw.wsUrl,
			node: TEST_NODE,
			authMode: 'token',
			secret: gw.token,
			device: deviceIdentity(gw.token),
			scopes,
		});
	const admin = await connect([
		'operator.read',
		'operator.write',
		'operator.approvals',
		'operator.admin',
	]);
	const listener = await connect(['operator.read']);
	const arrived = new Map<string, number>();
	listener.onEvent((f) => {
		const text = (f.payload as { message?: { content?: Array<{ text?: string }> } })?.message
			?.content?.[0]?.text;
		if (f.event === 'chat' && text) arrived.set(text, Date.now());
	});
	try {
		const { rest } = await n8nModule.ownerSession(server.url, n8nModule.DEMO_OWNER);
		// The trigger is connected once an event reaches the receiver.
		await admin.call(
			'agent',
			{
				message: 'echo:bench',
				sessionKey,
				idempotencyKey: `bench-${Date.now()}`,
				deliver: false,
				timeout: 60,
			},
			{ expectFinal: true },
		);
		await until(() => receiver.posts.length > 0, 120000);
		await sleep(1000);
		const inject = (text: string) => admin.call('chat.inject', { sessionKey, message: text });
		/** The newest execution of the workflow (n8n lists newest first). */
		const newest = async () => {
			const list = (await rest(
				'GET',
				`/executions?limit=1&filter=${encodeURIComponent(JSON.stringify({ workflowId }))}`,
			)) as { results: Array<{ id: string; startedAt: string }> };
			return list.results[0];
		};

		// One event at a time: each event's execution is the newest once its post arrived.
		const latencies: number[] = [];
		let previous = (await newest())?.id;
		for (let i = 0; i < samples; i++) {
			const text = `latency ${i} ${Date.now()}`;
			const before = receiver.posts.length;
			await inject(text);
			await until(() => receiver.posts.length > before, 30000);
			let execution = await newest();
			for (let tries = 0; execution?.id === previous && tries < 50; tries++) {
				await sleep(100);
				execution = await newest();
			}
			if (!execution || execution.id === previous) throw new Error(`no execution for event ${i}`);
			previous = execution.id;
			latencies.push(Date.parse(execution.startedAt) - (arrived.get(text) ?? NaN));
		}

		// A burst: every event sent at once (50 in flight), then count what reached the receiver.
		receiver.posts.length = 0;
		const burst = Array.from({ length: burstSize }, (_, i) => `burst ${i} ${Date.now()}`);
		for (let i = 0; i < burst.length; i += 50)
			await Promise.all(burst.slice(i, i + 50).map(inject));
		const want = new Set(burst);
		const ours = () => receiver.posts.filter((p) => want.has(String(p.text)));
		await until(() => ours().length >= burstSize, 600000).catch(() => undefined);
		await sleep(3000);
		const got = ours().map((p) => String(p.text));
		console.error(
			`trigger: ${samples} latencies, burst ${burstSize}: ${got.length} executions, ${new Set(got).size} distinct`,
		);
		return {
			latencies,
			burst: { sent: burstSize, executions: got.length, distinct: new Set(got).size },
		};
	} finally {
		listener.close();
		admin.close();
		await n8n.stop();
		await receiver.stop();
	}
}
