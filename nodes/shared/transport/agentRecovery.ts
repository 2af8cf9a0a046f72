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
const GATEWAY_NOTE = /^\[System\]/;

export async function recoverRun(
	rpc: GatewayRpc,
	params: AgentParams,
	runId: string,
	signal: AbortSignal,
): Promise<AgentFinal> {
	const ourKey = `${params.idempotencyKey}:user`;
	/**
	 * The answer to our turn, once it has ended: the last assistant text between our message and the
	 * next user message, when it is the window's last message (text followed by a tool call is a
	 * step, not the answer). Ended means agent.wait said so, or (a restarted gateway resumed our
	 * turn under a run id we do not know) the session has no active run.
	 */
	const answerAfterOurMessage = async (waitSaysEnded: boolean): Promise<string | undefined> => {
		const history = await rpc.call<{
			messages?: HistoryMessage[];
			sessionInfo?: { hasActiveRun?: boolean };
		}>('chat.history', { sessionKey: params.sessionKey, limit: 50 }, { signal });
		const messages = history.messages ?? [];
		if (!waitSaysEnded && history.sessionInfo?.hasActiveRun !== false) return undefined;
		let ours = messages.findIndex(
			(m) => m.idempotencyKey === ourKey || m.__openclaw?.idempotencyKey === ourKey,
		);
		// 2026.2.x history rows carry no idempotency key: our message is the last one with our text.
		for (let i = messages.length - 1; ours < 0 && i >= 0; i--)
			if (messages[i].role === 'user' && messageText(messages[i].content) === params.message)
				ours = i;
		if (ours < 0) return undefined;
		// The gateway's own notes are user rows inside our turn: after a restart it resumes the turn
		// with "[System] Your previous turn was interrupted by a gateway restart…" (2026.9.6).
		const next = messages.findIndex(
			(m, i) => i > ours && m.role === 'user' && !GATEWAY_NOTE.test(messageText(m.content)),
		);
		const turn = messages.slice(ours + 1, next < 0 ? undefined : next);
		const last = turn[turn.length - 1];
		return last?.role === 'assistant' && messageText(last.content)
			? messageText(last.content)
			: undefined;
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
			// "timeout" is also agent.wait's own wait running out; with an end it is the run's (2026.9).
			if (w.status === 'timeout' && typeof w.endedAt === 'number') {
				return { runId, status: 'timeout', summary: String(w.error ?? 'the run timed out') };
			}
			const text = w.status === 'ok' ? String(w.terminalReply?.text ?? '') : '';
			const recovered = text || (await answerAfterOurMessage(w.status === 'ok'));
			if (!recovered) return undefined;
			return {
				runId,
				status: 'ok',
				result: {
					payloads: [{ text: recovered }],
					meta: {
						stopReason: w.stopReason ?? 'stop',
						recovered: true,
						...(w.terminalReceipt?.effective ? { agentMeta: w.terminalReceipt.effective } : {}),
					},
				},
			};
		},
		1000,
		signal,
	);
}
