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
import { skillStatus } from './skillStatus.operation';

export class OpenClawSkillStatus implements INodeType {
	description: INodeTypeDescription = {
		...baseDescription({
			displayName: 'OpenClaw Skill Status',
			name: 'openClawSkillStatus',
			defaultName: 'OpenClaw Skill Status',
			description:
				'List the skills of an OpenClaw agent: which are eligible, and what each one is missing',
			properties,
		}),
		usableAsTool: true,
		// The credential test is the nodes' own sign-in (nodes/shared/credentialTest.ts).
		credentials: [
			{ name: 'openClawGatewayApi', required: true, testedBy: 'openClawGatewayApiTest' },
		],
		icon: { light: 'file:../../icons/openclaw.svg', dark: 'file:../../icons/openclaw.dark.svg' },
		subtitle: '={{"Skills of " + ($parameter["agent"].value || "the default agent")}}',
	};

	methods = { listSearch, credentialTest: { openClawGatewayApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executePerItem.call(this, skillStatus, { parallel: 4 });
	}
}
