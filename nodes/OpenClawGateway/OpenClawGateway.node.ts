import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { openClawGatewayApiTest } from '../shared/credentialTest';
import { baseDescription, subtitles } from '../shared/descriptions';
import { operationError } from '../shared/errors';
import { executePerItem } from '../shared/execute';
import { getMethods, searchAgents, searchCronJobs, searchSessions } from '../shared/listSearch';
import type { GatewayClient } from '../shared/transport/client';
import { properties } from './description';
import { OPERATIONS } from './operations';
import { searchArtifacts } from './resources/artifact';
import { searchRuns } from './resources/run';
import { searchTasks } from './resources/task';

export class OpenClawGateway implements INodeType {
	description: INodeTypeDescription = {
		...baseDescription({
			displayName: 'OpenClaw Gateway',
			name: 'openClawGateway',
			defaultName: 'OpenClaw Gateway',
			description:
				"Sessions, cron jobs, approvals, the agent's questions, channel messages and any other method of an OpenClaw gateway",
			properties,
		}),
		usableAsTool: true,
		// The credential test is the nodes' own sign-in (nodes/shared/credentialTest.ts).
		credentials: [
			{ name: 'openClawGatewayApi', required: true, testedBy: 'openClawGatewayApiTest' },
		],
		icon: { light: 'file:../../icons/openclaw.svg', dark: 'file:../../icons/openclaw.dark.svg' },
		subtitle: subtitles.resourceOperation(properties),
	};

	methods = {
		listSearch: {
			searchAgents,
			searchSessions,
			searchCronJobs,
			searchRuns,
			searchTasks,
			searchArtifacts,
		},
		loadOptions: { getMethods },
		credentialTest: { openClawGatewayApiTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executePerItem.call(this, route);
	}
}

/** The item's resource and operation, to their handler (operations.ts). */
async function route(
	this: IExecuteFunctions,
	client: GatewayClient,
	i: number,
): Promise<IDataObject | IDataObject[]> {
	const resource = this.getNodeParameter('resource', i) as string;
	const operation = this.getNodeParameter('operation', i) as string;
	const handler = OPERATIONS[`${resource}.${operation}`];
	if (!handler)
		throw operationError(
			client.node,
			`The operation "${operation}" of "${resource}" is not supported`,
			'Choose a Resource and an Operation from the lists.',
			'bad-input',
			i,
		);
	return handler.call(this, client, i);
}
