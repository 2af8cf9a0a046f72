import type { IDataObject } from 'n8n-workflow';

import {
	asNodeError,
	isKind,
	NO_RECONNECT_KINDS,
	RECOVERABLE_KINDS,
	type ErrorKind,
} from '../errors';
import { recoverRun } from './agentRecovery';
import type { GatewayClient } from './client';
import { pause, pollUntil, runDeadline } from './poll';
import {
	answerText,
	hasFiles,
	type AgentAck,
	type AgentFinal,
	type AgentLifecycle,
	type AgentParams,
	type AgentWait,
	type ChatSendAck,
} from './protocol';
import type { GatewayRpc } from './rpc';

/**
 * An agent run as one transport operation: send `agent` once, wait for its final answer, survive a
 * dropped connection by reconnecting and recovering the run's outcome (never sending it again),
 * and stop the run on the gateway when the execution is cancelled or the time is up.
 */
export type AgentRunOutcome =
	| { kind: 'answered'; runId: string; final: AgentFinal; resent?: boolean }
	| { kind: 'failed'; runId: string; final: AgentFinal; error: string }
	| { kind: 'timeout'; runId: string }
	| { kind: 'cancelled'; runId: string };

/** After the run's lifecycle ended, how long the final answer may take before we fetch it ourselves. */
const GRACE_AFTER_END_MS = 2000;
const NOT_SENT: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['not-sent']);
const FAILED_BEFORE_REPLY = /^⚠️\s*Agent failed before reply/;

/** Sends `agent`; `onAck` hears the gateway's acceptance, the promise resolves with the final. */
function sendAgent(
	rpc: GatewayRpc,
	params: AgentParams,
	signal: AbortSignal,
	onAck: (ack: AgentAck) => void,
): Promise<AgentFinal> {
	return rpc.call<AgentFinal>('agent', params, {
		signal,
		expectFinal: true,
		onAccepted: (payload) => onAck(payload as unknown as AgentAck),
	});
}

/**
 * A turn with files goes by `chat.send` (2026.9 takes files there only; the `agent` method refuses
 * them): the same session, key, thinking, timeout and attachments, as a turn of its own after any
 * run of the session (queue mode "followup", not "steer" into a running one). Delivery to a chosen
 * channel has no place in `chat.send`; the node refuses that combination before.
 */
function chatSendParams(params: AgentParams): IDataObject {
	return {
		sessionKey: params.sessionKey,
		message: params.message,
		idempotencyKey: params.idempotencyKey,
		deliver: params.deliver,
		timeoutMs: params.timeout * 1000,
		queueMode: 'followup',
		...(params.agentId ? { agentId: params.agentId } : {}),
		...(params.thinking ? { thinking: params.thinking } : {}),
		...(params.attachments ? { attachments: params.attachments } : {}),
	};
}

function sendChat(rpc: GatewayRpc, params: AgentParams, signal: AbortSignal): Promise<ChatSendAck> {
	return rpc.call<ChatSendAck>('chat.send', chatSendParams(params), { signal });
}

/** Starts a run and resolves once the gateway accepted it (or, if it was that quick, finished it). */
export async function startAgent(
	client: GatewayClient,
	params: AgentParams,
): Promise<AgentAck | AgentFinal> {
	const signal = client.signal(runDeadline(params.timeout))!;
	const rpc = await client.rpc();
	if (hasFiles(params)) {
		// As `agent` says it: accepted, or in flight already under this key.
		const ack = await sendChat(rpc, params, signal);
		const status = ack.status === 'in_flight' ? 'in_flight' : 'accepted';
		return { runId: ack.runId ?? params.idempotencyKey, status };
	}
	return new Promise((resolve, reject) => {
		sendAgent(rpc, params, signal, resolve).then(resolve, reject);
	});
}

const WORKSPACE_RACE: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['workspace-race']);

/**
 * Runs the agent to its end: its answer, its failure, or the timeout or cancellation that ended it.
 * A run 2026.2.x failed while preparing a new agent workspace (concurrent first runs) never reached
 * the model, and the gateway keeps that failure under its key: it is sent once more, a moment later,
 * under a key derived from it (the same on a retry of the item, so still one run).
 */
export async function runAgentToEnd(
	client: GatewayClient,
	params: AgentParams,
	onAnswerText?: (textSoFar: string) => void,
): Promise<AgentRunOutcome> {
	try {
		return await runOnce(client, params, onAnswerText);
	} catch (error) {
		if (!isKind(error, WORKSPACE_RACE)) throw asNodeError(client.node, error, client.secrets);
		// Cancelled meanwhile: the next attempt sees it at once and reports it.
		await pause(100 + Math.floor(Math.random() * 400), client.cancelSignal).catch(() => undefined);
		return runOnce(
			client,
			{ ...params, idempotencyKey: `${params.idempotencyKey}-2` },
			onAnswerText,
		);
	}
}

