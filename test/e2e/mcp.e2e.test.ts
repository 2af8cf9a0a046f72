/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error, import-x/no-unresolved -- end-to-end: real n8n, a real MCP client (its subpaths resolve through the package's exports map, which the lint resolver does not read), a gateway of its own */
import fs from 'node:fs';
import path from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

import { sleep } from 'n8n-workflow';

import { OpenClawGateway } from '../../nodes/OpenClawGateway/OpenClawGateway.node';
import { OpenClawRunAgent } from '../../nodes/OpenClawRunAgent/OpenClawRunAgent.node';
import { expectNoSecrets } from '../helpers/assertions';
import { run, type Credentials } from '../helpers/context';
import { runAgentDefaults } from '../helpers/defaults';
import { gatewayModule, type RunningGateway } from '../helpers/gatewayModule';
import { n8nModule, type N8nServer } from '../helpers/n8nModule';
import { until } from '../helpers/summaryReceiver';

/**
 * MCP both ways, in real n8n 2.41.1 against a real OpenClaw 2026.9.6 of its own (the suite changes
 * its mcp.servers): a real MCP client (@modelcontextprotocol/sdk) reaches OpenClaw through example
 * 11's MCP Server Trigger on both transports it serves; the gateway's agents reach example 12's
 * n8n workflow tool once Agent → Connect MCP Server points the gateway at it.
 */
const root = path.join(__dirname, '..', '..');
const userFolder = fs.mkdtempSync(path.join(root, '.run', 'e2e-mcp-'));
let gw: RunningGateway;
let n8n: N8nServer;
let mcpToken: string;
const unique = (what: string) => `${what}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;
const modelSaw = async (marker: string) =>
	(await gw.fake.calls()).filter((c) => c.text.includes(marker)).length;

beforeAll(async () => {
	gw = await gatewayModule.startGateway({ version: gatewayModule.OPENCLAW_VERSIONS.latest });
	await n8nModule.ensureN8n();
	({ mcpToken } = await n8nModule.provision({ userFolder, gateway: gw }));
	for (const id of ['oclExample00011', 'oclExample00012'])
		await n8nModule.n8nCli(userFolder, ['publish:workflow', `--id=${id}`]);
	n8n = await n8nModule.startN8n({
		userFolder,
		logFile: path.join(root, '.run', 'e2e-mcp-n8n.log'),
	});
}, 600000);

afterAll(async () => {
	await n8n?.stop();
	await gw?.stop();
});

/**
 * A connected MCP client on one of the two transports n8n's MCP Server Trigger serves at the path.
 * n8n registers the published workflows' webhooks again shortly after it is ready (seen: a 403 for
 * a request without the token, then "not registered" for a moment): a 404 is tried again.
 */
async function mcpClient(kind: 'streamable-http' | 'sse', token = mcpToken): Promise<Client> {
	const url = new URL(`${n8n.url}/mcp/openclaw`);
	const headers = { authorization: `Bearer ${token}` };
	for (const deadline = Date.now() + 60000; ; ) {
		const transport =
			kind === 'streamable-http'
				? new StreamableHTTPClientTransport(url, { requestInit: { headers } })
				: new SSEClientTransport(url, {
						requestInit: { headers },
						eventSourceInit: {
							fetch: (u, init) => fetch(u, { ...init, headers: { ...init?.headers, ...headers } }),
						},
					});
		const client = new Client({ name: 'openclaw-e2e', version: '1.0.0' });
		try {
			await client.connect(transport);
			return client;
		} catch (error) {
			await client.close().catch(() => undefined);
			if (!/404|not registered/.test(String(error)) || Date.now() > deadline) throw error;
			await sleep(1000);
		}
	}
}

/** Each MCP request's own deadline, inside the test's 240 s. */
const perRequest = { timeout: 100000 };

const textOf = (result: unknown) =>
	((result as { content?: Array<{ type: string; text?: string }> }).content ?? [])
		.map((c) => c.text ?? '')
		.join('\n');

describe.each(['streamable-http', 'sse'] as const)(
	'OpenClaw behind the MCP Server Trigger, over %s',
	(kind) => {
		test('a real MCP client lists the five tools and calls Run Agent (once) and Invoke Tool', async () => {
			const client = await mcpClient(kind);
			try {
				// The MCP SDK's own request timeout is 60 s: a first Run Agent through n8n on a busy CI
				// machine (the soak beside it) took longer. The test's budget bounds each request instead.
				const { tools } = await client.listTools(undefined, perRequest);
				expect(tools.map((t) => t.name).sort()).toEqual([
					'Invoke_Tool',
					'List_Agents',
					'List_Sessions',
					'Run_Agent',
					'Skill_Status',
				]);
				const runAgent = tools.find((t) => t.name === 'Run_Agent')!;
				expect(runAgent.description).toMatch(/Ask the OpenClaw agent/);
				expect(Object.keys(runAgent.inputSchema.properties ?? {})).toEqual(['Message']);
				const invoke = tools.find((t) => t.name === 'Invoke_Tool')!;
				expect(Object.keys(invoke.inputSchema.properties ?? {}).sort()).toEqual(['Args', 'Tool']);

				const marker = unique(`mcp-${kind}`);
				const answer = await client.callTool(
					{ name: 'Run_Agent', arguments: { Message: `echo:${marker}` } },
					undefined,
					perRequest,
				);
				expect(answer.isError).toBeFalsy();
				expect(textOf(answer)).toContain(marker);
				expect(await modelSaw(marker)).toBe(1);

				const sessions = await client.callTool(
					{ name: 'Invoke_Tool', arguments: { Tool: 'sessions_list', Args: '{}' } },
					undefined,
					perRequest,
				);
				expect(sessions.isError).toBeFalsy();
				expect(textOf(sessions)).toMatch(/sessions/);
				expectNoSecrets([tools, answer, sessions], [gw.token, mcpToken]);
			} finally {
				await client.close();
			}
		}, 240000);
	},
);

test('The MCP Server Trigger of example 11 takes no client without its bearer token', async () => {
	await expect(mcpClient('streamable-http', 'not-the-token')).rejects.toThrow(
		/403|Authorization data is wrong/,
	);
});

test('n8n workflows as tools of OpenClaw agents: Connect MCP Server, the model calls the workflow tool, its result reaches the answer', async () => {
	const admin: Credentials = { url: gw.url, token: gw.token, adminAccess: true };
	const [connected] = await run(new OpenClawGateway(), {
		credentials: admin,
		params: {
			resource: 'agent',
			operation: 'connectMcpServer',
			serverName: 'n8n',
			serverUrl: `${n8n.url}/mcp/openclaw-tools`,
			transport: 'streamable-http',
			headers: { header: [{ name: 'Authorization', value: `Bearer ${mcpToken}` }] },
			options: {},
		},
		executionId: unique('exec'),
	});
	expect(connected.json).toMatchObject({
		name: 'n8n',
		connected: true,
		headerNames: ['Authorization'],
	});
	expectNoSecrets(connected, [mcpToken, gw.token]);

	const order = unique('A');
	const [answer] = await run(new OpenClawRunAgent(), {
		credentials: { url: gw.url, token: gw.token },
		params: {
			...runAgentDefaults,
			message: `tool:n8n__Order_Status {"input":"${order}"}`,
			options: { timeout: 180 },
		},
		executionId: unique('exec'),
	});
	// The fake model's reply after a tool result: "<tool> said: <result>".
	expect(String(answer.json.text)).toContain(`n8n__Order_Status said:`);
	expect(String(answer.json.text)).toContain(`Order ${order}: shipped by n8n`);

	// The n8n side: example 12 ran for the call.
	const { rest } = await n8nModule.ownerSession(n8n.url, n8nModule.DEMO_OWNER);
	await until(async () => {
		const list = (await rest('GET', '/executions?filter={"workflowId":"oclExample00012"}')) as {
			results?: Array<{ status: string }>;
		};
		return (list.results ?? []).some((e) => e.status === 'success');
	}, 30000);
}, 300000);
