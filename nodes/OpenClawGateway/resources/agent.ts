import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { listOf } from '../../shared/transport/protocol';
import { operationList, type Operation } from './common';

/** Agent: Get Many (agents.list). */

export const description: INodeProperties[] = [
	operationList('agent', 'getAll', [
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many agents',
			description: 'List the agents (agents.list)',
		},
	]),
];

const listAgents: Operation = async function (client) {
	const res = await client.call('agents.list', {});
	return listOf<IDataObject>(res.agents).map((a) => ({ ...a, isDefault: a.id === res.defaultId }));
};

export const operations: Record<string, Operation> = {
	getAll: listAgents,
};
