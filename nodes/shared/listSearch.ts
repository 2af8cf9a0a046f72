import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';

import { httpDeniedTools, isReadOnlyMethod, KNOWN_TOOLS } from './constants';
import { GatewayClient } from './transport/client';
import { newestFirst, type SessionRow } from './transport/protocol';

/** "From list" pickers, loaded live from the gateway. */

export async function withClient<T>(
	fns: ILoadOptionsFunctions,
	fn: (c: GatewayClient) => Promise<T>,
): Promise<T> {
	const client = await GatewayClient.create(fns);
	try {
		return await fn(client);
	} finally {
		client.close();
	}
}

export const matches = (filter: string | undefined, ...texts: unknown[]) =>
	!filter ||
	texts.some((t) =>
		String(t ?? '')
			.toLowerCase()
			.includes(filter.toLowerCase()),
	);

/**
 * The value another field of the node has now, as typed: '' when it is empty or an expression
 * (a picker sees the expression, not the value it gives at run time).
 */
export function currentText(fns: ILoadOptionsFunctions, name: string): string {
	let value: unknown;
	try {
		value = fns.getCurrentNodeParameter(name, { extractValue: true });
	} catch {
		return '';
	}
	if (value && typeof value === 'object' && 'value' in value) value = value.value;
	const text = typeof value === 'string' ? value.trim() : '';
	return text.startsWith('=') ? '' : text;
}

/** One line of a picker: the text cut to `max` characters. */
export const pickerText = (text: unknown, max = 60): string => {
	const one = String(text ?? '')
		.replace(/\s+/g, ' ')
		.trim();
	return one.length > max ? `${one.slice(0, max - 1)}…` : one;
};

/** A time of a picker entry: UTC, to the minute. */
export const pickerTime = (ms: unknown): string =>
	typeof ms === 'number' ? `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC` : '';

export async function searchAgents(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return withClient(this, async (client) => {
		const res = await client.call('agents.list', {});
		const agents = (res.agents ?? []) as IDataObject[];
		return {
			results: agents
				.filter((a) => matches(filter, a.id, a.name))
				.map((a) => ({
					name: `${String(a.name ?? a.id)}${a.id === res.defaultId ? ' (default)' : ''}`,
					value: String(a.id),
				})),
		};
	});
}

export async function searchSessions(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return withClient(this, async (client) => {
		const res = await client.call<{ sessions?: SessionRow[] }>(
			'sessions.list',
			filter ? { limit: 100, search: filter } : { limit: 100 },
		);
		const sessions = (res.sessions ?? []).sort(newestFirst);
		// The default agent's main session first, listed even before it has a transcript.
		const main =
			(await client.hello()).snapshot?.sessionDefaults?.mainSessionKey ?? 'agent:main:main';
		const rows = [
			sessions.find((s) => s.key === main) ?? { key: main },
			...sessions.filter((s) => s.key !== main),
		];
		return {
			results: rows
				.filter((s) => matches(filter, s.key, s.label, s.displayName))
				.map((s) => ({
					name:
						s.key === main
							? `${main} (the default agent's main session)`
							: s.label || s.displayName
								? `${String(s.label ?? s.displayName)} (${String(s.key)})`
								: String(s.key),
					value: String(s.key),
				})),
		};
	});
}

interface ToolEntry {
	id: string;
	description: string;
}

/** The first sentence of a tool's description, short enough for one line of the picker. */
export function shortDescription(description: string): string {
	const first = description
		.trim()
		.split(/(?<=[.!?])\s|\n/)[0]
		.replace(/[.!?]$/, '');
	return first.length > 80 ? `${first.slice(0, 79)}…` : first;
}

function toolsOf(res: IDataObject): ToolEntry[] {
	const found: ToolEntry[] = [];
	for (const g of (res.groups ?? []) as IDataObject[]) {
		for (const t of (g.tools ?? []) as IDataObject[])
			if (!found.some((f) => f.id === t.id))
				found.push({ id: String(t.id), description: String(t.description ?? '') });
	}
	return found;
}

/**
 * The tools for the picker, best source first: `tools.effective` for the chosen session (what that
 * session's tool policy really allows, plugins included), else `tools.catalog`, else a known list
 * (2026.2.x has neither method; a device not paired yet has no WebSocket access).
 */
