import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { CREDENTIAL_NAME } from './constants';

/** Parameters and description parts shared by the four nodes (same internal names everywhere). */

/** Everything but icon, subtitle and usableAsTool, which n8n's lint wants written in each node's class. */
export function baseDescription(
	d: Pick<INodeTypeDescription, 'displayName' | 'name' | 'description' | 'properties'> & {
		defaultName: string;
	},
): Omit<INodeTypeDescription, 'icon' | 'subtitle' | 'usableAsTool'> {
	return {
		displayName: d.displayName,
		name: d.name,
		group: ['transform'],
		version: 1,
		description: d.description,
		defaults: { name: d.defaultName },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_NAME, required: true }],
		properties: d.properties,
	};
}

const locatorModes = (method: string, idPlaceholder: string) => [
	{
		displayName: 'From List',
		name: 'list',
		type: 'list' as const,
		typeOptions: { searchListMethod: method, searchable: true },
	},
	{ displayName: 'By ID', name: 'id', type: 'string' as const, placeholder: idPlaceholder },
];

export const agentLocator = (description: string): INodeProperties => ({
	displayName: 'Agent',
	name: 'agent',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	description,
	modes: locatorModes('searchAgents', 'e.g. main'),
});

export const sessionLocator: INodeProperties = {
	displayName: 'Session',
	name: 'session',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	description: "The session the tool runs in; empty for the agent's main session",
	modes: locatorModes('searchSessions', 'e.g. agent:main:main'),
};

export const toolLocator: INodeProperties = {
	displayName: 'Tool',
	name: 'tool',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The gateway tool to call',
	modes: locatorModes('searchTools', 'e.g. sessions_list'),
};

export const skillLocator: INodeProperties = {
	displayName: 'Skill',
	name: 'skill',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	description: 'Only this skill; empty for all skills',
	modes: locatorModes('searchSkills', 'e.g. weather'),
};

export const simplifyField = (what: string): INodeProperties => ({
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description: `Whether to return a simplified version of each ${what} instead of the raw data`,
});

export const returnAllField: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

export const limitField: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false] } },
};
