import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { apiError, operationError } from '../shared/errors';
import { locatorParam, optionsParam, secondsParam, stringParam } from '../shared/params';
import type { GatewayClient } from '../shared/transport/client';
import { OPENAI_PATHS, type OpenAiApi, type OpenAiRun } from '../shared/transport/openai';
import { agentOfSessionKey, type AgentParams } from '../shared/transport/protocol';
import {
	agentTurn,
	messageFor,
	assertMessageSize,
	attachmentsOf,
	executionIdOf,
	streamingToChat,
	turnKey,
} from '../shared/agentTurn';
import { requireArtifacts, withRunFiles } from '../shared/artifacts';
import { toolCallsOfRun } from './toolCalls';
import { InputError, sessionKeyFor, validateSessionKey, type SessionStrategy } from './request';

interface Options {
	attachments?: string;
	deliver?: boolean;
	channel?: string;
	to?: string;
	idempotencyKey?: string;
	stream?: boolean;
	thinking?: string;
	timeout?: number;
	commands?: string;
	downloadFiles?: boolean;
	maxFileSizeMb?: number;
	includeToolCalls?: boolean;
}

const MAX_TIMEOUT_S = 172800;

export async function runAgent(
	this: IExecuteFunctions,
	client: GatewayClient,
	i: number,
): Promise<IDataObject> {
	const node = client.node;
	const written = String(this.getNodeParameter('message', i, '') ?? '');
	if (!written.trim()) {
		throw operationError(
			node,
			'The Message parameter is empty',
			'Write what the agent should do, or map it from the input with an expression.',
			'bad-input',
			i,
		);
	}
	assertMessageSize(node, written, i);
	const options = optionsParam<Options>(this, 'options', i);
	const message = messageFor(written, options.commands);
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
	const transport = this.getNodeParameter('transport', i, 'webSocket') as string;
	if (mode === 'start' && transport !== 'webSocket')
		throw operationError(
			node,
			'Start Only runs over the WebSocket, and Transport is set to HTTP',
			'Set Transport to WebSocket, or Mode to Wait for the Answer.',
			'bad-input',
			i,
		);

	let mainKey: string | undefined;
	let resolvedAgent = agentId;
	// The main session and a bare custom name belong to the gateway's default agent when none is chosen.
	if (transport === 'webSocket' && (strategy === 'main' || (strategy === 'custom' && !agentId))) {
		const defaults = (await client.hello()).snapshot?.sessionDefaults;
		mainKey = defaults?.mainKey;
		resolvedAgent = agentId ?? defaults?.defaultAgentId;
	}
	const customKey = strategy === 'custom' ? stringParam(this, 'sessionKey', i) : undefined;
	const sessionKey = sessionKeyFor({
		strategy,
		agentId: resolvedAgent ?? 'main',
		workflowId: this.getWorkflow().id,
		executionId: executionIdOf(this),
		itemIndex: i,
		customKey,
		mainKey,
	});
	try {
		// The key as the user wrote it (the error quotes it), and the key the gateway will use.
		if (customKey !== undefined) validateSessionKey(customKey);
		validateSessionKey(sessionKey);
	} catch (error) {
		throw operationError(
			node,
			`The Session Key ${(error as InputError).message}`,
			'Use a key of the form agent:AGENT_ID:NAME, e.g. agent:main:daily-report.',
			'bad-input',
			i,
		);
	}
	if (transport !== 'webSocket' && options.attachments?.trim())
		throw operationError(
			node,
			'The Attachments option needs the WebSocket transport',
			'Set Transport to WebSocket, or clear Attachments.',
			'bad-input',
			i,
		);
	const attachments =
		transport === 'webSocket'
			? await attachmentsOf(this, client, i, options.attachments)
			: undefined;
	return inSessionOrder(client, sessionKey, !this.continueOnFail(), async () => {
		if (transport !== 'webSocket')
			return runOverHttp.call(this, client, i, transport as OpenAiApi, {
				message,
				agentId,
				sessionKey,
				stream: options.stream === true,
				timeoutSeconds: timeoutS,
			});

		const params: AgentParams = {
			message,
			sessionKey,
			idempotencyKey: turnKey(this, i, options.idempotencyKey),
			deliver: options.deliver === true,
			timeout: timeoutS,
		};
		if (agentId) params.agentId = agentId;
		if (attachments) params.attachments = attachments;
		if (options.thinking) params.thinking = options.thinking;
		if (params.deliver && options.channel?.trim()) params.channel = options.channel.trim();
		if (params.deliver && options.to?.trim()) params.to = options.to.trim();

		// A gateway without artifacts says so before the run, not after it.
		if (mode !== 'start' && options.downloadFiles) await requireArtifacts(client, i);
		const item = await agentTurn(
			client,
			i,
			params,
			mode === 'start' ? 'start' : 'wait',
			resolvedAgent,
			this,
		);
		if (mode !== 'start' && options.includeToolCalls)
			item.toolCalls = await toolCallsOfRun(client, params, String(item.runId));
		return mode !== 'start' && options.downloadFiles
			? withRunFiles(this, client, i, item, options.maxFileSizeMb)
			: item;
	});
}

