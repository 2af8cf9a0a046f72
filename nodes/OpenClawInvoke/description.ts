import type { INodeProperties } from 'n8n-workflow';

import {
	agentLocator,
	parallelItemsOption,
	optionsCollection,
	sessionLocator,
	toolLocator,
} from '../shared/descriptions';

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
	optionsCollection([
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
			displayName: 'Transport',
			name: 'transport',
			type: 'options',
			default: 'auto',
			options: [
				{
					name: 'Auto',
					value: 'auto',
					description:
						'The WebSocket (tools.invoke) where the gateway has it (2026.9) and the device may use it; else HTTP',
				},
				{
					name: 'HTTP (Tools Invoke Endpoint)',
					value: 'http',
					description: 'POST /tools/invoke; needs no device pairing',
				},
				{
					name: 'WebSocket (Tools Invoke Method)',
					value: 'webSocket',
					description: 'OpenClaw 2026.9 or later',
				},
			],
			description: 'How the call reaches the gateway; both apply the same tool policy',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 60,
			description: 'How long to wait for the tool',
		},
		parallelItemsOption(
			1,
			'Above 1, calls run side by side in any order on the gateway: raise it for tools that only read (e.g. sessions_list); keep 1 for tools with side effects (message, exec…), which then happen in item order',
		),
	]),
];
