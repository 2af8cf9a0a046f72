import type { IDataObject } from 'n8n-workflow';

import { agentOfSessionKey, isoTime, type SessionRow } from '../shared/transport/protocol';

/** List Sessions' pure parts: request parameters, client-side filters and the simplified row. */

export interface SessionFilters {
	agentId?: string;
	activeMinutes?: number;
	search?: string;
	label?: string;
	includeLastMessage?: boolean;
	includeDerivedTitles?: boolean;
}

export function sessionsListParams(
	filters: SessionFilters,
	limit: number,
	offset?: number,
): IDataObject {
	const p: IDataObject = { limit };
	if (filters.agentId) p.agentId = filters.agentId;
	if (filters.activeMinutes && filters.activeMinutes > 0) p.activeMinutes = filters.activeMinutes;
	if (filters.search) p.search = filters.search;
	if (filters.label) p.label = filters.label;
	if (filters.includeLastMessage) p.includeLastMessage = true;
	if (filters.includeDerivedTitles) p.includeDerivedTitles = true;
	if (offset !== undefined && offset > 0) p.offset = offset;
	return p;
}

/** Arguments of the `sessions_list` tool (the HTTP fallback); it knows fewer filters. */
export function sessionsListToolArgs(filters: SessionFilters, limit: number): IDataObject {
	const a: IDataObject = { limit };
	if (filters.activeMinutes && filters.activeMinutes > 0) a.activeMinutes = filters.activeMinutes;
	return a;
}

export function simplifySession(s: SessionRow): IDataObject {
	const key = String(s.key ?? '');
	return {
		key,
		title: s.label ?? s.displayName ?? s.derivedTitle ?? s.title ?? null,
		agentId: s.agentId ?? agentOfSessionKey(key) ?? null,
		kind: s.kind ?? null,
		model: s.model ?? null,
		modelProvider: s.modelProvider ?? null,
		totalTokens: s.totalTokens ?? null,
		updatedAt: isoTime(s.updatedAt),
		...(s.lastMessagePreview !== undefined || s.lastMessage !== undefined
			? { lastMessage: s.lastMessagePreview ?? s.lastMessage }
			: {}),
	};
}

/** Client-side filters for the HTTP fallback and for gateways that ignore some parameters. */
export function matchesSession(s: SessionRow, filters: SessionFilters): boolean {
	const key = String(s.key ?? '');
	if (filters.agentId && (s.agentId ?? agentOfSessionKey(key)) !== filters.agentId) return false;
	if (filters.label && s.label !== filters.label) return false;
	if (filters.search) {
		const hay =
			`${key} ${String(s.label ?? '')} ${String(s.displayName ?? '')} ${String(s.derivedTitle ?? '')}`.toLowerCase();
		if (!hay.includes(filters.search.toLowerCase())) return false;
	}
	return true;
}
