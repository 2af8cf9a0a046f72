import {
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { agentLocator } from '../shared/descriptions';
import { apiError, asNodeError, errorKind, operationError } from '../shared/errors';
import { locatorParam, optionsParam, secondsParam, stringParam } from '../shared/params';
import {
	agentOutcome,
	agentParams,
	chatCompletionBody,
	idempotencyKeyFor,
	InputError,
	openAiHeaders,
	responsesBody,
	sessionKeyFor,
	validateSessionKey,
	type SessionStrategy,
	messageText,
} from '../shared/requests';
import type { GatewayClient } from '../shared/transport/client';
import type { GatewayRpc } from '../shared/transport/rpc';
import { parseSse } from '../shared/transport/sse';

export const properties: INodeProperties[] = [
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'e.g. Summarise my unread email',
		description: 'What to ask the agent',
	},
	agentLocator('The agent to run; empty for the default agent'),
	{
		displayName: 'Session',
		name: 'sessionStrategy',
		type: 'options',
		options: [
			{
				name: 'Agent Main Session',
				value: 'main',
				description: 'The session the agent uses for direct chats',
			},
			{ name: 'Custom Key', value: 'custom', description: 'A session key you choose' },
			{
				name: 'One per Execution',
				value: 'execution',
				description: 'A fresh session for every workflow execution',
			},
			{
				name: 'One per Workflow',
				value: 'workflow',
				description: 'One session shared by all executions of this workflow',
			},
		],
		default: 'workflow',
	},
	{
		displayName: 'Session Key',
		name: 'sessionKey',
		type: 'string',
		default: '',
		placeholder: 'e.g. agent:main:daily-report',
		description: 'The session to run in: agent:&lt;agentId&gt;:&lt;name&gt;',
		displayOptions: { show: { sessionStrategy: ['custom'] } },
	},
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		options: [
			{
				name: 'Wait for the Answer',
				value: 'wait',
				description: "Return the agent's final answer",
			},
			{
				name: 'Start Only',
				value: 'start',
				description: 'Return the run ID once the gateway accepted the run',
			},
		],
		default: 'wait',
	},
	{
		displayName: 'Transport',
		name: 'transport',
		type: 'options',
		options: [
			{
				name: 'WebSocket',
				value: 'webSocket',
				description: 'The agent method; idempotent, cancellable, survives reconnects',
			},
			{
				name: 'HTTP (OpenAI Chat Completions)',
				value: 'chatCompletions',
				description: 'POST /v1/chat/completions (gateway.http.endpoints.chatCompletions.enabled)',
			},
			{
				name: 'HTTP (OpenResponses)',
				value: 'responses',
				description: 'POST /v1/responses (gateway.http.endpoints.responses.enabled)',
			},
		],
		default: 'webSocket',
		displayOptions: { show: { mode: ['wait'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Deliver to Channel',
				name: 'deliver',
				type: 'boolean',
				default: false,
				description:
					"Whether the gateway should also send the answer to the session's channel (e.g. Telegram)",
			},
			{
				displayName: 'Delivery Channel',
				name: 'channel',
				type: 'string',
				default: '',
				placeholder: 'e.g. telegram',
				description: 'Channel to deliver to, when the session has none',
			},
			{
				displayName: 'Delivery Target',
				name: 'to',
				type: 'string',
				default: '',
				placeholder: 'e.g. +15551234567',
				description: 'Recipient on the delivery channel, when the session has none',
			},
			{
				displayName: 'Idempotency Key',
				name: 'idempotencyKey',
				type: 'string',
				default: '',
				description:
					'Runs with the same key within 5 minutes are one run. Empty: derived from the execution, node and item, so a retry of the same item never starts a second run.',
			},
			{
				displayName: 'Stream (HTTP)',
				name: 'stream',
				type: 'boolean',
				default: false,
				description:
					'Whether to read the HTTP answer as server-sent events (lower memory for long answers)',
			},
			{
				displayName: 'Thinking',
				name: 'thinking',
				type: 'options',
				options: [
					{ name: 'Default', value: '' },
					{ name: 'High', value: 'high' },
					{ name: 'Low', value: 'low' },
					{ name: 'Medium', value: 'medium' },
					{ name: 'Minimal', value: 'minimal' },
					{ name: 'Off', value: 'off' },
				],
				default: '',
				description: 'Thinking level of the model, where it supports one',
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 300,
				description: 'Longest the run may take; sent to the gateway and enforced by the node',
			},
		],
	},
];

