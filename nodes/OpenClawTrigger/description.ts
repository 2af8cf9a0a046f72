import type { INodeProperties } from 'n8n-workflow';

import { filtersCollection, optionsCollection } from '../shared/descriptions';

export const properties: INodeProperties[] = [
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: ['agentRunFinished'],
		description: 'What starts the workflow: one execution per event',
		options: [
			{
				name: 'Agent Run Finished',
				value: 'agentRunFinished',
				description:
					'An agent run ended: its final text, run ID, session, agent, model, usage and status (ok, error, timeout, aborted)',
			},
			{
				name: 'Agent Tool Called',
				value: 'agentToolCalled',
				description:
					'An agent finished a tool call: tool, status (ok, error), run, session, agent, start, end and duration (OpenClaw 2026.9; arguments and results: Run Agent → Include Tool Calls)',
			},
			{
				name: 'Any Event',
				value: 'anyEvent',
				description: 'Gateway events by name, with their raw payload (for power users)',
			},
			{
				name: 'Approval Requested',
				value: 'approvalRequested',
				description:
					'An agent wants to run a command that needs approval (exec.approval.requested). While this trigger is active the gateway waits for an answer instead of refusing at once: resolve it with the OpenClaw Gateway node, or in the Control UI.',
			},
			{
				name: 'Cron Job Finished',
				value: 'cronJobFinished',
				description: 'A cron job run ended: job, run, status, summary',
			},
			{
				name: 'New Session Message',
				value: 'sessionMessage',
				description:
					'A user or assistant message in any session (gateways before 2026.9: assistant answers only)',
			},
			{
				name: 'Plugin Approval Requested',
				value: 'pluginApprovalRequested',
				description:
					'A plugin asks before it acts (plugin.approval.requested, OpenClaw 2026.9): plugin, title, what it asks, allowed decisions. While this trigger is active the gateway waits for an answer: resolve it with the OpenClaw Gateway node (Approval → Resolve).',
			},
			{
				name: 'Question Asked',
				value: 'questionAsked',
				description:
					'An agent asks a human (ask_user, OpenClaw 2026.9): the questions with their keys and choices, agent, session, run, expiry. Answer with the OpenClaw Gateway node (Question → Answer) before it expires; the device asks for the scope operator.questions once.',
			},
			{
				name: 'Sessions Changed',
				value: 'sessionsChanged',
				description:
					'A session was created, updated, reset or deleted (sessions.changed; OpenClaw 2026.9 or later)',
			},
		],
	},
	{
		displayName: 'Event Names',
		name: 'eventNames',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. presence, exec.approval.resolved',
		description:
			'Gateway event names, separated by commas; * for every event except tick and health. The gateway lists the ones it sends in its hello (features.events).',
		displayOptions: { show: { events: ['anyEvent'] } },
	},
	filtersCollection([
		{
			displayName: 'Agent',
			name: 'agent',
			type: 'string',
			default: '',
			placeholder: 'e.g. main',
			description: 'Only events of this agent ID',
		},
		{
			displayName: 'Channel',
			name: 'channel',
			type: 'string',
			default: '',
			placeholder: 'e.g. telegram',
			description: 'Only events of sessions on this channel',
		},
		{
			displayName: 'Cron Job',
			name: 'job',
			type: 'string',
			default: '',
			placeholder: 'e.g. daily-digest',
			description: 'Cron Job Finished: only this job (ID or name)',
			displayOptions: { show: { '/events': ['cronJobFinished'] } },
		},
		{
			displayName: 'Role',
			name: 'roles',
			type: 'multiOptions',
			default: [],
			description: 'New Session Message: only messages of these roles (none chosen: both)',
			displayOptions: { show: { '/events': ['sessionMessage'] } },
			options: [
				{ name: 'Assistant', value: 'assistant' },
				{ name: 'User', value: 'user' },
			],
		},
		{
			displayName: 'Session Key',
			name: 'sessionKey',
			type: 'string',
			default: '',
			placeholder: 'e.g. agent:main:main, or agent:main:telegram:*',
			description: 'Only events of this session; end it with * for every key that starts so',
		},
		{
			displayName: 'Status',
			name: 'statuses',
			type: 'multiOptions',
			default: [],
			description:
				'Agent Run Finished and Cron Job Finished: only runs that ended so (none chosen: all)',
			displayOptions: { show: { '/events': ['agentRunFinished', 'cronJobFinished'] } },
			options: [
				{ name: 'Aborted', value: 'aborted' },
				{ name: 'Error', value: 'error' },
				{ name: 'OK', value: 'ok' },
				{ name: 'Skipped (Cron)', value: 'skipped' },
				{ name: 'Timeout', value: 'timeout' },
			],
		},
		{
			displayName: 'Tool Names',
			name: 'toolNames',
			type: 'string',
			default: '',
			placeholder: 'e.g. exec, web_fetch',
			description: 'Agent Tool Called: only these tools, separated by commas',
			displayOptions: { show: { '/events': ['agentToolCalled'] } },
		},
	]),
	optionsCollection([
		{
			displayName: 'Report Gaps',
			name: 'reportGaps',
			type: 'boolean',
			default: true,
			description:
				'Whether to start the workflow once with event "gap" after the connection to the gateway was lost and is back, with the span in which events may have been missed (finished cron runs of that span are recovered and emitted first)',
		},
		{
			displayName: 'Test Wait (Seconds)',
			name: 'testTimeout',
			type: 'number',
			default: 120,
			typeOptions: { minValue: 5 },
			description: 'How long "Listen for test event" in the editor waits for a matching event',
		},
	]),
];
