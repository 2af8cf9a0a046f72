import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { asNodeError, HTTP_FALLBACK_KINDS, isKind } from '../shared/errors';
import { locatorParam, optionsParam } from '../shared/params';
import type { GatewayClient } from '../shared/transport/client';
import {
	isoTime,
	messageText,
	newestFirst,
	type HistoryMessage,
	type SessionRow,
} from '../shared/transport/protocol';
import { toolOutput } from '../shared/transport/tools';
import {
	matchesSession,
	sessionsListParams,
	sessionsListToolArgs,
	simplifySession,
	type SessionFilters,
} from './sessions';

const PAGE = 200;

/** The Options collection: how to list, and what to add to each session. */
interface ListSessionsOptions {
	transport?: 'auto' | 'http' | 'webSocket';
	historyLimit?: number;
	includeDerivedTitles?: boolean;
	includeLastMessage?: boolean;
}

interface SessionsPage {
	sessions?: SessionRow[];
	hasMore?: boolean;
	nextOffset?: number;
}

async function viaWebSocket(
	client: GatewayClient,
	filters: SessionFilters,
	max: number,
): Promise<SessionRow[]> {
	const { protocol } = await client.hello();
	const out: SessionRow[] = [];
	const seen = new Set<string>();
	let offset = 0;
	for (;;) {
		const want = Number.isFinite(max) ? Math.min(max - out.length, PAGE) : PAGE;
		// Gateways before paging (2026.2.x) have no offset: ask for everything at once there.
		const limit = protocol >= 4 ? want : Number.isFinite(max) ? max : 100000;
		const res = await client.call<SessionsPage>(
			'sessions.list',
			sessionsListParams(filters, limit, offset),
		);
		const page = res.sessions ?? [];
		// Only sessions not seen yet: a peer that serves the same page again ends the paging.
		const fresh = page.filter((row) => !seen.has(String(row.key)));
		for (const row of fresh) seen.add(String(row.key));
		out.push(...fresh);
		if (res.hasMore !== true || fresh.length === 0 || out.length >= max) break;
		offset =
			typeof res.nextOffset === 'number' && res.nextOffset > offset
				? res.nextOffset
				: offset + page.length;
	}
	return out;
}

async function viaHttp(
	client: GatewayClient,
	filters: SessionFilters,
	max: number,
): Promise<SessionRow[]> {
	const limit =
		Number.isFinite(max) && !filters.agentId && !filters.search && !filters.label ? max : 100000;
	const result = await client.invokeTool({
		tool: 'sessions_list',
		args: sessionsListToolArgs(filters, limit),
	});
	const details = toolOutput(result);
	return ((details.sessions ?? []) as SessionRow[]).filter((s) => matchesSession(s, filters));
}

export async function listSessions(
	this: IExecuteFunctions,
	client: GatewayClient,
	i: number,
): Promise<IDataObject[]> {
	const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
	const max = returnAll ? Infinity : Math.max(1, Number(this.getNodeParameter('limit', i, 50)));
	const {
		transport = 'auto',
		historyLimit = 0,
		...include
	} = optionsParam<ListSessionsOptions>(this, 'options', i);
	const lastMessages = Number(historyLimit);
	const filters: SessionFilters = {
		...optionsParam<SessionFilters>(this, 'filters', i),
		...include,
		agentId: locatorParam(this, 'agent', i) || undefined,
	};
	const simplify = this.getNodeParameter('simplify', i, true) as boolean;

	let sessions: SessionRow[] | undefined;
	let fallback: IDataObject | undefined;
	if (transport !== 'http') {
		try {
			sessions = await viaWebSocket(client, filters, max);
		} catch (error) {
			if (transport !== 'auto' || !isKind(error, HTTP_FALLBACK_KINDS))
				throw asNodeError(client.node, error, client.secrets);
			fallback = {
				transport: 'http',
				reason: (error as Error).message,
				note: 'Listed through the sessions_list tool: only sessions that tools.sessions.visibility allows.',
			};
		}
	}
	if (!sessions) sessions = await viaHttp(client, filters, max);
	sessions = sessions.sort(newestFirst).slice(0, Number.isFinite(max) ? max : undefined);

	const out: IDataObject[] = [];
	for (const s of sessions) {
		const item: IDataObject = simplify ? simplifySession(s) : { ...s };
		if (lastMessages > 0) {
			const res = await client.call<{ messages?: HistoryMessage[] }>('chat.history', {
				sessionKey: s.key,
				limit: lastMessages,
			});
			item.messages = (res.messages ?? []).map((m) =>
				simplify
					? { role: m.role, text: messageText(m.content), timestamp: isoTime(m.timestamp) }
					: (m as IDataObject),
			);
		}
		if (fallback) item._openclaw = fallback;
		out.push(item);
	}
	return out;
}
