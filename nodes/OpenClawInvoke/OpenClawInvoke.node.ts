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
import { toolInvoke } from './toolInvoke.operation';

export class OpenClawInvoke implements INodeType {
	description: INodeTypeDescription = {
		...baseDescription({
			displayName: 'OpenClaw Invoke Tool',
			name: 'openClawInvoke',
			defaultName: 'OpenClaw Invoke Tool',
			description:
				'Call a tool of an OpenClaw gateway (sessions_list, web_fetch, message, …) and return its result',
			properties,
		}),
		usableAsTool: true,
		// The credential test is the nodes' own sign-in (nodes/shared/credentialTest.ts).
		credentials: [
			{ name: 'openClawGatewayApi', required: true, testedBy: 'openClawGatewayApiTest' },
		],
		icon: { light: 'file:../../icons/openclaw.svg', dark: 'file:../../icons/openclaw.dark.svg' },
		subtitle: '={{"Call " + ($parameter["tool"].value || $parameter["tool"] || "a tool")}}',
	};

	methods = { listSearch, credentialTest: { openClawGatewayApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// One at a time unless the user asks for more: a tool's side effects happen in item order.
		return executePerItem.call(this, toolInvoke, { parallel: 1 });
	}
}
