/* eslint-disable no-console -- benchmark: Invoke Tool in the real n8n against n8n's own HTTP Request node */
import { sleep } from 'n8n-workflow';

import type { RunningGateway } from '../test/helpers/gatewayModule';
import { benchN8n, CREDENTIAL } from './n8n';

/**
 * Two active workflows in one real n8n, the same except for the node that calls the tool:
 * Webhook → Code (N items) → OpenClaw Invoke Tool (Transport Auto, Parallel Items 4: a read-only tool), or
 * → n8n's HTTP Request node hand-wired to POST /tools/invoke (bearer token header, JSON body; n8n
 * sends every item's request at once). Each webhook call answers when its workflow has finished.
 */
const node = (id: number, name: string, type: string, typeVersion: number, parameters: object) => ({
	id: `d1000000-0000-4000-8000-00000000000${id}`,
	name,
	type,
	typeVersion,
	position: [id * 220, 0],
	parameters,
});

function workflow(
	id: string,
	path: string,
	caller: ReturnType<typeof node> & { credentials?: object },
) {
	return {
		id,
		name: `Bench: ${caller.name}`,
		active: false,
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'none' },
		nodes: [
			{
				...node(1, 'Webhook', 'n8n-nodes-base.webhook', 2, {
					httpMethod: 'POST',
					path,
					responseMode: 'lastNode',
					responseData: 'noData',
					options: {},
				}),
				webhookId: `d1000000-0000-4000-8000-0000000000${id.slice(-2)}`,
			},
			node(2, 'Items', 'n8n-nodes-base.code', 2, {
				jsCode: 'return Array.from({ length: $json.body.items }, (_, i) => ({ json: { i } }));',
			}),
			caller,
		],
		connections: {
			Webhook: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: caller.name, type: 'main', index: 0 }]] },
		},
	};
}

export async function benchInvokeInN8n(
	gw: RunningGateway,
	items: number,
	rounds: number,
): Promise<{ node: number[]; httpRequest: number[] }> {
	const ours = workflow('oclBenchInvoke01', 'bench-invoke-node', {
		...node(3, 'Invoke Tool', 'n8n-nodes-openclaw-gateway.openClawInvoke', 1, {
			tool: { __rl: true, mode: 'id', value: 'sessions_list' },
			args: '{"limit": 50}',
			agent: { __rl: true, mode: 'list', value: '' },
			session: { __rl: true, mode: 'list', value: '' },
			options: { parallelItems: 4 },
		}),
		credentials: { openClawGatewayApi: CREDENTIAL },
	});
	const theirs = workflow(
		'oclBenchInvoke02',
		'bench-invoke-http',
		node(3, 'HTTP Request', 'n8n-nodes-base.httpRequest', 4.2, {
			method: 'POST',
			url: `${gw.url}/tools/invoke`,
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${gw.token}` }] },
			sendBody: true,
			specifyBody: 'json',
			jsonBody: '{"tool": "sessions_list", "args": {"limit": 50}}',
			options: {},
		}),
	);
	const n8n = await benchN8n(gw, [ours, theirs], 'bench-invoke-n8n.log');
	const call = async (path: string, count = items) => {
		const t = performance.now();
		const res = await fetch(`${n8n.server.url}/webhook/${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ items: count }),
		});
		await res.text();
		if (res.status !== 200) throw new Error(`webhook ${path} answered ${res.status}`);
		return performance.now() - t;
	};
	try {
		// Warm-up: both workflows once with a few items, once n8n has registered their webhooks
		// (it activates published workflows after it started listening).
		for (const path of ['bench-invoke-node', 'bench-invoke-http']) {
			const deadline = Date.now() + 120000;
			for (;;) {
				const error = await call(path, 10).then(
					() => undefined,
					(e: Error) => e,
				);
				if (!error) break;
				if (!/answered 404/.test(error.message) || Date.now() > deadline) throw error;
				await sleep(1000);
			}
		}
		const result = { node: [] as number[], httpRequest: [] as number[] };
		for (let r = 0; r < rounds; r++) {
			const order = r % 2 ? (['http', 'node'] as const) : (['node', 'http'] as const);
			for (const which of order) {
				if (which === 'node') result.node.push(await call('bench-invoke-node'));
				else result.httpRequest.push(await call('bench-invoke-http'));
			}
		}
		console.error(
			`invoke in n8n: node ${result.node.map((x) => x.toFixed(0)).join('/')} ms, HTTP Request ${result.httpRequest.map((x) => x.toFixed(0)).join('/')} ms`,
		);
		return result;
	} finally {
		await n8n.stop();
	}
}
