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
import { listSessions } from './listSessions.operation';

export class OpenClawListSessions implements INodeType {
	description: INodeTypeDescription = {
		...baseDescription({
			displayName: 'OpenClaw List Sessions',
			name: 'openClawListSessions',
			defaultName: 'OpenClaw List Sessions',
			description: 'Get many sessions of an OpenClaw gateway, newest first, one item per session',
			properties,
		}),
		usableAsTool: true,
		// The credential test is the nodes' own sign-in (nodes/shared/credentialTest.ts).
		credentials: [
			{ name: 'openClawGatewayApi', required: true, testedBy: 'openClawGatewayApiTest' },
		],
		icon: { light: 'file:../../icons/openclaw.svg', dark: 'file:../../icons/openclaw.dark.svg' },
		subtitle:
			'={{"Get many sessions" + ($parameter["agent"].value ? " of " + $parameter["agent"].value : "")}}',
	};

	methods = { listSearch, credentialTest: { openClawGatewayApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executePerItem.call(this, listSessions, { parallel: 4 });
	}
}
