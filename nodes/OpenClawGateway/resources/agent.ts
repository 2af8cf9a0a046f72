import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { turnKey } from '../../shared/agentTurn';
import { attemptKey, noteFailedAttempt } from '../../shared/transport/agentRun';
import { ADMIN_SCOPE } from '../../shared/constants';
import { asNodeError, operationError } from '../../shared/errors';
import { optionsParam, stringParam } from '../../shared/params';
import type { GatewayClient } from '../../shared/transport/client';
import { listOf } from '../../shared/transport/protocol';
import {
	assertToolMayChange,
	collection,
	notice,
	on,
	operationList,
	required,
	requireNewGateway,
	type Operation,
} from './common';

/**
 * Agent: Get Many (agents.list); Wake and Run via Hook (the gateway's hooks ingress, signed with the
 * credential's Hooks Token: no device pairing); Connect / Disconnect / Get Many MCP Servers (the
 * gateway's own MCP client, `mcp.servers` in its config, OpenClaw 2026.9).
 */

export const description: INodeProperties[] = [
	operationList('agent', 'getAll', [
		{
			name: 'Connect MCP Server',
			value: 'connectMcpServer',
			action: 'Connect an MCP server to the agents',
			description:
				"Give the gateway's agents the tools of an MCP server, e.g. an n8n MCP Server Trigger (config.patch of mcp.servers; OpenClaw 2026.9; needs Admin Access)",
		},
		{
			name: 'Disconnect MCP Server',
			value: 'disconnectMcpServer',
			action: 'Disconnect an MCP server from the agents',
			description:
				'Remove an MCP server from the gateway (config.patch of mcp.servers; OpenClaw 2026.9; needs Admin Access)',
		},
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many agents',
			description: 'List the agents (agents.list)',
		},
		{
			name: 'Get Many MCP Servers',
			value: 'getMcpServers',
			action: 'Get many MCP servers',
			description:
				'The MCP servers the gateway gives its agents (mcp.servers; header values and secrets are never returned)',
		},
		{
			name: 'Run via Hook',
			value: 'runViaHook',
			action: 'Run an agent via the hooks',
			description:
				"Start an agent turn through the gateway's hooks (POST /hooks/agent with the Hooks Token; no pairing). Waits for the outcome on OpenClaw 2026.9; the answer's text is not returned.",
		},
		{
			name: 'Wake',
			value: 'wake',
			action: 'Wake an agent',
			description:
				"Put a system event into the agent's main session and, by default, start its heartbeat now (/hooks/wake with the Hooks Token, else the WebSocket's wake)",
		},
	]),
	// ------------------------------------------------------------------ agent: wake
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		description: "The system event the agent finds in its main session (e.g. 'New email from …')",
		...on('agent', 'wake'),
	},
	collection('Options', on('agent', 'wake').displayOptions, [
		{
			displayName: 'Agent ID',
			name: 'agentId',
			type: 'string',
			default: '',
			description: "The agent to wake (default: the gateway's default agent; OpenClaw 2026.9)",
		},
		{
			displayName: 'Mode',
			name: 'mode',
			type: 'options',
			default: 'now',
			options: [
				{ name: 'Now', value: 'now', description: 'Run a heartbeat at once' },
				{
					name: 'Next Heartbeat',
					value: 'next-heartbeat',
					description: 'Leave the event for the next scheduled heartbeat',
				},
			],
		},
		{
			displayName: 'Send Via',
			name: 'via',
			type: 'options',
			default: 'auto',
			options: [
				{
					name: 'Auto',
					value: 'auto',
					description: 'The hooks when the credential has a Hooks Token, else the WebSocket',
				},
				{ name: 'Hooks', value: 'hooks', description: 'POST /hooks/wake with the Hooks Token' },
				{
					name: 'WebSocket',
					value: 'websocket',
					description: "The WebSocket's wake method (a paired device, operator.write)",
				},
			],
		},
	]),
	// ------------------------------------------------------------------ agent: run via hook
	notice(
		"Hooks answer with the run's ID and, on OpenClaw 2026.9 when waiting, its outcome, never the answer's text: deliver it to a channel (Channel and To), or use Run Agent to get it back.",
		'agent',
		'runViaHook',
	),
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		description: 'What the agent is asked to do',
		...on('agent', 'runViaHook'),
	},
	collection('Options', on('agent', 'runViaHook').displayOptions, [
		{
			displayName: 'Account ID',
			name: 'accountId',
			type: 'string',
			default: '',
			description: 'The channel account to deliver from, with Channel and To (OpenClaw 2026.9)',
		},
		{
			displayName: 'Agent ID',
			name: 'agentId',
			type: 'string',
			default: '',
			description:
				"The agent that runs the turn (default: the gateway's default agent; hooks.allowedAgentIds may limit it)",
		},
		{
			displayName: 'Channel',
			name: 'channel',
			type: 'string',
			default: '',
			placeholder: 'e.g. telegram',
			description:
				'Deliver the answer to this channel (with To). Empty: the answer is not sent to any channel.',
		},
		{
			displayName: 'Idempotency Key',
			name: 'idempotencyKey',
			type: 'string',
			default: '',
			description:
				'Requests with the same key are one run while the gateway remembers it (OpenClaw 2026.9: 5 minutes after the run, 1,000 keys; 2026.2.x has no such key). Default: derived from the execution, node and item, so Retry On Fail does not start a second run.',
		},
		{
			displayName: 'Model',
			name: 'model',
			type: 'string',
			default: '',
			placeholder: 'e.g. openai/gpt-5',
			description: "Override the agent's model for this run",
		},
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: 'n8n',
			description: 'How the run names its source in the session and logs',
		},
		{
			displayName: 'Session Key',
			name: 'sessionKey',
			type: 'string',
			default: '',
			placeholder: 'e.g. hook:orders',
			description:
				'The session of the run: must start with a prefix of hooks.allowedSessionKeyPrefixes, and needs hooks.allowRequestSessionKey. Empty: hooks.defaultSessionKey or a new hook: session.',
		},
		{
			displayName: 'Session Mode',
			name: 'sessionMode',
			type: 'options',
			default: 'isolated',
			options: [
				{
					name: 'Isolated',
					value: 'isolated',
					description: 'A fresh session for the run (the gateway default)',
				},
				{
					name: 'Persistent',
					value: 'persistent',
					description:
						"The run continues the Session Key's conversation (OpenClaw 2026.9; needs a Session Key)",
				},
			],
		},
		{
			displayName: 'Thinking',
			name: 'thinking',
			type: 'string',
			default: '',
			placeholder: 'e.g. low',
			description: 'Thinking level for this run',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 300,
			description:
				'How long the run may take on the gateway, and how long the node waits for its outcome',
		},
		{
			displayName: 'To',
			name: 'to',
			type: 'string',
			default: '',
			placeholder: 'e.g. a chat ID',
			description: 'The recipient on the Channel',
		},
		{
			displayName: 'Wait for Completion',
			name: 'wait',
			type: 'boolean',
			default: true,
			description:
				'Whether to wait until the run has finished and return its outcome (OpenClaw 2026.9). Off, or on 2026.2.x: return as soon as the gateway took the run.',
		},
	]),
	// ------------------------------------------------------------------ agent: MCP servers
	notice(
		"Changes the gateway's configuration (openclaw.json) at once, for every agent; needs Admin Access and OpenClaw 2026.9.",
		'agent',
		'connectMcpServer',
	),
	{
		displayName: 'Server Name',
		name: 'serverName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. n8n',
		description:
			'The name of the server in mcp.servers. Agents see its tools as NAME__TOOL. Letters, digits, - and _.',
		...on('agent', 'connectMcpServer', 'disconnectMcpServer'),
	},
	{
		displayName: 'URL',
		name: 'serverUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. http://n8n:5678/mcp/my-tools',
		description:
			"The MCP server's address as the gateway reaches it (an n8n MCP Server Trigger's Production URL)",
		...on('agent', 'connectMcpServer'),
	},
	{
		displayName: 'Transport',
		name: 'transport',
		type: 'options',
		default: 'streamable-http',
		options: [
			{
				name: 'HTTP Streamable',
				value: 'streamable-http',
				description: "The MCP Server Trigger's URL as it is",
			},
			{
				name: 'Server-Sent Events (SSE)',
				value: 'sse',
				description: 'Older servers; for n8n the URL ends in /sse',
			},
		],
		...on('agent', 'connectMcpServer'),
	},
	{
		displayName: 'Headers',
		name: 'headers',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Header',
		default: {},
		description:
			'Sent with every request to the server, e.g. Authorization: Bearer … for an MCP Server Trigger with Bearer Auth. The gateway keeps the values secret; they are never returned.',
		options: [
			{
				displayName: 'Header',
				name: 'header',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						typeOptions: { password: true },
						default: '',
					},
				],
			},
		],
		...on('agent', 'connectMcpServer'),
	},
	collection('Options', on('agent', 'connectMcpServer').displayOptions, [
		{
			displayName: 'Connection Timeout (Seconds)',
			name: 'connectionTimeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 30,
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'requestTimeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 60,
			description: 'How long one tool call may take',
		},
		{
			displayName: 'Tools to Include',
			name: 'include',
			type: 'string',
			default: '',
			placeholder: 'e.g. search, get_*',
			description:
				'Only these tools of the server, comma-separated (names or * patterns). Empty: all.',
		},
	]),
];

