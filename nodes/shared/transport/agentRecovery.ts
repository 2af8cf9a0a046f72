import type { AgentFinal, AgentParams, AgentWait, HistoryMessage } from './protocol';
import { hasFiles, historyParams, isCutText, messageText, runEnded } from './protocol';
import { pollUntil } from './poll';
import type { GatewayRpc } from './rpc';

/**
 * After a reconnect (and for a turn with files, whose answer never comes on the request), the
 * outcome of our turn without re-sending it: a restarted gateway has lost its idempotency cache, and
 * a busy one forgets keys (1,000 at most), so a replay could start the turn a second time.
 * `agent.wait` tells how our run ended; the answer is read whole from the session history. A gateway
 * that restarted may also have resumed the interrupted turn itself under a new run id (restart
 * recovery): the answer that follows our message in the session history is then the answer to our turn.
 */
const GATEWAY_NOTE = /^\[System\]/;

/**
 * 2026.9 cuts agent.wait's terminal reply at 4,096 characters (AGENT_RUN_TERMINAL_REPLY_MAX_CHARS),
 * trimming the end before it adds "…": a reply this long that ends so was cut.
 */
const REPLY_CUT_FROM = 3500;

/** What our run's `assistant` events showed of the answer (the whole text so far). */
export interface WatchedAnswer {
	text: string;
	/** When the node's Timeout ends (epoch ms): the wait for the gateway's files stops a second before. */
	deadlineAt?: number;
}

/** Whether the gateway says our run has ended, asked without waiting. */
export async function runHasEnded(
	rpc: GatewayRpc,
	runId: string,
	signal: AbortSignal,
): Promise<boolean> {
	return runEnded(await rpc.call<AgentWait>('agent.wait', { runId, timeoutMs: 0 }, { signal }));
}

/**
 * The rows of our turn: after our message (its row carries one of `keys`, `<idempotency key>:user`;
 * 2026.2.x rows carry none: the last user row with our text, which it stores trimmed) up to the next
 * message of a person. The gateway's own notes are user rows inside our turn: after a restart it
 * resumes the turn with "[System] Your previous turn was interrupted by a gateway restart…"
 * (2026.9.6). Undefined: our message is not in these rows.
 */
export function ourTurn(
	messages: HistoryMessage[],
	keys: readonly string[],
	message: string,
): HistoryMessage[] | undefined {
	let ours = messages.findIndex(
		(m) =>
			keys.includes(String(m.idempotencyKey)) ||
			keys.includes(String(m.__openclaw?.idempotencyKey)),
	);
	const sent = message.trim();
	for (let i = messages.length - 1; ours < 0 && i >= 0; i--)
		if (messages[i].role === 'user' && messageText(messages[i].content).trim() === sent) ours = i;
	if (ours < 0) return undefined;
	const next = messages.findIndex(
		(m, i) => i > ours && m.role === 'user' && !GATEWAY_NOTE.test(messageText(m.content)),
	);
	return messages.slice(ours + 1, next < 0 ? undefined : next);
}

/** A reply's media directive line, which the gateway turns into a file of a chat.send turn. */
const MEDIA_LINE = /^\s*MEDIA:/m;
/** How long a chat.send turn's answer is waited for to lose its MEDIA: lines (become files). */
const MEDIA_SETTLE_MS = 20000;

export async function recoverRun(
	rpc: GatewayRpc,
	params: AgentParams,
	runId: string,
	signal: AbortSignal,
	watched?: WatchedAnswer,
): Promise<AgentFinal> {
	const ourKey = `${params.idempotencyKey}:user`;
	/**
	 * The answer to our turn, once it has ended: the last assistant text between our message and the
	 * next user message, when it is the window's last message (text followed by a tool call is a
	 * step, not the answer). Ended means agent.wait said so, or (a restarted gateway resumed our
	 * turn under a run id we do not know) the session has no active run. Asked with the largest
	 * maxChars the gateway takes (2026.9 cuts at 8,000 characters otherwise).
	 */
	const answerAfterOurMessage = async (waitSaysEnded: boolean): Promise<string | undefined> => {
		// A turn with many tool calls can push our message out of the last 50 rows: look further once.
		for (const limit of [50, 200]) {
			const history = await rpc.call<{
				messages?: HistoryMessage[];
				sessionInfo?: { hasActiveRun?: boolean };
			}>('chat.history', historyParams(rpc.protocol, params.sessionKey, limit), { signal });
			const messages = history.messages ?? [];
			if (!waitSaysEnded && history.sessionInfo?.hasActiveRun !== false) return undefined;
			const turn = ourTurn(messages, [ourKey], params.message);
			if (!turn) continue;
			const last = turn[turn.length - 1];
			return last?.role === 'assistant' && messageText(last.content)
				? messageText(last.content)
				: undefined;
		}
		return undefined;
	};
	const answered = (w: AgentWait, text: string, truncated: boolean): AgentFinal => ({
		runId,
		status: 'ok',
		result: {
			payloads: [{ text }],
			meta: {
				stopReason: w.stopReason ?? 'stop',
				recovered: true,
				...(truncated ? { truncated } : {}),
				...(w.terminalReceipt?.effective ? { agentMeta: w.terminalReceipt.effective } : {}),
			},
		},
	});
	let endedLooks = 0;
	let mediaSince: number | undefined;
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
			const ended = w.status === 'ok';
			const fromHistory = await answerAfterOurMessage(ended);
			// A turn sent by chat.send (one with files): the gateway turns the answer's MEDIA: lines into
			// files after the run has ended (it copies each into its media store, then rewrites the
			// answer's row without the line); until then neither the text nor the files are final.
			// Waited for up to MEDIA_SETTLE_MS (a file the gateway refuses keeps its line), also when the
			// answer is in the history and the session idle before agent.wait says the run ended (a
			// busy gateway still making the file).
			if (fromHistory && hasFiles(params) && MEDIA_LINE.test(fromHistory)) {
				mediaSince ??= Date.now();
				const timeLeft = (watched?.deadlineAt ?? Infinity) - Date.now();
				if (Date.now() - mediaSince < MEDIA_SETTLE_MS && timeLeft > 1000) return undefined;
			}
			if (fromHistory && !isCutText(fromHistory)) return answered(w, fromHistory, false);
			if (!ended) return undefined;
			// Ended without a text answer (no reply, media only): an empty answer, not a wait.
			const disposition = w.terminalReply?.disposition;
			if (!fromHistory && (disposition === 'silent' || disposition === 'empty'))
				return answered(w, '', false);
			// The history may lag behind agent.wait for a moment: look again before settling for less.
			if (!fromHistory && ++endedLooks < 3) return undefined;
			// No whole text in the history: agent.wait's reply, when the gateway did not cut it (2026.9
			// cuts it at 4,096 characters, trimmed, then "…"), is the answer.
			const reply = String(w.terminalReply?.text ?? '');
			const replyCut = reply.endsWith('…') && reply.length >= REPLY_CUT_FROM;
			if (reply && !replyCut) return answered(w, reply, false);
			// Else the longest of what we have (a cut history text, what our run's events showed before
			// the drop, the cut reply), marked as cut.
			const candidates = [fromHistory ?? '', watched?.text ?? '', reply].filter((t) => t);
			const best = candidates.reduce((a, b) => (b.length > a.length ? b : a), '');
			return answered(w, best, true);
		},
		1000,
		signal,
	);
}