interface Options {
	deliver?: boolean;
	channel?: string;
	to?: string;
	idempotencyKey?: string;
	stream?: boolean;
	thinking?: string;
	timeout?: number;
}

const MAX_TIMEOUT_S = 172800;
const MAX_MESSAGE_BYTES = 20 * 1024 * 1024;
/** n8n's run index of this node (a new one for each pass of a loop; the same on Retry On Fail). */
function runIndexOf(fns: IExecuteFunctions, itemIndex: number): number {
	const runIndex = (fns.getWorkflowDataProxy(itemIndex) as { $runIndex?: unknown }).$runIndex;
	return typeof runIndex === 'number' ? runIndex : 0;
}

/** Grace over the gateway's own timeout, so the gateway's answer (status "timeout") arrives first. */
const LOCAL_GRACE_MS = 10000;
const RECOVERABLE = ['connection-closed', 'stalled', 'malformed-frame'];

export async function runAgent(
	this: IExecuteFunctions,
	client: GatewayClient,
	i: number,
): Promise<IDataObject> {
	const node = client.node;
	const message = String(this.getNodeParameter('message', i, '') ?? '');
	if (!message.trim()) {
		throw operationError(
			node,
			'The Message parameter is empty',
			'Write what the agent should do, or map it from the input with an expression.',
			'bad-input',
			i,
		);
	}
	if (Buffer.byteLength(message) > MAX_MESSAGE_BYTES) {
		throw operationError(
			node,
			`The Message parameter is ${Buffer.byteLength(message)} bytes; the gateway accepts at most ${MAX_MESSAGE_BYTES}`,
			'Shorten the message, or pass large content as a file the agent can read.',
			'bad-input',
			i,
		);
	}
	const options = optionsParam<Options>(this, 'options', i);
	const timeoutS = secondsParam(
		this,
		'options.timeout',
		'Timeout',
		i,
		options.timeout ?? 300,
		MAX_TIMEOUT_S,
	);
	const agentId = locatorParam(this, 'agent', i) || undefined;
	const strategy = this.getNodeParameter('sessionStrategy', i, 'workflow') as SessionStrategy;
	const mode = this.getNodeParameter('mode', i, 'wait') as string;
	const transport =
		mode === 'wait' ? (this.getNodeParameter('transport', i, 'webSocket') as string) : 'webSocket';

	let mainKey: string | undefined;
	let resolvedAgent = agentId;
	if (transport === 'webSocket' && strategy === 'main') {
		const defaults = (await client.rpc()).hello.snapshot?.sessionDefaults;
		mainKey = defaults?.mainKey;
		resolvedAgent = agentId ?? defaults?.defaultAgentId;
	}
	const sessionKey = sessionKeyFor({
		strategy,
		agentId: resolvedAgent ?? 'main',
		workflowId: this.getWorkflow().id,
		executionId: this.getExecutionId(),
		customKey: strategy === 'custom' ? stringParam(this, 'sessionKey', i) : undefined,
		mainKey,
	});
	try {
		validateSessionKey(sessionKey);
	} catch (error) {
		throw operationError(
			node,
			`The Session Key ${(error as InputError).message}`,
			'Use a key of the form agent:<agentId>:<name>, e.g. agent:main:daily-report.',
			'bad-input',
			i,
		);
	}
	const started = Date.now();
	const localTimeout = AbortSignal.timeout(timeoutS * 1000 + LOCAL_GRACE_MS);

	if (transport !== 'webSocket') {
		return runOverHttp(client, transport, {
			message,
			agentId,
			sessionKey,
			stream: options.stream === true,
			signal: localTimeout,
			started,
		});
	}

	const params = agentParams({
		message,
		agentId,
		sessionKey,
		idempotencyKey:
			options.idempotencyKey?.trim() ||
			idempotencyKeyFor(this.getExecutionId(), node.id, runIndexOf(this, i), i),
		thinking: options.thinking || undefined,
		timeoutSeconds: timeoutS,
		deliver: options.deliver === true,
		channel: options.channel?.trim(),
		to: options.to?.trim(),
	});
	const signal = client.signal(localTimeout)!;
	let rpc = await client.rpc();

	if (mode === 'start') {
		const ack = await new Promise<IDataObject>((resolve, reject) => {
			rpc
				.call('agent', params, { signal, expectFinal: true, onAccepted: resolve })
				// The run may also finish before we stop listening (or be a cached result).
				.then(resolve, reject);
		});
		return {
			runId: ack.runId ?? params.idempotencyKey,
			sessionKey: (ack.sessionKey as string) ?? sessionKey,
			agentId: ack.agentId ?? resolvedAgent ?? null,
			status: ack.status ?? 'accepted',
			acceptedAt: ack.acceptedAt ?? null,
		};
	}

	let runId = String(params.idempotencyKey);
	let final: IDataObject;
	try {
		try {
			final = await waitForFinal(rpc, params, signal, (id) => (runId = id));
		} catch (error) {
			const kind = errorKind(error);
			if (!kind || !RECOVERABLE.includes(kind) || signal.aborted) {
				throw asNodeError(node, error, client.secrets);
			}
			// The socket dropped after the run may have started: never start it again; wait for it.
			rpc = await reconnectUntil(client, signal);
			final = await recoverRun(rpc, params, runId, sessionKey, signal);
		}
	} catch (error) {
		if (signal.aborted) {
			await abortRun(client, sessionKey, runId);
			if (localTimeout.aborted) {
				throw operationError(
					node,
					`The agent run did not finish within the Timeout (${timeoutS} s)`,
					'The run was stopped on the gateway. Raise the Timeout option, or give the agent a smaller task.',
					'timeout',
					i,
				);
			}
			throw operationError(
				node,
				'The execution was cancelled while the agent was running',
				'The run was stopped on the gateway.',
				'cancelled',
				i,
			);
		}
		throw asNodeError(node, error, client.secrets);
	}
	const outcome = agentOutcome(final, sessionKey, started);
	if (!outcome.ok) {
		throw apiError(
			node,
			{
				kind: 'agent-failed',
				message: `The agent run did not complete: ${outcome.error}`,
				description:
					'See the gateway log on its host (openclaw logs). Common causes: the model provider is unreachable or has no credentials (agents.defaults.model), or the run timed out.',
			},
			{ runId, status: String(final.status ?? '') },
			client.secrets,
			i,
		);
	}
	return outcome.output;
}