// ---------------------------------------------------------------------------------------- getAll

const listAgents: Operation = async function (client) {
	const res = await client.call('agents.list', {});
	return listOf<IDataObject>(res.agents).map((a) => ({ ...a, isDefault: a.id === res.defaultId }));
};

// ------------------------------------------------------------------------------------------ wake

const wake: Operation = async function (client, i) {
	const text = required(this, 'text', 'Text', i);
	const o = optionsParam<{ agentId?: string; mode?: string; via?: string }>(this, 'options', i);
	const mode = o.mode === 'next-heartbeat' ? 'next-heartbeat' : 'now';
	const agentId = o.agentId?.trim();
	const via =
		o.via === 'hooks' || o.via === 'websocket' ? o.via : client.hasHooks ? 'hooks' : 'websocket';
	const params: IDataObject = { mode, text, ...(agentId ? { agentId } : {}) };
	if (via === 'hooks') {
		const answer = await client.hooks('wake', params, { timeoutMs: 30000 });
		return { ...bodyObject(answer.body), via };
	}
	const res = await client.call<IDataObject>('wake', params);
	if (res.ok === false)
		throw operationError(
			client.node,
			`The gateway did not wake the agent${typeof res.reason === 'string' ? `: ${res.reason}` : ''}`,
			'Check Text (it must not be empty) and Agent ID against the agents the gateway has.',
			'gateway',
			i,
		);
	return { ...res, mode, via };
};

