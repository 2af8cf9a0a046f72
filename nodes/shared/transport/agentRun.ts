import type { IDataObject, INode } from 'n8n-workflow';

import {
	asNodeError,
	errorKind,
	isKind,
	NO_RECONNECT_KINDS,
	RECOVERABLE_KINDS,
	type ErrorKind,
} from '../errors';
import { recoverRun, runHasEnded, type WatchedAnswer } from './agentRecovery';
import { pause, pollUntil, runDeadline } from './poll';
import {
	answerText,
	runEnded,
	hasFiles,
	listOf,
	type AgentAck,
	type AgentFinal,
	type AgentLifecycle,
	type AgentParams,
	type AgentPayload,
	type AgentWait,
	type ChatSendAck,
} from './protocol';
import type { GatewayRpc } from './rpc';

/**
 * What an agent run needs of the client (the client satisfies it; this file does not import it).
 * `rpc(signal)` hands out the execution's open connection, reopened once for all runs after a drop.
 */
export interface RunHost {
	readonly node: INode;
	readonly secrets: string[];
	readonly cancelSignal: AbortSignal;
	signal(extra?: AbortSignal): AbortSignal;
	rpc(signal?: AbortSignal): Promise<GatewayRpc>;
	connectionForCleanup(signal: AbortSignal): Promise<GatewayRpc>;
}

/**
 * An agent run as one transport operation: send `agent` once, wait for its final answer, survive a
 * dropped connection by reconnecting and recovering the run's outcome (never sending it again),
 * and stop the run on the gateway when the execution is cancelled or the time is up.
 */
export type AgentRunOutcome = (
	| { kind: 'answered'; runId: string; final: AgentFinal; resent?: boolean }
	| { kind: 'failed'; runId: string; final: AgentFinal; error: string }
	| { kind: 'timeout'; runId: string }
	| { kind: 'cancelled'; runId: string }
) & { humanWaits?: HumanWait[] };

/**
 * A time the run waited for a human: the agent's question (ask_user, OpenClaw 2026.9), seen on the
 * run's own connection (question.requested / question.resolved; the device has operator.questions).
 */
export interface HumanWait {
	kind: 'question';
	id: string;
	askedAt: number;
	endedAt?: number;
	/** answered, cancelled or expired (the gateway's word), or unanswered (the run ended first). */
	status: string;
}

