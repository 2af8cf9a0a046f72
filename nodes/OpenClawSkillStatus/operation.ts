import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { agentLocator, simplifyField, skillLocator } from '../shared/descriptions';
import { locatorParam, optionsParam } from '../shared/params';
import { matchesSkill, simplifySkill, type SkillFilters } from '../shared/requests';
import type { GatewayClient } from '../shared/transport/client';

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

export async function skillStatus(
	this: IExecuteFunctions,
	client: GatewayClient,
	i: number,
): Promise<IDataObject[]> {
	const agentId = locatorParam(this, 'agent', i);
	const filters = {
		...optionsParam<SkillFilters>(this, 'filters', i),
		name: locatorParam(this, 'skill', i) || undefined,
	};
	const simplify = this.getNodeParameter('simplify', i, true) as boolean;
	const res = await client.call('skills.status', agentId ? { agentId } : {});
	const skills = ((res.skills ?? []) as IDataObject[]).filter((s) => matchesSkill(s, filters));
	return skills.map((s) =>
		simplify ? { ...simplifySkill(s), agentId: (res.agentId as string) ?? (agentId || null) } : s,
	);
}