// ----------------------------------------------------------------------------------- run via hook

interface HookOptions {
	accountId?: string;
	agentId?: string;
	channel?: string;
	idempotencyKey?: string;
	model?: string;
	name?: string;
	sessionKey?: string;
	sessionMode?: string;
	thinking?: string;
	timeout?: number;
	to?: string;
	wait?: boolean;
}

/** What the gateway answers to /hooks/agent: the run's ID and, when waited for (2026.9), its outcome. */
interface HookAnswer {
	ok?: boolean;
	runId?: string;
	completion?: IDataObject & { status?: string };
}

const runViaHook: Operation = async function (client, i) {
	const message = required(this, 'message', 'Message', i);
	const o = optionsParam<HookOptions>(this, 'options', i);
	const timeout = Number(o.timeout ?? 300);
	if (!Number.isFinite(timeout) || timeout < 1)
		throw badOption(this, 'Timeout (Seconds)', 'a number of seconds, 1 or more', i);
	const trim = (v?: string) => v?.trim() || undefined;
	const [channel, to, accountId] = [trim(o.channel), trim(o.to), trim(o.accountId)];
	if ((channel || accountId) && !to) throw badOption(this, 'To', 'set with Channel', i);
	if (to && !channel) throw badOption(this, 'Channel', 'set with To', i);
	const sessionKey = trim(o.sessionKey);
	if (o.sessionMode === 'persistent' && !sessionKey)
		throw badOption(this, 'Session Key', 'set for Session Mode Persistent', i);
	const wait = o.wait !== false;
	// A run that ended in error stays in the gateway's replay cache for 5 minutes: Retry On Fail goes
	// under a key derived from this one (as Run Agent's), so the retry reaches the model.
	const baseKey = turnKey(this, i, o.idempotencyKey);
	const idempotencyKey = attemptKey(baseKey);
	const body: IDataObject = {
		message,
		name: trim(o.name) ?? 'n8n',
		// Nothing is announced to a channel unless the user named one (the gateway's default is the last one).
		deliver: Boolean(channel),
		...(channel ? { channel, to } : {}),
		...(accountId ? { accountId } : {}),
		...(trim(o.agentId) ? { agentId: trim(o.agentId) } : {}),
		...(sessionKey ? { sessionKey } : {}),
		...(o.sessionMode === 'persistent' ? { sessionMode: 'persistent' } : {}),
		...(trim(o.model) ? { model: trim(o.model) } : {}),
		...(trim(o.thinking) ? { thinking: trim(o.thinking) } : {}),
		timeoutSeconds: Math.ceil(timeout),
		idempotencyKey,
		...(wait ? { waitForCompletion: true } : {}),
	};
	const answer = await client.hooks('agent', body, {
		// The run's own limit, plus the 15 s the gateway may take to admit it.
		timeoutMs: (wait ? Math.ceil(timeout) + 30 : 30) * 1000,
	});
	const res = bodyObject(answer.body) as HookAnswer & IDataObject;
	// 2026.2.x answers 202 before the run starts (it has no waiting and no idempotency key).
	const waited = res.completion !== undefined;
	const out: IDataObject = {
		runId: res.runId ?? null,
		status: waited ? (res.completion?.status ?? 'unknown') : 'accepted',
		waited,
		...(waited ? { completion: res.completion } : {}),
		idempotencyKey,
		...(sessionKey ? { sessionKey } : {}),
		httpStatus: answer.status,
	};
	if (waited && res.completion?.status === 'error') {
		noteFailedAttempt(baseKey);
		throw operationError(
			client.node,
			`The agent run started by the hook failed (run ${String(res.runId)})`,
			'See the gateway log on its host (openclaw logs); the model provider may be unreachable, or the run timed out (raise Timeout).',
			'agent-failed',
			i,
		);
	}
	return out;
};