async function toolCatalog(
	client: GatewayClient,
	sessionKey: string,
	agentId: string,
): Promise<{ tools: ToolEntry[]; server?: { version?: string; protocol?: number } }> {
	try {
		const hello = await client.hello();
		const server = { version: hello.server?.version, protocol: hello.protocol };
		// No session chosen: the tool runs in the agent's main session, which may not exist yet.
		const defaults = hello.snapshot?.sessionDefaults;
		const key =
			sessionKey && sessionKey !== 'main'
				? sessionKey
				: agentId
					? `agent:${agentId}:${defaults?.mainKey ?? 'main'}`
					: defaults?.mainSessionKey;
		if (key && (await client.has('tools.effective'))) {
			const effective = await client.call('tools.effective', { sessionKey: key }).catch(() => ({}));
			const found = toolsOf(effective);
			if (found.length) return { tools: found, server };
		}
		if (await client.has('tools.catalog')) {
			const found = toolsOf(await client.call('tools.catalog', {}));
			if (found.length) return { tools: found, server };
		}
		return { tools: KNOWN_TOOLS, server };
	} catch {
		return { tools: KNOWN_TOOLS };
	}
}

/**
 * Invoke Tool's picker. Each entry shows the tool's short description; the tool named exactly as
 * typed comes first; tools the gateway's default deny list blocks for calls from outside an agent run
 * (POST /tools/invoke and tools.invoke alike: every transport of Invoke Tool) come last, the setting
 * that allows them in the entry's own text (n8n shows no description of a list entry).
 */
export async function searchTools(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const current = (name: string) =>
		String(this.getCurrentNodeParameter(name, { extractValue: true }) ?? '').trim();
	return withClient(this, async (client) => {
		const { tools, server } = await toolCatalog(client, current('session'), current('agent'));
		const denied = new Set(httpDeniedTools(server));
		const exact = (id: string) => Number(id.toLowerCase() !== (filter ?? '').trim().toLowerCase());
		const entries = tools
			.filter((t) => matches(filter, t.id, t.description))
			.map((t) => ({ ...t, blocked: denied.has(t.id) }))
			.sort(
				(a, b) =>
					exact(a.id) - exact(b.id) ||
					Number(a.blocked) - Number(b.blocked) ||
					a.id.localeCompare(b.id),
			);
		return {
			results: entries.map((t) => {
				const short = shortDescription(t.description);
				const name = t.blocked ? `${t.id} ${BLOCKED_MARK}` : t.id;
				return {
					name: short ? `${name} — ${short}` : name,
					value: t.id,
					description: t.blocked
						? `The gateway's default deny list blocks ${t.id} for tool calls from outside an agent run (every transport of Invoke Tool): add it to gateway.tools.allow in openclaw.json to call it from n8n`
						: t.description,
				};
			}),
		};
	});
}

/** The mark of a tool the gateway's default deny list blocks, with the setting that allows it. */
export const BLOCKED_MARK = '(blocked: allow it in gateway.tools.allow)';

export async function searchSkills(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return withClient(this, async (client) => {
		const res = await client.call('skills.status', {});
		return {
			results: ((res.skills ?? []) as IDataObject[])
				.filter((s) => matches(filter, s.name, s.description))
				.map((s) => ({
					name: String(s.name),
					value: String(s.name),
					description: String(s.description ?? ''),
				})),
		};
	});
}

export async function searchCronJobs(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return withClient(this, async (client) => {
		const res = await client.call('cron.list', { includeDisabled: true });
		return {
			results: ((res.jobs ?? []) as IDataObject[])
				.filter((j) => matches(filter, j.name, j.id))
				.map((j) => ({
					name: `${String(j.name ?? j.id)}${j.enabled === false ? ' (disabled)' : ''}`,
					value: String(j.id),
				})),
		};
	});
}

/**
 * Methods that need operator.admin (OpenClaw 2026.9.6's method scopes, `connect` aside; a test
 * compares this list with the installed gateway's own table). Call Method marks them.
 */
