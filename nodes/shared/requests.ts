import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

/**
 * Pure request builders and result shapers: every field the nodes send, in one place, limited to
 * what 2026.2.x's closed schemas accept unless the gateway advertised more.
 */

// ------------------------------------------------------------------------------------ sessions

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

const iso = (ms: unknown) => (typeof ms === 'number' && ms > 0 ? new Date(ms).toISOString() : null);

export function agentOfSessionKey(key: string): string | undefined {
	const m = /^agent:([^:]+):/.exec(key);
	return m ? m[1] : undefined;
}

export function simplifySession(s: IDataObject): IDataObject {
	const key = String(s.key ?? '');
	return {
		key,
		title: s.label ?? s.displayName ?? s.derivedTitle ?? s.title ?? null,
		agentId: s.agentId ?? agentOfSessionKey(key) ?? null,
		kind: s.kind ?? null,
		model: s.model ?? null,
		modelProvider: s.modelProvider ?? null,
		totalTokens: s.totalTokens ?? null,
		updatedAt: iso(s.updatedAt),
		...(s.lastMessagePreview !== undefined || s.lastMessage !== undefined
			? { lastMessage: s.lastMessagePreview ?? s.lastMessage }
			: {}),
	};
}

/** Client-side filters for the HTTP fallback and for gateways that ignore some parameters. */
export function matchesSession(s: IDataObject, filters: SessionFilters): boolean {
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

export const newestFirst = (a: IDataObject, b: IDataObject) =>
	Number(b.updatedAt ?? 0) - Number(a.updatedAt ?? 0);

/** The text of a transcript message (a string, or text parts). */
export function messageText(content: unknown): string {
	if (typeof content === 'string') return content;
	if (!Array.isArray(content)) return '';
	return content
		.map((c) =>
			c && typeof c === 'object' && (c as IDataObject).type === 'text'
				? String((c as IDataObject).text ?? '')
				: '',
		)
		.join('');
}

// ------------------------------------------------------------------------------------ skills

export interface SkillFilters {
	onlyEligible?: boolean;
	onlyMissing?: boolean;
	name?: string;
}

const listOf = (v: unknown) => (Array.isArray(v) ? (v as unknown[]) : []);

export function missingOf(skill: IDataObject): IDataObject {
	const m = (skill.missing ?? {}) as IDataObject;
	return {
		bins: listOf(m.bins),
		anyBins: listOf(m.anyBins),
		env: listOf(m.env),
		config: listOf(m.config),
		os: listOf(m.os),
	};
}

export function hasMissing(skill: IDataObject): boolean {
	return Object.values(missingOf(skill)).some((v) => (v as unknown[]).length > 0);
}

export function matchesSkill(skill: IDataObject, f: SkillFilters): boolean {
	if (f.onlyEligible && skill.eligible !== true) return false;
	if (f.onlyMissing && !hasMissing(skill)) return false;
	if (f.name) {
		const want = f.name.toLowerCase();
		if (
			String(skill.name ?? '').toLowerCase() !== want &&
			String(skill.skillKey ?? '').toLowerCase() !== want
		) {
			return false;
		}
	}
	return true;
}

export function simplifySkill(skill: IDataObject): IDataObject {
	return {
		name: skill.name ?? null,
		description: skill.description ?? null,
		source: skill.source ?? null,
		eligible: skill.eligible === true,
		disabled: skill.disabled === true,
		blockedByAllowlist: skill.blockedByAllowlist === true,
		missing: missingOf(skill),
		install: listOf(skill.install).map((x) => {
			const o = (x ?? {}) as IDataObject;
			return { id: o.id ?? null, kind: o.kind ?? null, label: o.label ?? null };
		}),
	};
}

// ------------------------------------------------------------------------------------ tools

export function toolInvokeBody(input: {
	tool: string;
	args: IDataObject;
	action?: string;
	sessionKey?: string;
	agentId?: string;
}): IDataObject {
	const body: IDataObject = { tool: input.tool, args: input.args };
	if (input.action) body.action = input.action;
	if (input.sessionKey) body.sessionKey = input.sessionKey;
	// 2026.2.x ignores agentId here; newer gateways use it for the tool policy.
	if (input.agentId) body.agentId = input.agentId;
	return body;
}

export function toolInvokeHeaders(channel?: string, accountId?: string): Record<string, string> {
	const h: Record<string, string> = {};
	if (channel) h['x-openclaw-message-channel'] = channel;
	if (accountId) h['x-openclaw-account-id'] = accountId;
	return h;
}

/** The useful part of a tool result: `details`, else the JSON in `content[].text`, else the text. */
export function toolOutput(result: unknown): IDataObject {
	const r = (result ?? {}) as IDataObject;
	if (r.details !== undefined && r.details !== null) {
		return typeof r.details === 'object' && !Array.isArray(r.details)
			? (r.details as IDataObject)
			: { result: r.details as unknown as IDataObject };
	}
	const text = listOf(r.content)
		.map((c) => ((c as IDataObject)?.type === 'text' ? String((c as IDataObject).text ?? '') : ''))
		.join('');
	if (text) {
		try {
			const parsed = JSON.parse(text) as unknown;
			return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
				? (parsed as IDataObject)
				: { result: parsed as IDataObject };
		} catch {
			return { text };
		}
	}
	return { result: r };
}

// ------------------------------------------------------------------------------------ agent runs

export type SessionStrategy = 'main' | 'workflow' | 'execution' | 'custom';

export class InputError extends Error {}

/** Session keys: "main", "global", or agent:<agentId>:<rest>. */
export function validateSessionKey(key: string): void {
	if (!key) throw new InputError('is empty');
	if (/\s/.test(key)) throw new InputError(`"${key}" contains spaces`);
	if (key.length > 512) throw new InputError('is longer than 512 characters');
	if (key.startsWith('agent:')) {
		const parts = key.split(':');
		if (parts.length < 3 || !parts[1] || !parts.slice(2).join(':')) {
			throw new InputError(`"${key}" is not of the form agent:<agentId>:<name>`);
		}
	}
}

export function sessionKeyFor(input: {
	strategy: SessionStrategy;
	agentId: string;
	workflowId?: string;
	executionId?: string;
	customKey?: string;
	mainKey?: string;
}): string {
	// The gateway stores session keys in lower case; generated keys match that form.
	const agent = (input.agentId || 'main').toLowerCase();
	const safe = (s: string | undefined) =>
		String(s ?? 'manual')
			.toLowerCase()
			.replace(/[^a-z0-9_-]/g, '-');
	switch (input.strategy) {
		case 'workflow':
			return `agent:${agent}:n8n-wf-${safe(input.workflowId)}`;
		case 'execution':
			return `agent:${agent}:n8n-exec-${safe(input.executionId)}`;
		case 'custom':
			return input.customKey ?? '';
		default:
			return `agent:${agent}:${input.mainKey || 'main'}`;
	}
}

/**
 * The same execution, node, run and item always give the same key, so n8n's Retry On Fail (same
 * run) reuses the run, while each pass of a loop (a new run index) starts its own.
 */
export function idempotencyKeyFor(
	executionId: string,
	nodeId: string,
	runIndex: number,
	itemIndex: number,
): string {
	const digest = createHash('sha256')
		.update(`${executionId}\u0000${nodeId}\u0000${runIndex}\u0000${itemIndex}`)
		.digest('hex');
	return `n8n-${digest.slice(0, 40)}`;
}

export interface AgentRunInput {
	message: string;
	agentId?: string;
	sessionKey: string;
	idempotencyKey: string;
	thinking?: string;
	timeoutSeconds: number;
	deliver: boolean;
	channel?: string;
	to?: string;
}

export function agentParams(input: AgentRunInput): IDataObject {
	const p: IDataObject = {
		message: input.message,
		sessionKey: input.sessionKey,
		idempotencyKey: input.idempotencyKey,
		deliver: input.deliver,
		timeout: input.timeoutSeconds,
	};
	if (input.agentId) p.agentId = input.agentId;
	if (input.thinking) p.thinking = input.thinking;
	if (input.deliver && input.channel) p.channel = input.channel;
	if (input.deliver && input.to) p.to = input.to;
	return p;
}

const FAILED_BEFORE_REPLY = /^⚠️\s*Agent failed before reply/;

export interface AgentOutcome {
	ok: boolean;
	error?: string;
	output: IDataObject;
}

/** Shapes the final `agent` payload into the node's output (or says why the run failed). */
export function agentOutcome(
	final: IDataObject,
	sessionKey: string,
	startedAt: number,
): AgentOutcome {
	const result = (final.result ?? {}) as IDataObject;
	const meta = (result.meta ?? {}) as IDataObject;
	const agentMeta = (meta.agentMeta ?? {}) as IDataObject;
	const payloads = listOf(result.payloads).map((p) => {
		const o = (p ?? {}) as IDataObject;
		const media = [...listOf(o.mediaUrls), ...(o.mediaUrl ? [o.mediaUrl] : [])];
		return { text: typeof o.text === 'string' ? o.text : '', mediaUrls: [...new Set(media)] };
	});
	const text = payloads
		.map((p) => p.text)
		.filter((t) => t)
		.join('\n\n');
	const status = String(final.status ?? '');
	const output: IDataObject = {
		text,
		payloads,
		runId: final.runId ?? null,
		sessionKey: final.sessionKey ?? sessionKey,
		agentId: final.agentId ?? agentOfSessionKey(sessionKey) ?? null,
		model: agentMeta.model ?? null,
		provider: agentMeta.provider ?? null,
		usage: (agentMeta.usage as IDataObject) ?? null,
		durationMs: typeof meta.durationMs === 'number' ? meta.durationMs : Date.now() - startedAt,
		stopReason: meta.stopReason ?? (meta.aborted ? 'aborted' : status === 'ok' ? 'stop' : status),
		status,
	};
	if (status !== 'ok') {
		return {
			ok: false,
			error: String(final.summary ?? `the run ended with status ${status || 'unknown'}`),
			output,
		};
	}
	if (FAILED_BEFORE_REPLY.test(text)) return { ok: false, error: text.split('\n')[0], output };
	return { ok: true, output };
}

export function chatCompletionBody(
	message: string,
	agentId: string | undefined,
	stream: boolean,
): IDataObject {
	return {
		model: agentId ? `openclaw:${agentId}` : 'openclaw',
		stream,
		messages: [{ role: 'user', content: message }],
	};
}

export function responsesBody(
	message: string,
	agentId: string | undefined,
	stream: boolean,
): IDataObject {
	return { model: agentId ? `openclaw:${agentId}` : 'openclaw', stream, input: message };
}

export function openAiHeaders(
	agentId: string | undefined,
	sessionKey: string,
): Record<string, string> {
	const h: Record<string, string> = { 'x-openclaw-session-key': sessionKey };
	if (agentId) h['x-openclaw-agent-id'] = agentId;
	return h;
}
