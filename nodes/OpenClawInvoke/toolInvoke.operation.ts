import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { operationError } from '../shared/errors';
import { jsonObjectParam, locatorParam, optionsParam, secondsParam } from '../shared/params';
import type { GatewayClient } from '../shared/transport/client';
import { toolOutput, withIsoTimes, type ToolTransport } from '../shared/transport/tools';

const TOOL_NAME = /^[A-Za-z0-9_.:-]{1,128}$/;

interface Options {
	accountId?: string;
	action?: string;
	messageChannel?: string;
	raw?: boolean;
	timeout?: number;
	transport?: ToolTransport;
}

export async function toolInvoke(
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
	const args = jsonObjectParam(this, 'args', 'Args', i) as IDataObject;
	const options = optionsParam<Options>(this, 'options', i);
	const timeout = secondsParam(this, 'options.timeout', 'Timeout', i, options.timeout ?? 60, 3600);
	const result = await client.invokeTool(
		{
			tool,
			args,
			action: options.action?.trim(),
			sessionKey: locatorParam(this, 'session', i) || undefined,
			agentId: locatorParam(this, 'agent', i) || undefined,
			messageChannel: options.messageChannel?.trim(),
			accountId: options.accountId?.trim(),
			timeoutMs: timeout * 1000,
		},
		options.transport ?? 'auto',
	);
	if (options.raw) return { tool, result: result as IDataObject };
	return withIsoTimes(toolOutput(result));
}