/** After the run's lifecycle ended, how long the final answer may take before we fetch it ourselves. */
const GRACE_AFTER_END_MS = 2000;

/**
 * Sends `agent` and resolves with the final payload. If the gateway answers with just an ack (the
 * same idempotency key is already running, e.g. a retry while the first attempt still runs), no
 * final follows on our request: once the run's lifecycle has ended, `agent.wait` confirms it and
 * replaying the key returns its cached final result instead of starting a new run. The run's lifecycle events are watched too: 2026.2.x
 * reports a failed model call as status "ok" with the error as text, and only the lifecycle
 * "error" phase tells the truth.
 */
async function waitForFinal(
	rpc: GatewayRpc,
	params: IDataObject,
	signal: AbortSignal,
	onRunId: (id: string) => void,
): Promise<IDataObject> {
	const done = new AbortController();
	const both = AbortSignal.any([signal, done.signal]);
	let runId = String(params.idempotencyKey);
	let lastTerminal: IDataObject | undefined;
	let settle: ((final: IDataObject) => void) | undefined;
	let waiting = false;
	/** Only when the run has ended and no final arrived: the gateway answered us with a bare ack. */
	const waitForEndedRun = () => {
		if (waiting) return;
		waiting = true;
		sleep(GRACE_AFTER_END_MS)
			.then(async () => {
				if (both.aborted) return;
				for (;;) {
					const w = await rpc.call('agent.wait', { runId, timeoutMs: 30000 }, { signal: both });
					if (w.status === 'ok' || w.status === 'error') {
						const replay = await rpc.call('agent', params, { signal: both });
						if (replay.status !== 'accepted' && replay.status !== 'in_flight')
							return settle?.(replay);
					}
					await sleep(1000);
				}
			})
			.catch(() => undefined);
	};
	const stopWatching = rpc.onEvent((frame) => {
		const p = frame.payload ?? {};
		if (frame.event !== 'agent' || p.runId !== runId || p.stream !== 'lifecycle') return;
		const data = (p.data ?? {}) as IDataObject;
		if (data.phase === 'error' || data.phase === 'end') {
			lastTerminal = data;
			waitForEndedRun();
		}
	});
	try {
		const final = await new Promise<IDataObject>((resolve, reject) => {
			settle = resolve;
			rpc
				.call('agent', params, {
					signal: both,
					expectFinal: true,
					onAccepted: (ack) => {
						runId = String(ack.runId ?? params.idempotencyKey);
						onRunId(runId);
					},
				})
				.then(resolve, reject);
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
 * After a reconnect, the outcome of our turn without re-sending `agent`: a restarted gateway has
 * lost its idempotency cache, so a replay could start the turn a second time. `agent.wait` tells
 * how our run ended (its answer from terminalReply on newer gateways, else from the history). A
 * gateway that restarted may also have resumed the interrupted turn itself under a new run id
 * (restart recovery): the answer that follows our message in the session history is then the
 * answer to our turn.
 */
async function recoverRun(
	rpc: GatewayRpc,
	params: IDataObject,
	runId: string,
	sessionKey: string,
	signal: AbortSignal,
): Promise<IDataObject> {
	const answerAfterOurMessage = async (runEnded: boolean): Promise<string | undefined> => {
		const history = await rpc.call('chat.history', { sessionKey, limit: 50 }, { signal });
		const messages = (history.messages ?? []) as IDataObject[];
		const ours = messages.findIndex((m) => {
			const meta = (m.__openclaw ?? {}) as IDataObject;
			return (
				m.idempotencyKey === `${String(params.idempotencyKey)}:user` ||
				meta.idempotencyKey === `${String(params.idempotencyKey)}:user`
			);
		});
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
	for (;;) {
		const asked = Date.now();
		const w = await rpc.call('agent.wait', { runId, timeoutMs: 5000 }, { signal });
		if (w.status === 'error') {
			return { runId, status: 'error', summary: String(w.error ?? 'the run ended with an error') };
		}
		const text =
			w.status === 'ok' ? String(((w.terminalReply ?? {}) as IDataObject).text ?? '') : '';
		const recovered = text || (await answerAfterOurMessage(w.status === 'ok'));
		if (recovered) {
			return {
				runId,
				status: 'ok',
				result: {
					payloads: [{ text: recovered }],
					meta: { stopReason: w.stopReason ?? 'stop', recovered: true },
				},
			};
		}
		if (Date.now() - asked < 1000) await sleep(1000);
	}
}

async function reconnectUntil(client: GatewayClient, signal: AbortSignal): Promise<GatewayRpc> {
	for (;;) {
		try {
			return await client.reconnect();
		} catch (error) {
			if (
				signal.aborted ||
				['auth', 'pairing-required', 'rate-limited', 'protocol-mismatch'].includes(
					errorKind(error) ?? '',
				)
			) {
				throw asNodeError(client.node, error, client.secrets);
			}
			await sleep(1000);
		}
	}
}

/** Best effort: tell the gateway to stop the run (cancelled execution or local timeout). */
async function abortRun(client: GatewayClient, sessionKey: string, runId: string): Promise<void> {
	try {
		const rpc = await client.rpc();
		await rpc.call('chat.abort', { sessionKey, runId }, { signal: AbortSignal.timeout(5000) });
	} catch {
		// The gateway's own timeout still ends the run.
	}
}

async function runOverHttp(
	client: GatewayClient,
	transport: string,
	run: {
		message: string;
		agentId?: string;
		sessionKey: string;
		stream: boolean;
		signal: AbortSignal;
		started: number;
	},
): Promise<IDataObject> {
	const chat = transport === 'chatCompletions';
	const path = chat ? '/v1/chat/completions' : '/v1/responses';
	const answer = await client.http({
		method: 'POST',
		path,
		body: chat
			? chatCompletionBody(run.message, run.agentId, run.stream)
			: responsesBody(run.message, run.agentId, run.stream),
		headers: openAiHeaders(run.agentId, run.sessionKey),
		stream: run.stream,
		signal: run.signal,
	});
	let text = '';
	let usage: IDataObject | null = null;
	let model: string | null = null;
	let id: string | null = null;
	let failure: string | undefined;
	if (run.stream) {
		for await (const ev of parseSse(answer.body as AsyncIterable<Uint8Array>)) {
			if (ev.data === '[DONE]') break;
			let data: IDataObject;
			try {
				data = JSON.parse(ev.data) as IDataObject;
			} catch {
				continue;
			}
			if (data.error)
				failure = String((data.error as IDataObject).message ?? JSON.stringify(data.error));
			if (chat) {
				id ??= (data.id as string) ?? null;
				model ??= (data.model as string) ?? null;
				const delta = ((data.choices as IDataObject[] | undefined)?.[0]?.delta ??
					{}) as IDataObject;
				if (typeof delta.content === 'string') text += delta.content;
				if (data.usage) usage = data.usage as IDataObject;
			} else if (data.type === 'response.output_text.delta') {
				text += String(data.delta ?? '');
			} else if (
				data.type === 'response.completed' ||
				data.type === 'response.failed' ||
				data.type === 'response.incomplete'
			) {
				const r = (data.response ?? {}) as IDataObject;
				id = (r.id as string) ?? null;
				model = (r.model as string) ?? null;
				usage = (r.usage as IDataObject) ?? null;
				if (data.type !== 'response.completed')
					failure = String((r.error as IDataObject)?.message ?? r.status);
			}
		}
	} else {
		const body = (answer.body ?? {}) as IDataObject;
		id = (body.id as string) ?? null;
		model = (body.model as string) ?? null;
		usage = (body.usage as IDataObject) ?? null;
		if (chat) {
			text = String(
				((body.choices as IDataObject[] | undefined)?.[0]?.message as IDataObject)?.content ?? '',
			);
		} else {
			if (body.status && body.status !== 'completed')
				failure = String((body.error as IDataObject)?.message ?? body.status);
			for (const item of (body.output ?? []) as IDataObject[]) {
				for (const part of (item.content ?? []) as IDataObject[])
					if (part.type === 'output_text') text += String(part.text ?? '');
			}
		}
	}
	if (failure || (run.stream && !text)) {
		throw apiError(
			client.node,
			{
				kind: 'agent-failed',
				message: `The agent run did not complete: ${failure ?? 'the stream ended without an answer'}`,
				description:
					'See the gateway log on its host (openclaw logs); the model provider may be unreachable or misconfigured.',
			},
			{ path },
			client.secrets,
		);
	}
	return {
		text,
		id,
		sessionKey: run.sessionKey,
		agentId: run.agentId ?? null,
		model,
		usage,
		durationMs: Date.now() - run.started,
		transport: chat ? 'chatCompletions' : 'responses',
	};
}
