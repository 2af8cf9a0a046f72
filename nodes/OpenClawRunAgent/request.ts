/** Run Agent's pure parts: session keys. */

import { sessionKeyOfInput } from '../shared/transport/protocol';

export type SessionStrategy = 'main' | 'workflow' | 'execution' | 'item' | 'custom';

export class InputError extends Error {}

/** Session keys: "main", "global", or agent:<agentId>:<rest>. */
export function validateSessionKey(key: string): void {
	if (!key) throw new InputError('is empty');
	if (/\s/.test(key)) throw new InputError(`"${key}" contains spaces`);
	if (key.length > 512) throw new InputError('is longer than 512 characters');
	if (key.startsWith('agent:')) {
		const parts = key.split(':');
		if (parts.length < 3 || !parts[1] || !parts.slice(2).join(':')) {
			throw new InputError(`"${key}" is not of the form agent:AGENT_ID:NAME`);
		}
	}
}

export function sessionKeyFor(input: {
	strategy: SessionStrategy;
	agentId: string;
	workflowId?: string;
	executionId?: string;
	itemIndex?: number;
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
		case 'item':
			return `agent:${agent}:n8n-exec-${safe(input.executionId)}-item-${input.itemIndex ?? 0}`;
		case 'custom': {
			// The key the gateway will use, in both modes.
			return sessionKeyOfInput(input.customKey ?? '', agent);
		}
		default:
			return `agent:${agent}:${input.mainKey || 'main'}`;
	}
}
