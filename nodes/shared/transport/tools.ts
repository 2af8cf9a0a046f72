import type { IDataObject, INode } from 'n8n-workflow';

import { apiError } from '../errors';
import type { HttpCall } from './http';
import { isoTime, listOf, type ToolEnvelope, type ToolResult } from './protocol';

/** A call of one gateway tool through POST /tools/invoke. */
export interface ToolCall {
	tool: string;
	args: IDataObject;
	/** For tools with an "action" argument, when args does not set it. */
	action?: string;
	sessionKey?: string;
	agentId?: string;
	messageChannel?: string;
	accountId?: string;
	timeoutMs?: number;
}

/** The HTTP request for a tool call. */
export function toolRequest(call: ToolCall): HttpCall {
	const body: IDataObject = { tool: call.tool, args: call.args };
	if (call.action) body.action = call.action;
	if (call.sessionKey) body.sessionKey = call.sessionKey;
	// 2026.2.x ignores agentId here; newer gateways use it for the tool policy.
	if (call.agentId) body.agentId = call.agentId;
	const headers: Record<string, string> = {};
	if (call.messageChannel) headers['x-openclaw-message-channel'] = call.messageChannel;
	if (call.accountId) headers['x-openclaw-account-id'] = call.accountId;
	return {
		method: 'POST',
		path: '/tools/invoke',
		body,
		headers,
		tool: call.tool,
		timeoutMs: call.timeoutMs,
	};
}

/** The one decoder of the /tools/invoke envelope: its result, or the tool's failure as an error. */
export function toolResultOf(
	node: INode,
	tool: string,
	body: unknown,
	secrets: readonly string[],
): ToolResult {
	const envelope = (body ?? {}) as ToolEnvelope;
	if (envelope.ok === false) {
		throw apiError(
			node,
			{
				kind: 'tool-error',
				message: `The tool "${tool}" failed: ${String(envelope.error?.message ?? 'no message')}`,
				description: 'Check the Args against what the tool expects.',
			},
			envelope,
			secrets,
		);
	}
	return envelope.result ?? {};
}

/** The useful part of a tool result: `details`, else the JSON in `content[].text`, else the text. */
/** Keys of a tool result that hold a time: `updatedAt`, `createdAt`, `timestamp`, … */
const TIME_KEY = /(?:At|^timestamp)$/;
/** Epoch milliseconds between 2001 and 2286: what a time key holds, not a count or a duration. */
const isEpochMs = (v: unknown) => typeof v === 'number' && v >= 1e12 && v < 1e13;

/** The tool's parsed result with its times as ISO 8601, at any depth (Raw Output keeps them as sent). */
export function withIsoTimes<T>(value: T): T {
	if (Array.isArray(value)) return value.map((v) => withIsoTimes(v)) as T;
	if (!value || typeof value !== 'object') return value;
	return Object.fromEntries(
		Object.entries(value).map(([k, v]) => [
			k,
			TIME_KEY.test(k) && isEpochMs(v) ? isoTime(v) : withIsoTimes(v),
		]),
	) as T;
}

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
