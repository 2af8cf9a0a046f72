import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { openClawGatewayApiTest } from '../shared/credentialTest';
import { baseDescription } from '../shared/descriptions';
import { executePerItem } from '../shared/execute';
import { listSearch } from '../shared/listSearch';
import { properties } from './description';
import { runAgent } from './runAgent.operation';

export class OpenClawRunAgent implements INodeType {
	description: INodeTypeDescription = {
		...baseDescription({
			displayName: 'OpenClaw Run Agent',
			name: 'openClawRunAgent',
			defaultName: 'OpenClaw Run Agent',
			description: 'Run an OpenClaw agent turn with a message and return its final answer',
			properties,
		}),
		usableAsTool: true,
		// The credential test is the nodes' own sign-in (nodes/shared/credentialTest.ts).
		credentials: [
			{ name: 'openClawGatewayApi', required: true, testedBy: 'openClawGatewayApiTest' },
		],
		icon: { light: 'file:../../icons/openclaw.svg', dark: 'file:../../icons/openclaw.dark.svg' },
		subtitle:
			'={{($parameter["mode"] === "start" ? "Start a run of " : "Ask ") + ($parameter["agent"].value || "the default agent")}}',
	};

	methods = { listSearch, credentialTest: { openClawGatewayApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executePerItem.call(this, runAgent, { parallel: 1, label: 'Parallel Runs' });
	}
}
