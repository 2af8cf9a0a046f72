import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { agentLocator, sessionLocator, toolLocator } from '../shared/descriptions';
import { apiError, operationError } from '../shared/errors';
import { jsonObjectParam, locatorParam, optionsParam, secondsParam } from '../shared/params';
import { toolInvokeBody, toolInvokeHeaders, toolOutput } from '../shared/requests';
import type { GatewayClient } from '../shared/transport/client';

export const properties: INodeProperties[] = [
	toolLocator,
	{
		displayName: 'Args',
		name: 'args',
		type: 'json',
		default: '{}',
		description: 'Arguments of the tool as a JSON object, e.g. {"limit": 5} for sessions_list',
	},
	agentLocator('The agent whose tool policy applies; empty for the default agent'),
	sessionLocator,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Account ID',
				name: 'accountId',
				type: 'string',
				default: '',
				description:
					'Sent as the X-OpenClaw-Account-ID header, for tools whose policy depends on the account',
			},
			{
				displayName: 'Action',
				name: 'action',
				type: 'string',
				default: '',
				placeholder: 'e.g. list',
				description: 'For tools with an "action" argument, when Args does not set it',
			},
			{
				displayName: 'Message Channel',
				name: 'messageChannel',
				type: 'string',
				default: '',
				placeholder: 'e.g. telegram',
				description:
					'Sent as the X-OpenClaw-Message-Channel header, for tools whose policy depends on the channel',
			},
			{
				displayName: 'Raw Output',
				name: 'raw',
				type: 'boolean',
				default: false,
				description:
					'Whether to return the raw tool result (content and details) instead of the parsed details',
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 60,
				description: 'How long to wait for the tool',
			},
		],
	},
];

const TOOL_NAME = /^[A-Za-z0-9_.:-]{1,128}$/;

interface Options {
	accountId?: string;
	action?: string;
	messageChannel?: string;
	raw?: boolean;
	timeout?: number;
}

export async function invokeTool(
	this: IExecuteFunctions,
	client: GatewayClient,
	i: number,
): Promise<IDataObject> {
	const tool = locatorParam(this, 'tool', i);
	if (!tool) {
		throw operationError(
			client.node,
			'The Tool parameter is empty',
			'Choose a tool from the list or enter its name, e.g. sessions_list.',
			'bad-input',
			i,
		);
	}
	if (!TOOL_NAME.test(tool)) {
		throw operationError(
			client.node,
			`The Tool parameter "${tool}" is not a tool name`,
			'Tool names are letters, digits and _ . : -, e.g. sessions_list.',
			'bad-input',
			i,
		);
	}
	const args = jsonObjectParam(this, 'args', 'Args', i);
	const options = optionsParam<Options>(this, 'options', i);
	const timeout = secondsParam(this, 'options.timeout', 'Timeout', i, options.timeout ?? 60, 3600);
	const body = toolInvokeBody({
		tool,
		args: args as IDataObject,
		action: options.action?.trim(),
		sessionKey: locatorParam(this, 'session', i) || undefined,
		agentId: locatorParam(this, 'agent', i) || undefined,
	});
	const answer = await client.http({
		method: 'POST',
		path: '/tools/invoke',
		body,
		headers: toolInvokeHeaders(options.messageChannel?.trim(), options.accountId?.trim()),
		tool,
		timeoutMs: timeout * 1000,
	});
	const res = (answer.body ?? {}) as IDataObject;
	if (res.ok === false) {
		const err = (res.error ?? {}) as IDataObject;
		throw apiError(
			client.node,
			{
				kind: 'tool-error',
				message: `The tool "${tool}" failed: ${String(err.message ?? 'no message')}`,
				description: 'Check the Args against what the tool expects.',
			},
			res,
			client.secrets,
			i,
		);
	}
	if (options.raw) return { tool, result: res.result as IDataObject };
	return toolOutput(res.result);
}