/** After the run's lifecycle ended, how long the final answer may take before we fetch it ourselves. */
const GRACE_AFTER_END_MS = 2000;
const NOT_SENT: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['not-sent']);
const FAILED_BEFORE_REPLY = /^⚠️\s*Agent failed before reply/;
const CUT_IN_A_TOOL = /^⚠️\s*.*\bfailed\s*$/;
/** The text of a final's last payload (a run cut in a tool ends with the warning, after any earlier text). */
const lastPayloadText = (final: AgentFinal): string =>
	String(listOf<AgentPayload>(final.result?.payloads).at(-1)?.text ?? '');

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
	client: RunHost,
	params: AgentParams,
): Promise<AgentAck | AgentFinal> {
	const signal = client.signal(runDeadline(params.timeout));
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
 * Errors after which the request may not have reached the gateway (or nothing ran): the next attempt
 * keeps the key, so the gateway's idempotency cache makes it the same run.
 */
const KEY_KEPT: ReadonlySet<ErrorKind> = new Set<ErrorKind>([
	...RECOVERABLE_KINDS,
	...NO_RECONNECT_KINDS,
	'not-sent',
	'cancelled',
	'unreachable',
	'starting',
	'timeout',
	'bad-input',
]);

/**
 * The keys whose run failed on the gateway, per process: the gateway keeps a failed run under its
 * key for 5 minutes and replays the failure to the same key, so n8n's Retry On Fail (same execution,
 * node, item: the same key) would never reach the model again. The next attempt of a key whose run
 * failed goes under a key derived from it ("<key>-r<n>"). One owner (this module), bounded: at most
 * MAX_FAILED_KEYS keys for FAILED_KEY_TTL_MS (twice the gateway's 5 minutes), oldest dropped first.
 */
const MAX_FAILED_KEYS = 1000;
const FAILED_KEY_TTL_MS = 10 * 60 * 1000;
const failedKeys = new Map<string, { attempts: number; at: number }>();

/** The key the next attempt of `key` goes under. */
export function attemptKey(key: string, now = Date.now()): string {
	const entry = failedKeys.get(key);
	if (!entry || now - entry.at > FAILED_KEY_TTL_MS) return key;
	return `${key}-r${entry.attempts}`;
}

/** Notes that the run of the latest attempt of `key` failed on the gateway. */
export function noteFailedAttempt(key: string, now = Date.now()): void {
	const entry = failedKeys.get(key);
	const attempts = entry && now - entry.at <= FAILED_KEY_TTL_MS ? entry.attempts + 1 : 1;
	failedKeys.delete(key);
	failedKeys.set(key, { attempts, at: now });
	while (failedKeys.size > MAX_FAILED_KEYS) failedKeys.delete(failedKeys.keys().next().value!);
}

/**
 * Runs the agent to its end: its answer, its failure, or the timeout or cancellation that ended it.
 * Never twice for one key while the gateway remembers it (5 minutes, 1,000 keys); a run that failed
 * on the gateway is tried again by Retry On Fail under a derived key (see failedKeys). A run 2026.2.x
 * failed while preparing a new agent workspace (concurrent first runs) never reached the model: it is
 * sent once more, a moment later, under the next derived key.
 */
export async function runAgentToEnd(
	client: RunHost,
	params: AgentParams,
	onAnswerText?: (textSoFar: string) => void,
): Promise<AgentRunOutcome> {
	const base = params.idempotencyKey;
	const attempt = () =>
		runOnce(client, { ...params, idempotencyKey: attemptKey(base) }, onAnswerText);
	let outcome: AgentRunOutcome;
	try {
		try {
			outcome = await attempt();
		} catch (error) {
			if (!isKind(error, WORKSPACE_RACE)) throw asNodeError(client.node, error, client.secrets);
			noteFailedAttempt(base);
			// Cancelled meanwhile: the next attempt sees it at once and reports it.
			await pause(100 + Math.floor(Math.random() * 400), client.cancelSignal).catch(
				() => undefined,
			);
			outcome = await attempt();
		}
	} catch (error) {
		const kind = errorKind(error);
		if (!kind || !KEY_KEPT.has(kind)) noteFailedAttempt(base);
		throw asNodeError(client.node, error, client.secrets);
	}
	// Failed, timed out, or stopped on the gateway (cancel, another item's failure): the key now holds
	// that end, so a retry of the item goes under the next one.
	if (outcome.kind !== 'answered') noteFailedAttempt(base);
	return outcome;
}

async function runOnce(
	client: RunHost,
	params: AgentParams,
	onAnswerText?: (textSoFar: string) => void,
): Promise<AgentRunOutcome> {
	const localTimeout = runDeadline(params.timeout);
	const signal = client.signal(localTimeout);
	let runId = params.idempotencyKey;
	let final: AgentFinal;
	let resent = false;
	const sentAt = Date.now();
	// The answer as our run's events showed it (a fallback when recovery finds no whole text).
	const watched: WatchedAnswer = { text: '', deadlineAt: sentAt + params.timeout * 1000 };
	const hear = (text: string) => {
		watched.text = text;
		onAnswerText?.(text);
	};
	const onRunId = (id: string) => (runId = id);
	// What the run waited for, on every connection it used.
	const waits = new Map<string, HumanWait>();
	const unwatch: Array<() => void> = [];
	let lastRpc: GatewayRpc | undefined;
	const watching = (rpc: GatewayRpc) => {
		unwatch.push(watchHuman(rpc, () => runId, waits));
		lastRpc = rpc;
		return rpc;
	};
	const send = (rpc: GatewayRpc) =>
		hasFiles(params)
			? waitForChatRun(rpc, params, signal, onRunId, hear, watched)
			: waitForFinal(rpc, params, signal, onRunId, hear);
	try {
		try {
			final = await send(watching(await client.rpc(signal))).catch(async (error: unknown) => {
				// The socket closed before the request was written: nothing started; send it on a new one.
				if (!isKind(error, NOT_SENT) || signal.aborted)
					throw asNodeError(client.node, error, client.secrets);
				return send(watching(await reconnectUntil(client, signal)));
			});
		} catch (error) {
			if (!isKind(error, RECOVERABLE_KINDS) || signal.aborted)
				throw asNodeError(client.node, error, client.secrets);
			// The socket dropped after the request was written: the run may have started. One new
			// connection for every run that was in flight on the old one.
			const rpc = watching(await reconnectUntil(client, signal));
			const restarted = restartedSince(rpc, sentAt);
			if (restarted === undefined || (restarted && rpc.protocol > 3)) {
				// Restarted (or not known): newer gateways resume an interrupted turn themselves and
				// have lost the idempotency cache, so never send it again; read its outcome.
				final = await recoverRun(rpc, params, runId, signal, watched);
			} else if (restarted) {
				// Restarted on 2026.2.x (no restart recovery): the run died with the gateway, so it is
				// sent again, once, and the output says so.
				resent = true;
				final = await send(rpc);
			} else if (rpc.protocol > 3 && (await runHasEnded(rpc, runId, signal))) {
				// Not restarted, and the run ended meanwhile (2026.9): read its outcome. Sending the key
				// again would replay it only while the gateway still remembers the key (5 minutes, 1,000
				// keys). 2026.2.x keeps no terminal reply and cuts history texts at 12,000 characters, so
				// there the key is sent again (its cached final is the whole answer).
				final = await recoverRun(rpc, params, runId, signal, watched);
			} else {
				// Still running (the gateway keeps the key of an active run) or never arrived: the same
				// key returns our run or starts it; one run either way.
				final = await send(rpc);
			}
		}
	} catch (error) {
		if (signal.aborted) {
			await abortRun(client, params.sessionKey, runId);
			return {
				kind: localTimeout.aborted ? 'timeout' : 'cancelled',
				runId,
				...humanWaitsOf(waits),
			};
		}
		throw asNodeError(client.node, error, client.secrets);
	} finally {
		for (const stop of unwatch) stop();
	}
	// The run's end is when the final came (not after asking about its questions).
	const endedAt = Date.now();
	if (lastRpc) await settleWaits(lastRpc, waits, signal, endedAt);
	const error = failureOf(final);
	const deadlinePassed = endedAt - sentAt >= params.timeout * 1000;
	// The gateway ended the run at its own deadline (the Timeout we sent): say so, as for ours. 2026.9
	// reports a run it stopped in a tool call (e.g. waiting for an answer to ask_user) as status "ok"
	// with a warning as its text ("⚠️ Tool Call failed").
	if (
		(error && endedByDeadline(final, error, deadlinePassed)) ||
		(!error && deadlinePassed && CUT_IN_A_TOOL.test(lastPayloadText(final)))
	)
		return { kind: 'timeout', runId, ...humanWaitsOf(waits, endedAt) };
	return error
		? { kind: 'failed', runId, final, error, ...humanWaitsOf(waits, endedAt) }
		: {
				kind: 'answered',
				runId,
				final,
				...(resent ? { resent } : {}),
				...humanWaitsOf(waits, endedAt),
			};
}

/**
 * The run's waits as it ends. One still pending has ended with the run (its resolved event may come
 * after the final on a busy gateway): "unanswered", as far as this run knows.
 */
const humanWaitsOf = (waits: Map<string, HumanWait>, now = Date.now()) => {
	if (!waits.size) return {};
	return {
		humanWaits: [...waits.values()].map((w) =>
			w.status === 'pending' ? { ...w, status: 'unanswered', endedAt: now } : w,
		),
	};
};

/** How long the gateway may take to say what became of a question still pending at the run's end. */
const SETTLE_WAIT_MS = 5000;

/**
 * A question still pending when the final came: 2026.9 broadcasts question.resolved after an await,
 * so on a busy gateway the final can come first. Ask the gateway (it keeps a resolved question for
 * 15 seconds); still pending, forgotten, or the gateway could not be asked (no scope, the connection
 * gone, no answer within SETTLE_WAIT_MS): left pending (then "unanswered").
 */
async function settleWaits(
	rpc: GatewayRpc,
	waits: Map<string, HumanWait>,
	signal: AbortSignal,
	runEndedAt: number,
): Promise<void> {
	const pending = [...waits.values()].filter((w) => w.status === 'pending');
	if (!pending.length) return;
	const within = AbortSignal.any([signal, AbortSignal.timeout(SETTLE_WAIT_MS)]);
	await Promise.all(
		pending.map(async (wait) => {
			const got = await rpc
				.call<{ question?: IDataObject }>('question.get', { id: wait.id }, { signal: within })
				.catch(() => undefined);
			const status = got?.question?.status;
			if (typeof status === 'string' && status !== 'pending' && wait.status === 'pending') {
				wait.status = status;
				// Settled before the run ended (the gateway keeps no time for it): the run's end.
				wait.endedAt = runEndedAt;
			}
		}),
	);
}

/** The agent's questions of our run (the run id may change once the gateway acks), asked and ended. */
function watchHuman(
	rpc: GatewayRpc,
	runIdNow: () => string,
	waits: Map<string, HumanWait>,
): () => void {
	return rpc.onEvent((frame) => {
		const p = frame.payload ?? {};
		const id = typeof p.id === 'string' ? p.id : '';
		if (!id) return;
		if (frame.event === 'question.requested' && p.runId === runIdNow() && !waits.has(id))
			waits.set(id, { kind: 'question', id, askedAt: Date.now(), status: 'pending' });
		const wait = waits.get(id);
		if (frame.event === 'question.resolved' && wait && wait.endedAt === undefined) {
			wait.endedAt = Date.now();
			wait.status = typeof p.status === 'string' ? p.status : 'resolved';
		}
	});
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
				if (!runEnded(w)) return undefined;
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
				// 2026.9: our key is already running (a resend after a drop, a retry, two items under one
				// key): no final comes on this request; wait for the run and read its cached final.
				if (ack.status === 'in_flight' && !waiting) {
					waiting = true;
					fetchEndedRun().catch(() => undefined);
				}
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
	watched?: WatchedAnswer,
): Promise<AgentFinal> {
	let runId = params.idempotencyKey;
	const stopWatching = watchRun(rpc, () => runId, onAnswerText);
	try {
		const ack = await sendChat(rpc, params, signal);
		runId = String(ack.runId ?? params.idempotencyKey);
		onRunId(runId);
		return await recoverRun(rpc, params, runId, signal, watched);
	} finally {
		stopWatching();
	}
}

/**
 * The execution's connection once it is open again: the first run to ask starts the one new
 * handshake, every other run in flight waits for it (client.rpc); tried every second until `signal`.
 */
async function reconnectUntil(client: RunHost, signal: AbortSignal): Promise<GatewayRpc> {
	return pollUntil<GatewayRpc>(
		async () => {
			try {
				return await client.rpc(signal);
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
async function abortRun(client: RunHost, sessionKey: string, runId: string): Promise<void> {
	try {
		const signal = AbortSignal.timeout(5000);
		const rpc = await client.connectionForCleanup(signal);
		await rpc.call('chat.abort', { sessionKey, runId }, { signal });
	} catch {
		// The gateway's own timeout still ends the run.
	}
}