/**
 * A run over `/v1/chat/completions` or `/v1/responses` (no idempotency, no recovery). Streaming into
 * n8n's chat reads the answer as server-sent events, whatever Stream (HTTP) says.
 */
async function runOverHttp(
	this: IExecuteFunctions,
	client: GatewayClient,
	i: number,
	api: OpenAiApi,
	run: OpenAiRun,
): Promise<IDataObject> {
	const started = Date.now();
	const answer = await streamingToChat(
		this,
		i,
		(onAnswerText) =>
			client.runAgentOverHttp(api, {
				...run,
				// Streaming into n8n's chat reads the answer as server-sent events.
				stream: run.stream || onAnswerText !== undefined,
				onAnswerText,
			}),
		(a) => (a.failure ? undefined : a.text),
	);
	if (answer.failure) {
		throw apiError(
			client.node,
			{
				kind: 'agent-failed',
				message: `The agent run did not complete: ${answer.failure}`,
				description:
					'See the gateway log on its host (openclaw logs); the model provider may be unreachable or misconfigured.',
			},
			{ path: OPENAI_PATHS[api] },
			client.secrets,
		);
	}
	// The WebSocket's output shape (agentOutput), with what HTTP tells: its response id as the run,
	// its usage in the gateway's own words.
	return {
		text: answer.text,
		payloads: [{ text: answer.text, mediaUrls: [] }],
		runId: answer.id,
		sessionKey: run.sessionKey,
		agentId: run.agentId ?? agentOfSessionKey(run.sessionKey) ?? null,
		model: answer.model,
		provider: null,
		usage: usageOf(answer.usage),
		durationMs: Date.now() - started,
		stopReason: answer.finishReason ?? 'stop',
		status: 'ok',
	};
}

/** OpenAI usage (chat completions or responses) as the gateway reports it over the WebSocket. */
function usageOf(usage: IDataObject | null): IDataObject | null {
	if (!usage) return null;
	const n = (...keys: string[]) => {
		for (const k of keys) if (typeof usage[k] === 'number') return usage[k] as number;
		return undefined;
	};
	const cached = (
		(usage.prompt_tokens_details ?? usage.input_tokens_details) as IDataObject | undefined
	)?.cached_tokens;
	const out: IDataObject = {
		input: n('prompt_tokens', 'input_tokens'),
		output: n('completion_tokens', 'output_tokens'),
		...(typeof cached === 'number' ? { cacheRead: cached } : {}),
		total: n('total_tokens'),
	};
	for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
	return out;
}

/** Per execution (client): the last run of each session key, so the next one waits for it. */
const sessionLanes = new WeakMap<GatewayClient, Map<string, Promise<unknown>>>();

/**
 * Runs of one session go one after another, in input order, whatever Parallel Runs says: the
 * gateway queues a session's runs anyway (so nothing is lost), and each run's Timeout counts from
 * its own start instead of from its place in the gateway's queue. Without continueOnFail a failed run
 * ends the execution, so the runs queued behind it are not started.
 */
async function inSessionOrder<T>(
	client: GatewayClient,
	sessionKey: string,
	stopOnFailure: boolean,
	run: () => Promise<T>,
): Promise<T> {
	let lanes = sessionLanes.get(client);
	if (!lanes) sessionLanes.set(client, (lanes = new Map()));
	const before = lanes.get(sessionKey) ?? Promise.resolve();
	const mine = before.then(
		() => run(),
		(error: unknown) => {
			if (stopOnFailure) throw error;
			return run();
		},
	);
	lanes.set(sessionKey, mine);
	return mine;
}