async function runOnce(
	client: GatewayClient,
	params: AgentParams,
	onAnswerText?: (textSoFar: string) => void,
): Promise<AgentRunOutcome> {
	const localTimeout = runDeadline(params.timeout);
	const signal = client.signal(localTimeout)!;
	let runId = params.idempotencyKey;
	let final: AgentFinal;
	let resent = false;
	const sentAt = Date.now();
	const send = (rpc: GatewayRpc) =>
		(hasFiles(params) ? waitForChatRun : waitForFinal)(
			rpc,
			params,
			signal,
			(id) => (runId = id),
			onAnswerText,
		);
	try {
		try {
			final = await send(await client.rpc()).catch(async (error: unknown) => {
				// The socket closed before `agent` was written: nothing started; send it on a new one.
				if (!isKind(error, NOT_SENT) || signal.aborted)
					throw asNodeError(client.node, error, client.secrets);
				return send(await reconnectUntil(client, signal));
			});
		} catch (error) {
			if (!isKind(error, RECOVERABLE_KINDS) || signal.aborted)
				throw asNodeError(client.node, error, client.secrets);
			// The socket dropped after `agent` was written: the run may have started.
			const rpc = await reconnectUntil(client, signal);
			const restarted = restartedSince(rpc, sentAt);
			if (restarted === undefined || (restarted && rpc.protocol > 3)) {
				// Restarted (or not known): newer gateways resume an interrupted turn themselves and
				// have lost the idempotency cache, so never send it again; read its outcome.
				final = await recoverRun(rpc, params, runId, signal);
			} else {
				// Not restarted: the gateway's idempotency cache knows our key, so sending it again
				// returns our run (its final, or an ack while it runs) or starts it if `agent` never
				// arrived; one run either way. Restarted on 2026.2.x (no restart recovery): the run
				// died with the gateway, so it is sent again, once, and the output says so.
				resent = restarted;
				final = await send(rpc);
			}
		}
	} catch (error) {
		if (signal.aborted) {
			await abortRun(client, params.sessionKey, runId);
			return { kind: localTimeout.aborted ? 'timeout' : 'cancelled', runId };
		}
		throw asNodeError(client.node, error, client.secrets);
	}
	const error = failureOf(final);
	// The gateway ended the run at its own deadline (the Timeout we sent): say so, as for ours.
	if (error && endedByDeadline(final, error, Date.now() - sentAt >= params.timeout * 1000))
		return { kind: 'timeout', runId };
	return error
		? { kind: 'failed', runId, final, error }
		: { kind: 'answered', runId, final, ...(resent ? { resent } : {}) };
}

/**
 * Whether the gateway restarted since our run was sent: it has been up for less time than has
 * passed. Undefined when its hello does not say.
 */
function restartedSince(rpc: GatewayRpc, sentAt: number): boolean | undefined {
	const uptime = rpc.hello.snapshot?.uptimeMs;
	return typeof uptime === 'number' ? uptime < Date.now() - sentAt : undefined;
}

/** Whether a failed final is the gateway stopping the run at the Timeout it was given. */
function endedByDeadline(final: AgentFinal, error: string, deadlinePassed: boolean): boolean {
	const status = String(final.status ?? '');
	return status === 'timeout' || (deadlinePassed && /abort|time[ sd]*out/i.test(error));
}

/** Why a final answer is a failure, or undefined when it is a real answer. */
export function failureOf(final: AgentFinal): string | undefined {
	const status = String(final.status ?? '');
	if (status !== 'ok') return final.summary ?? `the run ended with status ${status || 'unknown'}`;
	// 2026.2.x reports a failed model call as status "ok" with the error as the answer's text.
	const text = answerText(final);
	return FAILED_BEFORE_REPLY.test(text) ? text.split('\n')[0] : undefined;
}

/**
 * Our run's `agent` events (the run id may change once the gateway acks): each `assistant` event's
 * whole answer so far to `onAnswerText`, each `lifecycle` event's data to `onLifecycle`.
 */
function watchRun(
	rpc: GatewayRpc,
	runIdNow: () => string,
	onAnswerText?: (text: string) => void,
	onLifecycle?: (data: AgentLifecycle) => void,
): () => void {
	return rpc.onEvent((frame) => {
		const p = frame.payload ?? {};
		if (frame.event !== 'agent' || p.runId !== runIdNow()) return;
		if (p.stream === 'assistant') {
			const text = (p.data as { text?: unknown } | undefined)?.text;
			if (typeof text === 'string') onAnswerText?.(text);
		} else if (p.stream === 'lifecycle') onLifecycle?.((p.data ?? {}) as AgentLifecycle);
	});
}

