import type { AgentFinal, AgentParams, AgentWait, HistoryMessage } from './protocol';
import { messageText } from './protocol';
import { pollUntil } from './poll';
import type { GatewayRpc } from './rpc';

/**
 * After a reconnect, the outcome of our turn without re-sending `agent`: a restarted gateway has
 * lost its idempotency cache, so a replay could start the turn a second time. `agent.wait` tells
 * how our run ended (its answer from terminalReply on newer gateways, else from the history). A
 * gateway that restarted may also have resumed the interrupted turn itself under a new run id
 * (restart recovery): the answer that follows our message in the session history is then the
 * answer to our turn.
 */
export async function recoverRun(
	rpc: GatewayRpc,
	params: AgentParams,
	runId: string,
	signal: AbortSignal,
): Promise<AgentFinal> {
	const ourKey = `${params.idempotencyKey}:user`;
	const answerAfterOurMessage = async (runEnded: boolean): Promise<string | undefined> => {
		const history = await rpc.call<{ messages?: HistoryMessage[] }>(
			'chat.history',
			{ sessionKey: params.sessionKey, limit: 50 },
			{ signal },
		);
		const messages = history.messages ?? [];
		const ours = messages.findIndex(
			(m) => m.idempotencyKey === ourKey || m.__openclaw?.idempotencyKey === ourKey,
		);
		if (ours < 0) {
			// 2026.2.x history rows carry no idempotency key: once our run has ended, its answer is the last one.
			const last = messages.filter((m) => m.role === 'assistant').pop();
			return runEnded && last ? messageText(last.content) : undefined;
		}
		const answer = messages
			.slice(ours + 1)
			.find((m) => m.role === 'assistant' && messageText(m.content));
		return answer ? messageText(answer.content) : undefined;
	};
	return pollUntil<AgentFinal>(
		async () => {
			const w = await rpc.call<AgentWait>('agent.wait', { runId, timeoutMs: 5000 }, { signal });
			if (w.status === 'error') {
				return {
					runId,
					status: 'error',
					summary: String(w.error ?? 'the run ended with an error'),
				};
			}
			const text = w.status === 'ok' ? String(w.terminalReply?.text ?? '') : '';
			const recovered = text || (await answerAfterOurMessage(w.status === 'ok'));
			if (!recovered) return undefined;
			return {
				runId,
				status: 'ok',
				result: {
					payloads: [{ text: recovered }],
					meta: { stopReason: w.stopReason ?? 'stop', recovered: true },
				},
			};
		},
		1000,
		signal,
	);
}
