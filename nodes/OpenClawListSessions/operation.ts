import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { agentLocator, limitField, returnAllField, simplifyField } from '../shared/descriptions';
import { asNodeError, errorKind } from '../shared/errors';
import { locatorParam, optionsParam } from '../shared/params';
import {
	matchesSession,
	newestFirst,
	sessionsListParams,
	sessionsListToolArgs,
	simplifySession,
	toolOutput,
	type SessionFilters,
	messageText,
} from '../shared/requests';
import type { GatewayClient } from '../shared/transport/client';

export const properties: INodeProperties[] = [
	{
		displayName: 'Transport',
		name: 'transport',
		type: 'options',
		options: [
			{
				name: 'Auto',
				value: 'auto',
				description:
					'WebSocket; the sessions_list tool over HTTP when this device has no read access yet',
			},
			{
				name: 'HTTP (Sessions_list Tool)',
				value: 'http',
				description: 'Works without pairing; fewer filters',
			},
			{ name: 'WebSocket', value: 'webSocket', description: 'Always WebSocket (sessions.list)' },
		],
		default: 'auto',
	},
	agentLocator('Only sessions of this agent; empty for all agents'),
	returnAllField,
	limitField,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Active Within (Minutes)',
				name: 'activeMinutes',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Only sessions updated within this many minutes (0 = any time)',
			},
			{
				displayName: 'Include Derived Titles',
				name: 'includeDerivedTitles',
				type: 'boolean',
				default: false,
				description: 'Whether to ask the gateway to derive a title from the first message',
			},
			{
				displayName: 'Include Last Message',
				name: 'includeLastMessage',
				type: 'boolean',
				default: false,
				description: 'Whether to include a preview of the last message of each session',
			},
			{
				displayName: 'Label',
				name: 'label',
				type: 'string',
				default: '',
				description: 'Only sessions with exactly this label',
			},
			{
				displayName: 'Search',
				name: 'search',
				type: 'string',
				default: '',
				description: 'Only sessions whose key, label or title contains this text',
			},
		],
	},
	{
		displayName: 'Last Messages per Session',
		name: 'historyLimit',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 1000 },
		default: 0,
		description: 'Also return the last N messages of each session (0 = none; needs WebSocket)',
	},
	simplifyField('session'),
];

const FALLBACK_KINDS = ['missing-scope', 'pairing-required', 'device-identity-required'];
const PAGE = 200;

async function viaWebSocket(
	client: GatewayClient,
	filters: SessionFilters,
	max: number,
): Promise<IDataObject[]> {
	const rpc = await client.rpc();
	const out: IDataObject[] = [];
	let offset = 0;
	for (;;) {
		const want = Number.isFinite(max) ? Math.min(max - out.length, PAGE) : PAGE;
		// Gateways before paging (2026.2.x) have no offset: ask for everything at once there.
		const limit = rpc.protocol >= 4 ? want : Number.isFinite(max) ? max : 100000;
		const res = await client.call('sessions.list', sessionsListParams(filters, limit, offset));
		const page = (res.sessions ?? []) as IDataObject[];
		out.push(...page);
		if (res.hasMore !== true || page.length === 0 || out.length >= max) break;
		offset = typeof res.nextOffset === 'number' ? res.nextOffset : offset + page.length;
	}
	return out;
}

async function viaHttp(
	client: GatewayClient,
	filters: SessionFilters,
	max: number,
): Promise<IDataObject[]> {
	const limit =
		Number.isFinite(max) && !filters.agentId && !filters.search && !filters.label ? max : 100000;
	const answer = await client.http({
		method: 'POST',
		path: '/tools/invoke',
		tool: 'sessions_list',
		body: { tool: 'sessions_list', args: sessionsListToolArgs(filters, limit) },
	});
	const details = toolOutput((answer.body as IDataObject)?.result);
	return ((details.sessions ?? []) as IDataObject[]).filter((s) => matchesSession(s, filters));
}

export async function listSessions(
	this: IExecuteFunctions,
	client: GatewayClient,
	i: number,
): Promise<IDataObject[]> {
	const transport = this.getNodeParameter('transport', i, 'auto') as string;
	const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
	const max = returnAll ? Infinity : Math.max(1, Number(this.getNodeParameter('limit', i, 50)));
	const filters: SessionFilters = {
		...optionsParam<SessionFilters>(this, 'filters', i),
		agentId: locatorParam(this, 'agent', i) || undefined,
	};
	const historyLimit = Number(this.getNodeParameter('historyLimit', i, 0));
	const simplify = this.getNodeParameter('simplify', i, true) as boolean;

	let sessions: IDataObject[] | undefined;
	let fallback: IDataObject | undefined;
	if (transport !== 'http') {
		try {
			sessions = await viaWebSocket(client, filters, max);
		} catch (error) {
			const kind = errorKind(error);
			if (transport !== 'auto' || !kind || !FALLBACK_KINDS.includes(kind))
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
		if (historyLimit > 0) {
			const res = await client.call('chat.history', { sessionKey: s.key, limit: historyLimit });
			item.messages = ((res.messages ?? []) as IDataObject[]).map((m) =>
				simplify
					? { role: m.role, text: messageText(m.content), timestamp: m.timestamp ?? null }
					: m,
			);
		}
		if (fallback) item._openclaw = fallback;
		out.push(item);
	}
	return out;
}
