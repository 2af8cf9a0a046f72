import type { IDataObject, INode } from 'n8n-workflow';

import { apiError, httpErrorInfo } from '../errors';
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

/** Transport of a tool call: tools.invoke over the WebSocket where the gateway has it, or HTTP. */
export type ToolTransport = 'auto' | 'webSocket' | 'http';

/** The same call as tools.invoke's parameters (2026.9): Action joins the args, headers have no place. */
export function toolInvokeParams(call: ToolCall): IDataObject {
	const args =
		call.action && call.args.action === undefined
			? { ...call.args, action: call.action }
			: call.args;
	const params: IDataObject = { name: call.tool, args };
	if (call.sessionKey) params.sessionKey = call.sessionKey;
	if (call.agentId) params.agentId = call.agentId;
	return params;
}

/** tools.invoke's refusals, as the HTTP status /tools/invoke answers the same refusal with. */
const REFUSAL_STATUS: Record<string, number> = {
	not_found: 404,
	tool_call_blocked: 403,
	forbidden: 403,
	invalid_request: 400,
	bad_request: 400,
};

/** tools.invoke's answer: its output (what HTTP calls the result), or the same error HTTP gives. */
export function wsToolResultOf(
	node: INode,
	tool: string,
	payload: IDataObject,
	secrets: readonly string[],
): ToolResult {
	if (payload.ok !== false) return (payload.output ?? {}) as ToolResult;
	const error = (payload.error ?? {}) as IDataObject;
	const status = REFUSAL_STATUS[String(error.code ?? '')];
	if (!status) return toolResultOf(node, tool, { ok: false, error }, secrets);
	const body = { ok: false, error: { type: error.code, message: error.message } };
	throw apiError(
		node,
		httpErrorInfo(status, body, { path: '/tools/invoke', tool, via: 'the WebSocket' }),
		{ method: 'tools.invoke', ...body },
		secrets,
	);
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