// ------------------------------------------------------------------------------------ MCP servers

/** An MCP server as the gateway's config has it (values of headers and env are redacted by it). */
interface McpServerConfig {
	url?: string;
	transport?: string;
	command?: string;
	args?: string[];
	headers?: Record<string, unknown>;
	env?: Record<string, unknown>;
	enabled?: boolean;
	toolFilter?: { include?: string[]; exclude?: string[] };
	connectionTimeoutMs?: number;
	requestTimeoutMs?: number;
	[key: string]: unknown;
}

interface ConfigSnapshot {
	hash?: string;
	config?: { mcp?: { servers?: Record<string, McpServerConfig> } };
}

/** OpenClaw 2026.3 and later have an MCP client; 2026.2.x's config refuses an `mcp` key. */
const requireMcpClient = (client: GatewayClient, i: number) =>
	requireNewGateway(client, 'MCP client', i);

function requireAdmin(client: GatewayClient, what: string, i: number): void {
	if (client.scopes.includes(ADMIN_SCOPE)) return;
	throw operationError(
		client.node,
		`${what} changes the gateway's configuration, which needs Admin Access`,
		'Turn on Admin Access in the OpenClaw credential (a credential only trusted workflows use), then approve the scope upgrade on the gateway host ("openclaw devices list", then "openclaw devices approve REQUEST_ID").',
		'missing-scope',
		i,
	);
}

/** A server's entry without what must never leave the gateway: header and env values, URL secrets. */
function mcpServerItem(name: string, server: McpServerConfig): IDataObject {
	const transport = server.command ? 'stdio' : (server.transport ?? 'sse');
	return {
		name,
		transport,
		...(server.url ? { url: maskedUrl(server.url) } : {}),
		// A stdio server's arguments may hold keys the gateway does not redact: only their count.
		...(server.command ? { command: server.command, argCount: (server.args ?? []).length } : {}),
		enabled: server.enabled !== false,
		headerNames: Object.keys(server.headers ?? {}),
		...(server.env ? { envNames: Object.keys(server.env) } : {}),
		...(server.toolFilter ? { toolFilter: server.toolFilter as IDataObject } : {}),
		toolPrefix: `${name}__`,
	};
}

