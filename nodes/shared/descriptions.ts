import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

/** Parameters and description parts shared by the four nodes (same internal names everywhere). */

/** Everything but icon, subtitle, usableAsTool and credentials, which n8n's lint wants written in each node's class. */
export function baseDescription(
	d: Pick<INodeTypeDescription, 'displayName' | 'name' | 'description' | 'properties'> & {
		defaultName: string;
	},
): Omit<INodeTypeDescription, 'icon' | 'subtitle' | 'usableAsTool' | 'credentials'> {
	return {
		displayName: d.displayName,
		name: d.name,
		group: ['transform'],
		version: 1,
		description: d.description,
		defaults: { name: d.defaultName },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: d.properties,
	};
}

/**
 * Subtitles that read as the editor shows the choices ("Session: Send Message", "Agent Run
 * Finished"), not their internal values: expressions see values only, so the names travel inside
 * the expression as a table, the value shown when a name is missing.
 */
export const subtitles = {
	/** "Resource: Operation" of a node with a Resource and one Operation list per resource. */
	resourceOperation(properties: INodeProperties[]): string {
		const resources = properties.find((p) => p.name === 'resource')?.options ?? [];
		const table: Record<string, string> = {};
		for (const p of properties.filter((x) => x.name === 'operation'))
			for (const resource of p.displayOptions?.show?.resource ?? []) {
				const r = resources.find((o) => 'value' in o && o.value === resource);
				for (const o of p.options ?? [])
					if ('value' in o)
						table[`${String(resource)}.${String(o.value)}`] = `${r?.name}: ${o.name}`;
			}
		return `={{ (${JSON.stringify(table)})[$parameter["resource"] + "." + $parameter["operation"]] || $parameter["operation"] }}`;
	},
	/** The chosen options of a multi-options parameter, by name, comma-separated. */
	chosen(property: INodeProperties): string {
		const table: Record<string, string> = {};
		for (const o of property.options ?? []) if ('value' in o) table[String(o.value)] = o.name;
		return `={{ [].concat($parameter["${property.name}"] || []).map((v) => (${JSON.stringify(table)})[v] || v).join(", ") }}`;
	},
};

/** A resource locator: "From List" (loaded live from the gateway) or "By ID". */
export const locator = (
	displayName: string,
	description: string,
	searchListMethod: string,
	idPlaceholder: string,
	required = false,
): INodeProperties => ({
	displayName,
	name: displayName.toLowerCase(),
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	...(required ? { required } : {}),
	description,
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod, searchable: true },
		},
		{ displayName: 'By ID', name: 'id', type: 'string', placeholder: idPlaceholder },
	],
});

export const agentLocator = (description: string): INodeProperties =>
	locator('Agent', description, 'searchAgents', 'e.g. main');

export const sessionLocator = locator(
	'Session',
	"The session the tool runs in; empty for the agent's main session",
	'searchSessions',
	'e.g. agent:main:main',
);

export const toolLocator = locator(
	'Tool',
	'The gateway tool to call',
	'searchTools',
	'e.g. sessions_list',
	true,
);

export const skillLocator = locator(
	'Skill',
	'Only this skill; empty for all skills',
	'searchSkills',
	'e.g. weather',
);

/** n8n's "Options" collection: what changes how the node works, each shown once added. */
export const optionsCollection = (options: INodeProperties[]): INodeProperties => ({
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options,
});

/** n8n's "Filters" collection of a Get Many style node. */
export const filtersCollection = (options: INodeProperties[]): INodeProperties => ({
	displayName: 'Filters',
	name: 'filters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	options,
});

export const simplifyField = (what: string): INodeProperties => ({
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description: `Whether to return a simplified version of each ${what} instead of the raw data`,
});

export const returnAllField: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

export const limitField: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false] } },
};

/** Options → Parallel Items: how many items are in flight at once on the one connection. */
export const parallelItemsOption = (
	fallback: number,
	note: string,
	displayName = 'Parallel Items',
): INodeProperties => ({
	displayName,
	name: 'parallelItems',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 32 },
	default: fallback,
	description: `How many input items are processed at once, 1 to 32; the output keeps the input's order. ${note}.`,
});

/** Run Agent's and Send Message's attachments: binary properties of the input item, sent with the message. */
export const attachmentsOption: INodeProperties = {
	displayName: 'Attachments',
	name: 'attachments',
	type: 'string',
	default: '',
	placeholder: 'e.g. data, photo',
	description:
		'Binary properties of the input item to send with the message, comma-separated: images (PNG, JPEG, GIF, WebP; 6 MB each on 2026.9, 5 MB on 2026.2) and, on OpenClaw 2026.9 or later, other files such as PDF or text (about 18 MB each). The limits are checked first.',
	// Only the WebSocket transport carries attachments.
	displayOptions: { hide: { '/transport': ['chatCompletions', 'responses'] } },
};

/**
 * Run Agent's and Send Message's Commands in Message: by default a message is plain text for the
 * agent, never a gateway command (see asPlainText).
 */
export const commandsOption: INodeProperties = {
	displayName: 'Commands in Message',
	name: 'commands',
	type: 'options',
	options: [
		{
			name: 'Send as Text',
			value: 'text',
			description:
				'The agent reads the message; "/reset", "/exec …", "!ls" or "stop" in it are words, not gateway commands (a zero-width space goes before them)',
		},
		{
			name: 'Let the Gateway Run Them',
			value: 'run',
			description:
				'The gateway acts on slash commands, "!" shell and stop words in the message, as the credential\'s device (its owner with Admin Access). Only for messages you write yourself.',
		},
	],
	default: 'text',
	description:
		'Whether slash commands in the message (e.g. /reset, /exec, /elevated) reach the gateway as commands. Keep Send as Text when the message comes from anyone else (a chat, a form, an email).',
};

/**
 * The model's thinking level: Run Agent's and Send Message's `thinking`, a session's `thinkingLevel`.
 * Alphabetical: n8n's verification scanner rejects options in level order (it ignores eslint-disable
 * comments); the description gives the order.
 */
export const thinkingOption = (
	displayName: 'Thinking' | 'Thinking Level',
	name: 'thinking' | 'thinkingLevel',
	defaultMeans: string,
): INodeProperties => ({
	displayName,
	name,
	type: 'options',
	options: [
		{ name: 'Default', value: '' },
		{ name: 'High', value: 'high' },
		{ name: 'Low', value: 'low' },
		{ name: 'Medium', value: 'medium' },
		{ name: 'Minimal', value: 'minimal' },
		{ name: 'Off', value: 'off' },
	],
	default: '',
	description: `Thinking level of the model (from least to most: Off, Minimal, Low, Medium, High); 2026.9 refuses a level the model does not have. Default: ${defaultMeans}.`,
});
