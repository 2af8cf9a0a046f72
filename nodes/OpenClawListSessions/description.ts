import type { INodeProperties } from 'n8n-workflow';

import {
	agentLocator,
	parallelItemsOption,
	filtersCollection,
	limitField,
	optionsCollection,
	returnAllField,
	simplifyField,
} from '../shared/descriptions';

export const properties: INodeProperties[] = [
	agentLocator('Only sessions of this agent; empty for all agents'),
	returnAllField,
	limitField,
	filtersCollection([
		{
			displayName: 'Active Within (Minutes)',
			name: 'activeMinutes',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: 'Only sessions updated within this many minutes (0 = any time)',
		},
		{
			displayName: 'Label',
			name: 'label',
			type: 'string',
			default: '',
			description: 'Only sessions with exactly this label',
		},
		{
			displayName: 'Search',
			name: 'search',
			type: 'string',
			default: '',
			description: 'Only sessions whose key, label or title contains this text',
		},
	]),
	simplifyField('session'),
	optionsCollection([
		{
			displayName: 'Include Derived Titles',
			name: 'includeDerivedTitles',
			type: 'boolean',
			default: false,
			description: 'Whether to ask the gateway to derive a title from the first message',
		},
		{
			displayName: 'Include Last Message',
			name: 'includeLastMessage',
			type: 'boolean',
			default: false,
			description: 'Whether to include a preview of the last message of each session',
		},
		{
			displayName: 'Last Messages per Session',
			name: 'historyLimit',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1000 },
			default: 0,
			description:
				'Also return the last N messages of each session (0 = none; needs WebSocket access)',
		},
		{
			displayName: 'Transport',
			name: 'transport',
			type: 'options',
			options: [
				{
					name: 'Auto',
					value: 'auto',
					description:
						'WebSocket; the sessions_list tool over HTTP when this device has no read access yet',
				},
				{
					name: 'HTTP (Sessions List Tool)',
					value: 'http',
					description: 'The sessions_list tool: works without pairing, fewer filters',
				},
				{
					name: 'WebSocket',
					value: 'webSocket',
					description: 'Always WebSocket (sessions.list)',
				},
			],
			default: 'auto',
		},
		parallelItemsOption(4, 'Each item lists sessions on its own (e.g. per agent)'),
	]),
];
