import type { INodeProperties } from 'n8n-workflow';

import {
	agentLocator,
	filtersCollection,
	optionsCollection,
	parallelItemsOption,
	simplifyField,
	skillLocator,
} from '../shared/descriptions';

export const properties: INodeProperties[] = [
	agentLocator('The agent whose skills to check; empty for the default agent'),
	filtersCollection([
		skillLocator,
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			options: [
				{ name: 'All', value: 'all', description: 'Every skill' },
				{
					name: 'Eligible',
					value: 'eligible',
					description: 'Skills the agent can use now',
				},
				{
					name: 'Missing Requirements',
					value: 'missing',
					description: 'Skills that miss a binary, environment variable, config value or OS',
				},
			],
			default: 'all',
		},
	]),
	simplifyField('skill'),
	optionsCollection([
		parallelItemsOption(4, 'Each item checks the skills on its own (e.g. per agent)'),
	]),
];
