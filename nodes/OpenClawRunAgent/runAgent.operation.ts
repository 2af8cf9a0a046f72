import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { AGENT_FAILED_HELP, apiError, operationError } from '../shared/errors';
import { locatorParam, optionsParam, secondsParam, stringParam } from '../shared/params';
import type { GatewayClient } from '../shared/transport/client';
import { OPENAI_PATHS, type OpenAiApi } from '../shared/transport/openai';
import { agentOfSessionKey, isoTime, type AgentParams } from '../shared/transport/protocol';
import {
	agentOutput,
	idempotencyKeyFor,
	InputError,
	sessionKeyFor,
	validateSessionKey,
	type SessionStrategy,
} from './request';

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
/**
 * What makes this call the same call when n8n runs it again: as an AI Agent's tool, the model's
 * tool-call id (n8n 2.x puts it in the item as `toolCallId` and runs each call as a new run of the
 * node, so a retry of the call gets a new run index); otherwise n8n's run index of the node.
 */
function callOf(fns: IExecuteFunctions, itemIndex: number): string {
	const toolCallId = fns.getInputData()[itemIndex]?.json?.toolCallId;
	if (typeof toolCallId === 'string' && toolCallId) return `tool-call:${toolCallId}`;
	const runIndex = (fns.getWorkflowDataProxy(itemIndex) as { $runIndex?: unknown }).$runIndex;
	return `run:${typeof runIndex === 'number' ? runIndex : 0}`;
}

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
		const defaults = (await client.hello()).snapshot?.sessionDefaults;
		mainKey = defaults?.mainKey;
		resolvedAgent = agentId ?? defaults?.defaultAgentId;
	}
	const customKey = strategy === 'custom' ? stringParam(this, 'sessionKey', i) : undefined;
	const sessionKey = sessionKeyFor({
		strategy,
		agentId: resolvedAgent ?? 'main',
		workflowId: this.getWorkflow().id,
		executionId: this.getExecutionId(),
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
			'Use a key of the form agent:<agentId>:<name>, e.g. agent:main:daily-report.',
			'bad-input',
			i,
		);
	}
	const started = Date.now();

	if (transport !== 'webSocket') {
		const api = transport as OpenAiApi;
		const answer = await client.runAgentOverHttp(api, {
			message,
			agentId,
			sessionKey,
			stream: options.stream === true,
			timeoutSeconds: timeoutS,
		});
		if (answer.failure) {
			throw apiError(
				node,
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
		return {
			text: answer.text,
			id: answer.id,
			sessionKey,
			agentId: agentId ?? null,
			model: answer.model,
			usage: answer.usage,
			durationMs: Date.now() - started,
			transport: api,
		};
	}

	const params: AgentParams = {
		message,
		sessionKey,
		idempotencyKey:
			options.idempotencyKey?.trim() ||
			idempotencyKeyFor(this.getExecutionId(), node.id, callOf(this, i), i),
		deliver: options.deliver === true,
		timeout: timeoutS,
	};
	if (agentId) params.agentId = agentId;
	if (options.thinking) params.thinking = options.thinking;
	if (params.deliver && options.channel?.trim()) params.channel = options.channel.trim();
	if (params.deliver && options.to?.trim()) params.to = options.to.trim();

	if (mode === 'start') {
		const ack = await client.startAgent(params);
		return {
			runId: ack.runId ?? params.idempotencyKey,
			sessionKey: ack.sessionKey ?? sessionKey,
			agentId: ack.agentId ?? resolvedAgent ?? agentOfSessionKey(sessionKey) ?? null,
			status: ack.status ?? 'accepted',
			acceptedAt: isoTime('acceptedAt' in ack ? ack.acceptedAt : undefined),
		};
	}

	const outcome = await client.runAgent(params);
	switch (outcome.kind) {
		case 'answered':
			return outcome.resent
				? {
						...agentOutput(outcome.final, sessionKey, started),
						resent: true,
						note: 'The gateway restarted during the run and lost it (2026.2.x has no restart recovery), so the message was sent again, once, under the same idempotency key.',
					}
				: agentOutput(outcome.final, sessionKey, started);
		case 'failed':
			throw apiError(
				node,
				{
					kind: 'agent-failed',
					message: `The agent run did not complete: ${outcome.error}`,
					description: AGENT_FAILED_HELP,
				},
				{ runId: outcome.runId, status: String(outcome.final.status ?? '') },
				client.secrets,
				i,
			);
		case 'timeout':
			throw operationError(
				node,
				`The agent run did not finish within the Timeout (${timeoutS} s)`,
				'The run was stopped on the gateway. Raise the Timeout option, or give the agent a smaller task.',
				'timeout',
				i,
			);
		case 'cancelled':
			throw operationError(
				node,
				'The execution was cancelled while the agent was running',
				'The run was stopped on the gateway.',
				'cancelled',
				i,
			);
	}
}