/** A URL with its user, password and query values masked (they may be credentials). */
export function maskedUrl(raw: string): string {
	try {
		const url = new URL(raw);
		if (url.username || url.password) {
			url.username = url.username ? '***' : '';
			url.password = url.password ? '***' : '';
		}
		for (const key of [...url.searchParams.keys()]) url.searchParams.set(key, '***');
		return url.toString();
	} catch {
		return '***';
	}
}

async function configSnapshot(client: GatewayClient): Promise<ConfigSnapshot> {
	return client.call<ConfigSnapshot>('config.get', {});
}

/**
 * config.patch of `mcp.servers.<name>` against the hash just read; once more when another writer
 * changed the config in between. `entry` null removes the server.
 */
async function patchServer(
	client: GatewayClient,
	name: string,
	entry: (existing: McpServerConfig | undefined) => IDataObject | null,
	secrets: readonly string[] = [],
): Promise<{ existed: boolean; result: IDataObject }> {
	for (let attempt = 0; ; attempt++) {
		const snapshot = await configSnapshot(client);
		const existing = snapshot.config?.mcp?.servers?.[name];
		// The gateway refuses a patch that shortens an array unless it names the array's path.
		const replacePaths = arrayPaths(existing, `mcp.servers.${name}`);
		const patched = client
			.call<IDataObject>('config.patch', {
				raw: JSON.stringify({ mcp: { servers: { [name]: entry(existing) } } }),
				...(snapshot.hash ? { baseHash: snapshot.hash } : {}),
				...(replacePaths.length ? { replacePaths } : {}),
				note: `n8n: MCP server ${name}`,
			})
			.then(
				(result) => ({ result }),
				(error: unknown) => ({ error }),
			);
		const outcome = await patched;
		if ('result' in outcome) return { existed: existing !== undefined, result: outcome.result };
		const stale = /config changed since last load/i.test((outcome.error as Error).message ?? '');
		if (attempt === 0 && stale) continue;
		throw asNodeError(client.node, outcome.error, [...client.secrets, ...secrets]);
	}
}

/**
 * The merge patch that turns `existing` into `desired`: every key (at any depth) that `existing` has
 * and `desired` has not becomes null; arrays and values are `desired`'s.
 */
export function replacing(existing: IDataObject, desired: IDataObject): IDataObject {
	const patch: IDataObject = {};
	for (const key of Object.keys(existing)) if (!(key in desired)) patch[key] = null;
	for (const [key, value] of Object.entries(desired)) {
		const old = existing[key];
		const isObject = (v: unknown): v is IDataObject =>
			!!v && typeof v === 'object' && !Array.isArray(v);
		patch[key] = isObject(value) && isObject(old) ? replacing(old, value) : value;
	}
	return patch;
}

/** The dotted paths of every array inside `value` (config.patch's replacePaths). */
function arrayPaths(value: unknown, at: string): string[] {
	if (Array.isArray(value)) return [at];
	if (!value || typeof value !== 'object') return [];
	return Object.entries(value).flatMap(([k, v]) => arrayPaths(v, `${at}.${k}`));
}

const SERVER_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,29}$/;

function serverName(fns: IExecuteFunctions, i: number): string {
	const name = required(fns, 'serverName', 'Server Name', i);
	if (!SERVER_NAME.test(name))
		throw operationError(
			fns.getNode(),
			`The Server Name parameter "${name}" is not a name the gateway keeps as it is`,
			'Use a letter, then letters, digits, - or _ (at most 30): agents see its tools as NAME__TOOL.',
			'bad-input',
			i,
		);
	return name;
}

const getMcpServers: Operation = async function (client, i) {
	await requireMcpClient(client, i);
	const servers = (await configSnapshot(client)).config?.mcp?.servers ?? {};
	return Object.entries(servers).map(([name, server]) => mcpServerItem(name, server));
};