/**
 * Sends `agent` and resolves with the final payload. If the gateway answers with just an ack (the
 * same idempotency key is already running, e.g. a retry while the first attempt still runs), no
 * final follows on our request: once the run's lifecycle has ended, `agent.wait` confirms it and
 * replaying the key returns its cached final result instead of starting a new run. The run's
 * lifecycle events are watched too: 2026.2.x reports a failed model call as status "ok" with the
 * error as text, and only the lifecycle "error" phase tells the truth.
 */
async function waitForFinal(
	rpc: GatewayRpc,
	params: AgentParams,
	signal: AbortSignal,
	onRunId: (id: string) => void,
	onAnswerText?: (text: string) => void,
): Promise<AgentFinal> {
	const done = new AbortController();
	const both = AbortSignal.any([signal, done.signal]);
	let runId = params.idempotencyKey;
	let lastTerminal: AgentLifecycle | undefined;
	let settle: ((final: AgentFinal) => void) | undefined;
	let waiting = false;
	/** Only when the run has ended and no final arrived: the gateway answered us with a bare ack. */
	const fetchEndedRun = async () => {
		await pause(GRACE_AFTER_END_MS, both);
		const replay = await pollUntil<AgentFinal>(
			async () => {
				const w = await rpc.call<AgentWait>(
					'agent.wait',
					{ runId, timeoutMs: 30000 },
					{ signal: both },
				);
				if (w.status !== 'ok' && w.status !== 'error') return undefined;
				const again = await rpc.call<AgentFinal>('agent', params, { signal: both });
				return again.status !== 'accepted' && again.status !== 'in_flight' ? again : undefined;
			},
			1000,
			both,
		);
		settle?.(replay);
	};
	const stopWatching = watchRun(
		rpc,
		() => runId,
		onAnswerText,
		(data) => {
			if (data.phase === 'error' || data.phase === 'end') {
				lastTerminal = data;
				if (!waiting) {
					waiting = true;
					fetchEndedRun().catch(() => undefined);
				}
			}
		},
	);
	try {
		const final = await new Promise<AgentFinal>((resolve, reject) => {
			settle = resolve;
			sendAgent(rpc, params, both, (ack) => {
				runId = String(ack.runId ?? params.idempotencyKey);
				onRunId(runId);
			}).then(resolve, reject);
		});
		if (lastTerminal?.phase === 'error' && final.status === 'ok') {
			return {
				...final,
				status: 'error',
				summary: String(lastTerminal.error ?? 'the run ended with an error'),
			};
		}
		return final;
	} finally {
		stopWatching();
		done.abort();
	}
}

/**
 * Sends `chat.send` and waits for the run it started: no final answer comes on the request, so
 * `agent.wait` says when it ended and the answer is its terminal reply (or the session history's),
 * as when a run is recovered after a reconnect. Sent again with the same key (a retry, a reconnect),
 * the gateway answers with the run already under way: one run.
 */
async function waitForChatRun(
	rpc: GatewayRpc,
	params: AgentParams,
	signal: AbortSignal,
	onRunId: (id: string) => void,
	onAnswerText?: (text: string) => void,
): Promise<AgentFinal> {
	let runId = params.idempotencyKey;
	const stopWatching = watchRun(rpc, () => runId, onAnswerText);
	try {
		const ack = await sendChat(rpc, params, signal);
		runId = String(ack.runId ?? params.idempotencyKey);
		onRunId(runId);
		return await recoverRun(rpc, params, runId, signal);
	} finally {
		stopWatching();
	}
}

async function reconnectUntil(client: GatewayClient, signal: AbortSignal): Promise<GatewayRpc> {
	return pollUntil<GatewayRpc>(
		async () => {
			try {
				return await client.reconnect();
			} catch (error) {
				if (signal.aborted || isKind(error, NO_RECONNECT_KINDS)) {
					throw asNodeError(client.node, error, client.secrets);
				}
				return undefined;
			}
		},
		1000,
		signal,
	);
}

/** Best effort: tell the gateway to stop the run (cancelled execution or local timeout). */
async function abortRun(client: GatewayClient, sessionKey: string, runId: string): Promise<void> {
	try {
		const signal = AbortSignal.timeout(5000);
		const rpc = await client.connectionForCleanup(signal);
		await rpc.call('chat.abort', { sessionKey, runId }, { signal });
	} catch {
		// The gateway's own timeout still ends the run.
	}
}
