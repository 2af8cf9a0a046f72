import type { INodeProperties } from 'n8n-workflow';

import * as agent from './resources/agent';
import * as approval from './resources/approval';
import * as artifact from './resources/artifact';
import * as cronJob from './resources/cronJob';
import * as gateway from './resources/gateway';
import * as message from './resources/message';
import * as question from './resources/question';
import * as run from './resources/run';
import * as session from './resources/session';
import * as task from './resources/task';

/**
 * The Gateway node's parameters: the Resource, then each resource's operations and fields (one file
 * per resource under resources/, its description and execute side by side), then the AI-tool guard.
 */
export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		default: 'session',
		options: [
			{ name: 'Agent', value: 'agent' },
			{ name: 'Approval', value: 'approval' },
			{ name: 'Artifact', value: 'artifact' },
			{ name: 'Cron Job', value: 'cronJob' },
			{ name: 'Gateway', value: 'gateway' },
			{ name: 'Message', value: 'message' },
			{ name: 'Question', value: 'question' },
			{ name: 'Run', value: 'run' },
			{ name: 'Session', value: 'session' },
			{ name: 'Task', value: 'task' },
		],
	},
	...agent.description,
	...approval.description,
	...artifact.description,
	...cronJob.description,
	...gateway.description,
	...message.description,
	...question.description,
	...run.description,
	...session.description,
	...task.description,
	{
		displayName: 'As an AI Tool: Allow Changes',
		name: 'toolChanges',
		type: 'boolean',
		default: false,
		description:
			"Whether an AI Agent using this node as a tool may make this change (methods that are not reads, Delete, Reset, Compact, stopping all of a session's runs, cron job changes and runs, allowing an approval, answering the agent's question, connecting or disconnecting an MCP server, cancelling a task). Off: the model is told it may not; the user's own runs of the node are not affected.",
		displayOptions: {
			show: {
				resource: ['agent', 'gateway', 'session', 'cronJob', 'approval', 'question', 'task'],
				operation: [
					'connectMcpServer',
					'disconnectMcpServer',
					'call',
					'delete',
					'reset',
					'compact',
					'abort',
					'create',
					'update',
					'run',
					'resolve',
					'answer',
					'cancel',
				],
			},
		},
	},
];
