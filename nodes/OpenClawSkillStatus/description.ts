import type { INodeProperties } from 'n8n-workflow';

import { agentLocator, simplifyField, skillLocator } from '../shared/descriptions';

export const properties: INodeProperties[] = [
	agentLocator('The agent whose skills to check; empty for the default agent'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Only Eligible',
				name: 'onlyEligible',
				type: 'boolean',
				default: false,
				description: 'Whether to return only skills the agent can use now',
			},
			{
				displayName: 'Only Missing Requirements',
				name: 'onlyMissing',
				type: 'boolean',
				default: false,
				description:
					'Whether to return only skills that miss a binary, environment variable or config value',
			},
		],
	},
	skillLocator,
	simplifyField('skill'),
];
