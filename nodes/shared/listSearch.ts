import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { KNOWN_TOOLS } from './constants';
import { GatewayClient } from './transport/client';
import { newestFirst, type SessionRow } from './transport/protocol';

/** "From list" pickers, loaded live from the gateway. */

async function withClient<T>(
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

const matches = (filter: string | undefined, ...texts: unknown[]) =>
	!filter ||
	texts.some((t) =>
		String(t ?? '')
			.toLowerCase()
			.includes(filter.toLowerCase()),
	);

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
		return {
			results: sessions
				.filter((s) => matches(filter, s.key, s.label, s.displayName))
				.map((s) => ({
					name:
						s.label || s.displayName
							? `${String(s.label ?? s.displayName)} (${String(s.key)})`
							: String(s.key),
					value: String(s.key),
				})),
		};
	});
}

export async function searchTools(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return withClient(this, async (client) => {
		let tools: Array<{ id: string; description?: string }> = KNOWN_TOOLS;
		try {
			if (await client.has('tools.catalog')) {
				const res = await client.call('tools.catalog', {});
				const found: Array<{ id: string; description?: string }> = [];
				for (const g of (res.groups ?? []) as IDataObject[]) {
					for (const t of (g.tools ?? []) as IDataObject[])
						found.push({ id: String(t.id), description: String(t.description ?? '') });
				}
				if (found.length) tools = found;
			}
		} catch {
			// No WebSocket access (e.g. device not paired yet): the known list still helps.
		}
		return {
			results: tools
				.filter((t) => matches(filter, t.id, t.description))
				.sort((a, b) => a.id.localeCompare(b.id))
				.map((t) => ({ name: t.id, value: t.id, description: t.description })),
		};
	});
}

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

export const listSearch = { searchAgents, searchSessions, searchTools, searchSkills };
