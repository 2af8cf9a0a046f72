import type { INodeProperties } from 'n8n-workflow';

import {
	attachmentsOption,
	commandsOption,
	limitField,
	locator,
	returnAllField,
	simplifyField,
	thinkingOption,
} from '../shared/descriptions';

/** Shows a field for these operations of a resource. */
const on = (resource: string, ...operation: string[]) => ({
	displayOptions: { show: { resource: [resource], operation } },
});
/** A shared field (Return All, Limit, Simplify) placed under a resource's operations. */
const under = (p: INodeProperties, resource: string, ...operation: string[]): INodeProperties => ({
	...p,
	displayOptions: {
		show: { ...(p.displayOptions?.show ?? {}), resource: [resource], operation },
	},
});

/** An Options / Update Fields collection of some operations. */
const collection = (
	displayName: 'Options' | 'Update Fields',
	show: INodeProperties['displayOptions'],
	options: INodeProperties[],
): INodeProperties => ({
	displayName,
	name: displayName === 'Options' ? 'options' : 'updateFields',
	type: 'collection',
	placeholder: displayName === 'Options' ? 'Add Option' : 'Add Field',
	default: {},
	displayOptions: show,
	options,
});

const sessionField = (resource: string, ...ops: string[]): INodeProperties => ({
	...locator(
		'Session',
		"The session: a key (agent:main:main) or a name, which is the main agent's (my-report is agent:main:my-report). Send Message to a new key or name under By ID starts that session.",
		'searchSessions',
		'e.g. agent:main:my-report or my-report',
		true,
	),
	...on(resource, ...ops),
});

const jobField = (...ops: string[]): INodeProperties => ({
	...locator('Cron Job', 'The cron job', 'searchCronJobs', 'e.g. 3f0c…', true),
	name: 'job',
	...on('cronJob', ...ops),
});

/** A notice on the panel of one operation: what it does that cannot be undone, or will surprise. */
const notice = (text: string, resource: string, operation: string): INodeProperties => ({
	displayName: text,
	name: `notice${resource.charAt(0).toUpperCase()}${resource.slice(1)}${operation.charAt(0).toUpperCase()}${operation.slice(1)}`,
	type: 'notice',
	default: '',
	...on(resource, operation),
});

const timeoutOption: INodeProperties = {
	displayName: 'Timeout (Seconds)',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 300,
	description: 'How long to wait for the result before stopping with an error',
};

/**
 * The schedule: its kind, and only the field of that kind (Cron Expression with its Time Zone,
 * Every (Minutes) or At). On Create they are fields of the node; in Update Fields one Schedule group.
 */
