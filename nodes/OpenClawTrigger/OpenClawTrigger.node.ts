import {
	NodeConnectionTypes,
	type INodeType,
	type INodeTypeDescription,
	type ITriggerFunctions,
	type ITriggerResponse,
} from 'n8n-workflow';

import { openClawGatewayApiTest } from '../shared/credentialTest';
import { subtitles } from '../shared/descriptions';
import { properties } from './description';
import { listen } from './listen';

export class OpenClawTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OpenClaw Trigger',
		name: 'openClawTrigger',
		icon: { light: 'file:../../icons/openclaw.svg', dark: 'file:../../icons/openclaw.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: subtitles.chosen(properties[0]),
		description:
			'Starts the workflow on OpenClaw gateway events: finished agent runs, session messages, cron runs, approval requests',
		defaults: { name: 'OpenClaw Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'openClawGatewayApi', required: true, testedBy: 'openClawGatewayApiTest' },
		],
		eventTriggerDescription: 'Waiting for an OpenClaw gateway event',
		activationMessage:
			'The workflow now runs once for every matching event of the OpenClaw gateway.',
		properties,
	};

	methods = { credentialTest: { openClawGatewayApiTest } };

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		return await listen(this);
	}
}
