import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import {
	agentOfSessionKey,
	listOf,
	type AgentFinal,
	type AgentPayload,
} from '../shared/transport/protocol';

/** Run Agent's pure parts: session and idempotency keys, and the shape of its output item. */

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
		case 'custom': {
			// The gateway files a bare name under the agent (agent:<agentId>:<name>, lower case):
			// return the key it will use, in both modes.
			const key = (input.customKey ?? '').trim().toLowerCase();
			if (!key || key === 'global' || key.startsWith('agent:')) return key;
			return `agent:${agent}:${key}`;
		}
		default:
			return `agent:${agent}:${input.mainKey || 'main'}`;
	}
}

/**
 * The same execution, node, call and item always give the same key, so n8n's Retry On Fail (same
 * run) or an AI Agent retrying the same tool call reuses the run, while each pass of a loop (a new
 * run index) or a new tool call starts its own. `call` is "run:<run index>" or "tool-call:<id>".
 */
export function idempotencyKeyFor(
	executionId: string,
	nodeId: string,
	call: string,
	itemIndex: number,
): string {
	// "run:N" hashes as N did before, so keys of plain runs stay as they were.
	const part = call.startsWith('run:') ? call.slice(4) : call;
	const digest = createHash('sha256')
		.update(`${executionId}\u0000${nodeId}\u0000${part}\u0000${itemIndex}`)
		.digest('hex');
	return `n8n-${digest.slice(0, 40)}`;
}

/** The output item of a finished run (WebSocket transport). */
export function agentOutput(final: AgentFinal, sessionKey: string, startedAt: number): IDataObject {
	const meta = final.result?.meta ?? {};
	const agentMeta = meta.agentMeta ?? {};
	const payloads = listOf<AgentPayload | undefined>(final.result?.payloads).map((o) => {
		const media = [...listOf<string>(o?.mediaUrls), ...(o?.mediaUrl ? [o.mediaUrl] : [])];
		return { text: typeof o?.text === 'string' ? o.text : '', mediaUrls: [...new Set(media)] };
	});
	const status = String(final.status ?? '');
	return {
		text: payloads
			.map((p) => p.text)
			.filter((t) => t)
			.join('\n\n'),
		payloads,
		runId: final.runId ?? null,
		sessionKey: final.sessionKey ?? sessionKey,
		agentId: final.agentId ?? agentOfSessionKey(sessionKey) ?? null,
		model: agentMeta.model ?? null,
		provider: agentMeta.provider ?? null,
		usage: agentMeta.usage ?? null,
		durationMs: typeof meta.durationMs === 'number' ? meta.durationMs : Date.now() - startedAt,
		stopReason: meta.stopReason ?? (meta.aborted ? 'aborted' : status === 'ok' ? 'stop' : status),
		status,
	};
}
