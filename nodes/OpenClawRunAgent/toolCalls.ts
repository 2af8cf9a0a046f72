import type { IDataObject } from 'n8n-workflow';

import { redact } from '../shared/errors';
import { ourTurn } from '../shared/transport/agentRecovery';
import type { GatewayClient } from '../shared/transport/client';
import {
	historyParams,
	listOf,
	messageText,
	type AgentParams,
	type HistoryMessage,
} from '../shared/transport/protocol';

/**
 * Run Agent's Include Tool Calls: each tool call of the run (tool, arguments, result or error,
 * duration), read from the session's transcript once the run has ended, so it needs no live tool
 * events (no `tool-events` capability on the shared connection) and survives a reconnect. Both
 * versions: 2026.9 wraps calls through its Tool Search (`tool_call`) and records the real tool as a
 * nested call, which is what is listed. Our secrets are scrubbed; the gateway redacts its own.
 */

interface Block {
	type?: string;
	id?: string;
	name?: string;
	arguments?: unknown;
	toolCallId?: string;
	toolName?: string;
	parentToolCallId?: string;
	content?: unknown;
	isError?: boolean;
	startedAt?: number;
	timestamp?: number;
}

type Row = HistoryMessage & {
	role?: string;
	content?: unknown;
	timestamp?: number;
	toolCallId?: string;
	toolName?: string;
	isError?: boolean;
	customType?: string;
};

function resultOf(content: unknown): unknown {
	const text = messageText(content);
	const trimmed = text.trim();
	if (/^[[{]/.test(trimmed)) {
		try {
			return JSON.parse(trimmed) as unknown;
		} catch {
			return text;
		}
	}
	return text;
}

export async function toolCallsOfRun(
	client: GatewayClient,
	params: AgentParams,
	runId: string,
): Promise<IDataObject[]> {
	const rpc = await client.rpc();
	const { messages } = await client.call<{ messages?: Row[] }>(
		'chat.history',
		historyParams(rpc.protocol, params.sessionKey, 200),
	);
	// Our message carries the run's key (or, after a failed attempt, the derived one it ran under).
	const rows = (ourTurn(
		listOf<Row>(messages),
		[`${runId}:user`, `${params.idempotencyKey}:user`],
		params.message,
	) ?? []) as Row[];
	const calls = new Map<string, IDataObject & { startedMs?: number }>();
	const results = new Map<string, { result: unknown; isError: boolean; endedMs?: number }>();
	const wrappers = new Set<string>();
	const blocksOf = (row: Row) => listOf<Block>(Array.isArray(row.content) ? row.content : []);
	for (const row of rows) {
		if (row.role === 'assistant')
			for (const b of blocksOf(row))
				if (b.type === 'toolCall' && b.id)
					calls.set(b.id, {
						toolCallId: b.id,
						tool: b.name ?? null,
						arguments: (b.arguments ?? {}) as IDataObject,
						startedMs: row.timestamp,
					});
		if (row.role === 'toolResult' && row.toolCallId)
			results.set(row.toolCallId, {
				result: resultOf(row.content),
				isError: row.isError === true,
				endedMs: row.timestamp,
			});
		// 2026.9: the tool a Tool Search call (tool_call) ran, recorded as a nested call and result.
		if (row.role === 'custom')
			for (const b of blocksOf(row)) {
				if (b.type === 'toolCall' && b.id) {
					if (b.parentToolCallId) wrappers.add(b.parentToolCallId);
					calls.set(b.id, {
						toolCallId: b.id,
						tool: b.name ?? null,
						arguments: (b.arguments ?? {}) as IDataObject,
						startedMs: b.timestamp,
						...(b.parentToolCallId ? { via: 'tool_call' } : {}),
					});
				}
				if (b.type === 'toolResult' && b.toolCallId)
					results.set(b.toolCallId, {
						result: resultOf(b.content),
						isError: b.isError === true,
						endedMs: b.timestamp,
					});
			}
	}
	const secrets = client.secrets;
	return [...calls.values()]
		.filter((c) => !wrappers.has(String(c.toolCallId)))
		.map(({ startedMs, ...call }) => {
			const done = results.get(String(call.toolCallId));
			const item: IDataObject = {
				...call,
				status: done ? (done.isError ? 'error' : 'ok') : 'no result',
				...(done && !done.isError ? { result: done.result as IDataObject } : {}),
				...(done?.isError
					? { error: messageText(done.result) || JSON.stringify(done.result) }
					: {}),
				durationMs:
					done?.endedMs !== undefined && startedMs !== undefined
						? Math.max(0, done.endedMs - startedMs)
						: null,
			};
			return JSON.parse(redact(JSON.stringify(item), secrets)) as IDataObject;
		});
}