const scheduleFields = (
	show: Record<string, string[]>,
	withTimeZone: boolean,
): INodeProperties[] => {
	const forKind = (kind: string) => ({
		displayOptions: { show: { ...show, scheduleKind: [kind] } },
	});
	return [
		{
			displayName: 'Schedule',
			name: 'scheduleKind',
			type: 'options',
			default: 'cron',
			options: [
				{ name: 'Cron Expression', value: 'cron' },
				{ name: 'Interval', value: 'every' },
				{ name: 'One Time', value: 'at' },
			],
			...(Object.keys(show).length ? { displayOptions: { show } } : {}),
		},
		{
			displayName: 'Cron Expression',
			name: 'cronExpression',
			type: 'string',
			default: '0 9 * * *',
			placeholder: 'e.g. 0 9 * * 1-5',
			description: 'Minute, hour, day of month, month, day of week',
			...forKind('cron'),
		},
		...(withTimeZone
			? [
					{
						displayName: 'Time Zone',
						name: 'tz',
						type: 'string',
						default: '',
						placeholder: 'e.g. Europe/Berlin',
						description: "The cron expression's time zone; empty keeps the job's own",
						...forKind('cron'),
					} satisfies INodeProperties,
				]
			: []),
		{
			displayName: 'Every (Minutes)',
			name: 'everyMinutes',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 60,
			...forKind('every'),
		},
		{
			displayName: 'At',
			name: 'at',
			type: 'dateTime',
			default: '',
			description: 'When the job runs once',
			...forKind('at'),
		},
	];
};

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
			{ name: 'Cron Job', value: 'cronJob' },
			{ name: 'Gateway', value: 'gateway' },
			{ name: 'Message', value: 'message' },
			{ name: 'Session', value: 'session' },
		],
	},
	// ------------------------------------------------------------------ operations
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'getAll',
		displayOptions: { show: { resource: ['agent'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many agents',
				description: 'List the agents (agents.list)',
			},
		],
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'resolve',
		displayOptions: { show: { resource: ['approval'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many pending approvals',
				description:
					'Approvals waiting for a decision (exec.approval.list; on OpenClaw 2026.9 needs Admin Access)',
			},
			{
				name: 'Resolve',
				value: 'resolve',
				action: 'Resolve an approval',
				description:
					'Allow once, allow always or deny (exec.approval.resolve; on OpenClaw 2026.9 needs Admin Access)',
			},
		],
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'getAll',
		displayOptions: { show: { resource: ['cronJob'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a cron job',
				description: 'Schedule an agent turn or a system event (cron.add; needs Admin Access)',
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a cron job',
				description: 'Removes the job and its schedule for good (cron.remove; needs Admin Access)',
			},
			{ name: 'Get', value: 'get', action: 'Get a cron job' },
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many cron jobs',
				description: 'List the jobs (cron.list)',
			},
			{
				name: 'Get Runs',
				value: 'getRuns',
				action: 'Get runs of a cron job',
				description: 'Past runs, newest first (cron.runs)',
			},
			{
				name: 'Run Now',
				value: 'run',
				action: 'Run a cron job now',
				description:
					'Enqueue a run now, optionally waiting for its result (cron.run; needs Admin Access)',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a cron job',
				description: 'Change name, schedule, message or enabled (cron.update; needs Admin Access)',
			},
		],
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'call',
		displayOptions: { show: { resource: ['gateway'] } },
		options: [
			{
				name: 'Call Method',
				value: 'call',
				action: 'Call a gateway method',
				description: 'Any method the gateway offers, with JSON parameters; the raw result',
			},
		],
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'send',
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Send to a Channel',
				value: 'send',
				action: 'Send a message to a channel',
				description: 'Deliver text through a channel the gateway has (send); no model involved',
			},
		],
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'sendMessage',
		displayOptions: { show: { resource: ['session'] } },
		options: [
			{
				name: 'Abort Run',
				value: 'abort',
				action: 'Abort the run of a session',
				description: 'Stop what the agent is doing in the session (chat.abort)',
			},
			{
				name: 'Compact',
				value: 'compact',
				action: 'Compact a session',
				description:
					'Makes the transcript shorter: keeps its last lines, or (2026.9, no Keep Last Lines) has the model summarise it (sessions.compact; needs Admin Access)',
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a session',
				description:
					'Removes the session and, by default, its transcript (sessions.delete; needs Admin Access)',
			},
			{
				name: 'Get History',
				value: 'getHistory',
				action: 'Get the history of a session',
				description: 'Messages of the session, oldest first (chat.history)',
			},
			{
				name: 'Reset',
				value: 'reset',
				action: 'Reset a session',
				description:
					'Starts the session over: the conversation so far is archived and no longer in context (sessions.reset; needs Admin Access)',
			},
			{
				name: 'Send Message',
				value: 'sendMessage',
				action: 'Send a message to a session',
				description: 'An agent turn in the session; waits for the answer by default',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a session',
				description:
					'Label, model, thinking level (sessions.patch; on OpenClaw 2026.2.x needs Admin Access)',
			},
		],
	},

	// ------------------------------------------------------------------ agent
	// (Get Many has no parameters)

	// ------------------------------------------------------------------ approval
	{
		displayName: 'Approval ID',
		name: 'approvalId',
		type: 'string',
		required: true,
		// The field the OpenClaw Trigger's Approval Requested item carries (n8n's lint would rewrite
		// "id" in a placeholder as "ID", which is not the field).
		default: '={{ $json.id }}',
		placeholder: 'e.g. 0f8c2d1e-…',
		description:
			"The ID of the approval request; by default the item's, as the OpenClaw Trigger's Approval Requested gives it",
		...on('approval', 'resolve'),
	},
	{
		displayName: 'Decision',
		name: 'decision',
		type: 'options',
		default: 'deny',
		description:
			'What to answer. Deny unless the workflow decided otherwise: a Resolve step added without a decision refuses.',
		options: [
			{ name: 'Allow Once', value: 'allow-once' },
			{
				name: 'Allow Always',
				value: 'allow-always',
				description: 'Also adds the command to the allowlist',
			},
			{ name: 'Deny', value: 'deny' },
		],
		...on('approval', 'resolve'),
	},

	notice(
		"With no approval pending this returns no items, and the workflow stops here: to go on, turn on Always Output Data in the node's Settings.",
		'approval',
		'getAll',
	),

	// ------------------------------------------------------------------ cron job
	jobField('get', 'update', 'delete', 'run', 'getRuns'),
	notice('Removes the job and its schedule for good. Needs Admin Access.', 'cronJob', 'delete'),
	{
		displayName: 'Include Disabled',
		name: 'includeDisabled',
		type: 'boolean',
		default: true,
		description: 'Whether to list disabled jobs too',
		...on('cronJob', 'getAll'),
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. morning-digest',
		...on('cronJob', 'create'),
	},
	...scheduleFields({ resource: ['cronJob'], operation: ['create'] }, false),
	{
		displayName: 'Action',
		name: 'payloadKind',
		type: 'options',
		default: 'agentTurn',
		options: [
			{
				name: 'Agent Turn',
				value: 'agentTurn',
				description: 'The agent runs the message in a session of its own',
			},
			{
				name: 'System Event',
				value: 'systemEvent',
				description: "The text is put into the agent's main session as a system event",
			},
		],
		...on('cronJob', 'create'),
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		description: 'What the agent does (Agent Turn), or the system event text',
		...on('cronJob', 'create'),
	},
	{
		...locator(
			'Agent',
			'The agent that runs the job; empty for the default agent',
			'searchAgents',
			'e.g. main',
		),
		...on('cronJob', 'create'),
	},
	collection('Options', on('cronJob', 'create').displayOptions, [
		{
			displayName: 'Delete After Run',
			name: 'deleteAfterRun',
			type: 'boolean',
			default: false,
			description: 'Whether the job removes itself after its first run',
		},
		{
			displayName: 'Delivery',
			name: 'delivery',
			type: 'options',
			default: 'none',
			options: [
				{ name: 'Announce (to a Channel)', value: 'announce' },
				{ name: 'None', value: 'none' },
			],
			description: 'Where the answer of an Agent Turn goes',
		},
		{
			displayName: 'Delivery Channel',
			name: 'channel',
			type: 'string',
			default: '',
			placeholder: 'e.g. telegram',
		},
		{
			displayName: 'Delivery To',
			name: 'to',
			type: 'string',
			default: '',
			placeholder: 'e.g. a chat ID',
		},
		{ displayName: 'Description', name: 'description', type: 'string', default: '' },
		{
			displayName: 'Enabled',
			name: 'enabled',
			type: 'boolean',
			default: true,
			description: 'Whether the job runs on its schedule',
		},
		{
			displayName: 'Time Zone',
			name: 'tz',
			type: 'string',
			default: '',
			placeholder: 'e.g. Europe/Berlin',
			description: "For a cron expression; the gateway's time zone if empty",
		},
	]),
	collection('Update Fields', on('cronJob', 'update').displayOptions, [
		{
			displayName: 'Enabled',
			name: 'enabled',
			type: 'boolean',
			default: true,
			description: 'Whether the job runs on its schedule',
		},
		{
			displayName: 'Message',
			name: 'message',
			type: 'string',
			default: '',
			description: 'New message (Agent Turn) or system event text',
		},
		{ displayName: 'Name', name: 'name', type: 'string', default: '' },
		{
			displayName: 'Schedule',
			name: 'schedule',
			type: 'fixedCollection',
			default: {},
			placeholder: 'Set Schedule',
			description: 'A new schedule; replaces the whole schedule of the job',
			options: [{ displayName: 'Schedule', name: 'value', values: scheduleFields({}, true) }],
		},
	]),
	{
		displayName: 'Wait for Result',
		name: 'waitForResult',
		type: 'boolean',
		default: false,
		description: 'Whether to wait until the run finished and return it (from cron.runs)',
		...on('cronJob', 'run'),
	},
	collection(
		'Options',
		{ show: { resource: ['cronJob'], operation: ['run'], waitForResult: [true] } },
		[timeoutOption],
	),
	under(returnAllField, 'cronJob', 'getRuns'),
	under(limitField, 'cronJob', 'getRuns'),

	// ------------------------------------------------------------------ gateway
	{
		displayName: 'Method Name or ID',
		name: 'method',
		type: 'options',
		required: true,
		default: '',
		typeOptions: { loadOptionsMethod: 'getMethods' },
		description:
			'A method the gateway offers (its hello lists them). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		...on('gateway', 'call'),
	},
	{
		displayName: 'Parameters (JSON)',
		name: 'params',
		type: 'json',
		default: '{}',
		description: "The method's parameters as a JSON object",
		...on('gateway', 'call'),
	},

	// ------------------------------------------------------------------ message
	{
		displayName: 'Channel',
		name: 'channel',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. telegram',
		description: 'A channel configured on the gateway',
		...on('message', 'send'),
	},
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. a chat ID or phone number',
		description: 'The recipient, as the channel names it',
		...on('message', 'send'),
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		...on('message', 'send'),
	},
	collection('Options', on('message', 'send').displayOptions, [
		{
			displayName: 'Attachment (Binary Property)',
			name: 'binaryProperty',
			type: 'string',
			default: '',
			placeholder: 'e.g. data',
			description:
				'The input binary property to send with the text as a file or image (OpenClaw 2026.9 or later)',
		},
		{
			displayName: 'Thread ID',
			name: 'threadId',
			type: 'string',
			default: '',
			description: 'Channel-specific thread, e.g. a Telegram forum topic',
		},
	]),

	// ------------------------------------------------------------------ session
	sessionField(
		'session',
		'sendMessage',
		'getHistory',
		'reset',
		'compact',
		'delete',
		'abort',
		'update',
	),
	notice(
		"Resets the session: the conversation so far is archived and no longer in the agent's context. Needs Admin Access.",
		'session',
		'reset',
	),
	notice(
		'Deletes the session and, unless Delete Transcript is off, its transcript, for good. Needs Admin Access.',
		'session',
		'delete',
	),
	notice(
		'Stops what the agent is doing in the session: the run with the Run ID, or every run of the session. The answer so far stays in the history.',
		'session',
		'abort',
	),
	{
		displayName: 'Keep Last Lines',
		name: 'maxLines',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description:
			"How many lines of the transcript to keep, the newest; 0: the gateway's way — on 2026.9 the model summarises the conversation, on 2026.2.x the last 400 lines stay",
		...on('session', 'compact'),
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		description: 'What the agent should do',
		...on('session', 'sendMessage'),
	},
	{
		displayName: 'Wait for Answer',
		name: 'waitForAnswer',
		type: 'boolean',
		default: true,
		description:
			"Whether to wait for the agent's final answer (as Run Agent does: never twice on a retry, survives a gateway restart), or return once the gateway accepted the message",
		...on('session', 'sendMessage'),
	},
	collection('Options', on('session', 'sendMessage').displayOptions, [
		attachmentsOption,
		commandsOption,
		{
			displayName: 'Idempotency Key',
			name: 'idempotencyKey',
			type: 'string',
			default: '',
			description:
				'The same key never starts a second run (5 minutes on the gateway); empty: derived from the execution, node and item',
		},
		thinkingOption('Thinking', 'thinking', "the session's own"),
		timeoutOption,
	]),
	under(returnAllField, 'session', 'getHistory'),
	under(limitField, 'session', 'getHistory'),
	under(simplifyField('message'), 'session', 'getHistory'),
	{
		displayName: 'Delete Transcript',
		name: 'deleteTranscript',
		type: 'boolean',
		default: true,
		description: "Whether to delete the session's transcript file too (it cannot be recovered)",
		...on('session', 'delete'),
	},
	{
		displayName: 'Stop',
		name: 'abortScope',
		type: 'options',
		default: 'run',
		options: [
			{ name: 'This Run', value: 'run', description: 'The run with the Run ID below' },
			{
				name: 'All Runs of the Session',
				value: 'session',
				description:
					'Whatever runs in the session now, also runs of channels or other workflows in it',
			},
		],
		...on('session', 'abort'),
	},
	{
		displayName: 'Run ID',
		name: 'runId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.runId }} from Run Agent (Start Only)',
		description: 'The run to stop',
		displayOptions: { show: { resource: ['session'], operation: ['abort'], abortScope: ['run'] } },
	},
	collection('Update Fields', on('session', 'update').displayOptions, [
		{ displayName: 'Label', name: 'label', type: 'string', default: '' },
		{
			displayName: 'Model',
			name: 'model',
			type: 'string',
			default: '',
			placeholder: 'e.g. openai/gpt-5',
		},
		thinkingOption(
			'Thinking Level',
			'thinkingLevel',
			"the agent's own (clears the session's level)",
		),
	]),
	{
		displayName: 'As an AI Tool: Allow Changes',
		name: 'toolChanges',
		type: 'boolean',
		default: false,
		description:
			"Whether an AI Agent using this node as a tool may make this change (methods that are not reads, Delete, Reset, Compact, stopping all of a session's runs, cron job changes and runs, allowing an approval). Off: the model is told it may not; the user's own runs of the node are not affected.",
		displayOptions: {
			show: {
				resource: ['gateway', 'session', 'cronJob', 'approval'],
				operation: [
					'call',
					'delete',
					'reset',
					'compact',
					'abort',
					'create',
					'update',
					'run',
					'resolve',
				],
			},
		},
	},
];