export const ADMIN_METHODS = new Set(
	[
		'agents.create agents.delete agents.files.set agents.update attach.grant attach.revoke',
		'channels.logout channels.start channels.stop chat.inject claws.monitors claws.packages.remove',
		'config.apply config.openFile config.patch config.set conversations.list conversations.send',
		'conversations.turn conversations.turn.cancel cron.add cron.remove cron.run cron.scratch.get',
		'cron.scratch.set cron.update desktop.launch desktop.observe desktop.release',
		'device.pair.setupCode device.pair.setupStatus diagnostics.cpuProfile diagnostics.heapProfile',
		'environments.create environments.destroy environments.prepare environments.session.create',
		'environments.session.destroy environments.session.exec exec.approvals.get',
		'exec.approvals.node.get exec.approvals.node.set exec.approvals.set gateway.restart.request',
		'gateway.suspend.handoff gateway.suspend.prepare gateway.suspend.resume mcp.authLogin',
		'migrations.memory.apply migrations.memory.plan models.authLogin models.authLogout',
		'models.authOrderSet models.authRefresh models.authSetApiKey models.probe nativeHook.invoke',
		'openclaw.changes.list openclaw.chat openclaw.chat.history openclaw.setup.activate',
		'openclaw.setup.activate.start openclaw.setup.auth.start openclaw.setup.detect',
		'openclaw.setup.prepare.start openclaw.setup.verify plugins.controlUi.reload',
		'plugins.controlUi.status plugins.credentials.inspect plugins.install plugins.refresh',
		'plugins.reload plugins.setEnabled plugins.uninstall projects.register projects.remove',
		'secrets.reload secrets.resolve secrets.store.delete secrets.store.list secrets.store.set',
		'sessions.branches.switch sessions.catalog.startTerminal sessions.cleanup sessions.compact',
		'sessions.files.reveal sessions.files.set sessions.pluginPatch sessions.reset sessions.rewind',
		'sessions.storage.run sessions.storage.status set-heartbeats skills.curator.pin',
		'skills.curator.restore skills.curator.unpin skills.install skills.proposals.apply',
		'skills.proposals.create skills.proposals.evaluate skills.proposals.historyScan',
		'skills.proposals.quarantine skills.proposals.reject skills.proposals.requestRevision',
		'skills.proposals.revise skills.proposals.update skills.update skills.upload.begin',
		'skills.upload.chunk skills.upload.commit system-event taskSuggestions.accept terminal.attach',
		'terminal.close terminal.input terminal.list terminal.open terminal.resize terminal.upload',
		'tools.github.authorize.cancel tools.github.authorize.poll tools.github.authorize.start',
		'tools.github.configure update.hold update.report update.run update.runs.get update.runs.list',
		'update.status users.linkAuthProfile users.linkChannelIdentity users.linkEmail',
		'users.listChannelIdentities users.setRole users.unlinkChannelIdentity web.login.start',
		'web.login.wait webSearch.test wizard.cancel wizard.next wizard.start wizard.status',
		'worker.desktop.launch worker.desktop.observe worktrees.gc worktrees.remove worktrees.restore',
	]
		.join(' ')
		.split(' '),
);

/** The methods the gateway offers (its hello), for the Gateway node's Call Method. */
export async function getMethods(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return withClient(this, async (client) => {
		const hello = await client.hello();
		// The list is 2026.9's scope table; 2026.2.x gives admin to other methods too (config.*, sessions.patch).
		const knownScopes = hello.protocol >= 4;
		return [...(hello.features?.methods ?? [])]
			.sort((a, b) => a.localeCompare(b))
			.map((m) => {
				const admin = knownScopes && ADMIN_METHODS.has(m);
				const reads = isReadOnlyMethod(m);
				const marks = [reads ? '' : 'changes the gateway', admin ? 'needs Admin Access' : '']
					.filter(Boolean)
					.join('; ');
				return {
					name: marks ? `${m} (${marks})` : m,
					value: m,
					description: [
						reads
							? 'Reads'
							: 'Changes the gateway. Refused when an AI Agent runs the node, unless As an AI Tool: Allow Changes is on.',
						admin ? 'Needs operator.admin: turn on Admin Access in the credential.' : '',
					]
						.filter(Boolean)
						.join(' '),
				};
			});
	});
}

export const listSearch = { searchAgents, searchSessions, searchTools, searchSkills };