const connectMcpServer: Operation = async function (client, i) {
	const name = serverName(this, i);
	assertToolMayChange(this, 'connect an MCP server to the gateway', i);
	const url = required(this, 'serverUrl', 'URL', i);
	let parsed: URL | undefined;
	try {
		parsed = new URL(url);
	} catch {
		parsed = undefined;
	}
	if (!parsed || !/^https?:$/.test(parsed.protocol))
		throw operationError(
			this.getNode(),
			`The URL parameter "${maskedUrl(url)}" is not an http or https address`,
			"Use the MCP server's address, e.g. the Production URL of an n8n MCP Server Trigger.",
			'bad-input',
			i,
		);
	const transport =
		stringParam(this, 'transport', i, 'streamable-http') === 'sse' ? 'sse' : 'streamable-http';
	const rows = (this.getNodeParameter('headers.header', i, []) ?? []) as Array<{
		name?: string;
		value?: string;
	}>;
	const headers: Record<string, string> = {};
	for (const row of rows) {
		const key = String(row.name ?? '').trim();
		if (!key) continue;
		if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(key))
			throw operationError(
				this.getNode(),
				`The Headers parameter has a header name that is not one: "${key}"`,
				'Header names are letters, digits and - (e.g. Authorization).',
				'bad-input',
				i,
			);
		headers[key] = String(row.value ?? '');
	}
	const o = optionsParam<{ connectionTimeout?: number; requestTimeout?: number; include?: string }>(
		this,
		'options',
		i,
	);
	const include = (o.include ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	requireAdmin(client, 'Connect MCP Server', i);
	await requireMcpClient(client, i);
	const desired: IDataObject = {
		url,
		transport,
		enabled: true,
		...(Object.keys(headers).length ? { headers } : {}),
		...(o.connectionTimeout ? { connectionTimeoutMs: Math.ceil(o.connectionTimeout * 1000) } : {}),
		...(o.requestTimeout ? { requestTimeoutMs: Math.ceil(o.requestTimeout * 1000) } : {}),
		...(include.length ? { toolFilter: { include } } : {}),
	};
	const { existed, result } = await patchServer(
		client,
		name,
		// A merge patch keeps what it does not name: what the old entry had and this one has not goes.
		(existing) => replacing((existing ?? {}) as IDataObject, desired),
		Object.values(headers).filter((v) => v.length >= 4),
	);
	return {
		...mcpServerItem(name, {
			url,
			transport,
			headers,
			...(include.length ? { toolFilter: { include } } : {}),
		}),
		connected: true,
		replaced: existed,
		changed: result.noop !== true,
	};
};

const disconnectMcpServer: Operation = async function (client, i) {
	const name = serverName(this, i);
	assertToolMayChange(this, 'disconnect an MCP server from the gateway', i);
	requireAdmin(client, 'Disconnect MCP Server', i);
	await requireMcpClient(client, i);
	const servers = (await configSnapshot(client)).config?.mcp?.servers ?? {};
	if (!(name in servers))
		throw operationError(
			client.node,
			`The gateway has no MCP server named "${name}"`,
			`Its MCP servers: ${Object.keys(servers).join(', ') || 'none'} (Agent → Get Many MCP Servers lists them).`,
			'not-found',
			i,
		);
	await patchServer(client, name, () => null);
	return { name, disconnected: true };
};

// ------------------------------------------------------------------------------------------ shared

function bodyObject(body: unknown): IDataObject {
	if (body && typeof body === 'object' && !Array.isArray(body)) return body as IDataObject;
	if (typeof body === 'string' && body.trim().startsWith('{')) {
		try {
			return JSON.parse(body) as IDataObject;
		} catch {
			return { body };
		}
	}
	return body === undefined || body === '' ? {} : { body: body as string };
}

function badOption(fns: IExecuteFunctions, name: string, what: string, i: number) {
	return operationError(
		fns.getNode(),
		`The ${name} option must be ${what}`,
		`Set ${name} in the node's Options.`,
		'bad-input',
		i,
	);
}

export const operations: Record<string, Operation> = {
	getAll: listAgents,
	wake,
	runViaHook,
	getMcpServers,
	connectMcpServer,
	disconnectMcpServer,
};
