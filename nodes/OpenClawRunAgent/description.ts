import type { INodeProperties } from 'n8n-workflow';

import { downloadFilesOptions } from '../shared/artifacts';
import {
	agentLocator,
	attachmentsOption,
	commandsOption,
	optionsCollection,
	parallelItemsOption,
	thinkingOption,
} from '../shared/descriptions';

/** Options only the WebSocket transport sends (HTTP's OpenAI-style endpoints have no field for them). */
const OVER_WEBSOCKET: INodeProperties['displayOptions'] = {
	hide: { '/transport': ['chatCompletions', 'responses'] },
};

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
				name: 'One per Item',
				value: 'item',
				description:
					'A fresh session for every input item of every execution (runs of many items can go in parallel)',
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
		description:
			'The session to run in: agent:&lt;agentId&gt;:&lt;name&gt;, or just a name, which becomes agent:&lt;agent&gt;:&lt;name&gt; (lower case, as the gateway stores it)',
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
		// Shown in both modes (Start Only needs the WebSocket, and says so): what the panel hides for an
		// HTTP transport must follow the transport the user sees.
	},
	optionsCollection([
		{ ...attachmentsOption, displayOptions: OVER_WEBSOCKET },
		commandsOption,
		{
			displayName: 'Include Tool Calls',
			name: 'includeToolCalls',
			type: 'boolean',
			default: false,
			description:
				"Whether to add the run's tool calls to the item (toolCalls: tool, arguments, result or error, duration), read from the session's transcript once the run has ended",
			displayOptions: { show: { '/mode': ['wait'] }, hide: OVER_WEBSOCKET!.hide },
		},
		...downloadFilesOptions.map((o) => ({
			...o,
			displayOptions: {
				show: { ...o.displayOptions?.show, '/mode': ['wait'] },
				hide: OVER_WEBSOCKET.hide,
			},
		})),
		{
			displayName: 'Deliver to Channel',
			name: 'deliver',
			type: 'boolean',
			default: false,
			description:
				"Whether the gateway should also send the answer to the session's channel (e.g. Telegram)",
			displayOptions: OVER_WEBSOCKET,
		},
		{
			displayName: 'Delivery Channel',
			name: 'channel',
			type: 'string',
			default: '',
			placeholder: 'e.g. telegram',
			description: 'Channel to deliver to, when the session has none',
			displayOptions: { ...OVER_WEBSOCKET, show: { deliver: [true] } },
		},
		{
			displayName: 'Delivery Target',
			name: 'to',
			type: 'string',
			default: '',
			placeholder: 'e.g. +15551234567',
			description: 'Recipient on the delivery channel, when the session has none',
			displayOptions: { ...OVER_WEBSOCKET, show: { deliver: [true] } },
		},
		{
			displayName: 'Idempotency Key',
			name: 'idempotencyKey',
			type: 'string',
			default: '',
			description:
				'Runs with the same key within 5 minutes are one run. Empty: derived from the execution, node and item, so a retry of the same item never starts a second run.',
			// Only the WebSocket transport has idempotency (Start Only always uses it).
			displayOptions: OVER_WEBSOCKET,
		},
		parallelItemsOption(
			1,
			'Runs in the same session go one after another in input order (the gateway queues them anyway): for runs side by side, use Session → One per Item or a custom key per item',
			'Parallel Runs',
		),
		{
			displayName: 'Stream (HTTP)',
			name: 'stream',
			type: 'boolean',
			default: false,
			description:
				'Whether to read the HTTP answer as server-sent events, as it grows (it is complete only at the end either way; n8n streaming into a chat turns this on by itself)',
			displayOptions: { show: { '/transport': ['chatCompletions', 'responses'] } },
		},
		{
			...thinkingOption('Thinking', 'thinking', "the agent's own"),
			displayOptions: OVER_WEBSOCKET,
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 300,
			description:
				'Longest the run may take; sent to the gateway and enforced by the node. Time the agent waits for a human (its question, an approval) counts: raise it for runs that ask, or use Start Only and the OpenClaw Trigger.',
		},
	]),
];
