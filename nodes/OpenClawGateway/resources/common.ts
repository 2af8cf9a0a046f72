import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import { operationError } from '../../shared/errors';
import { locatorParam, runsAsTool, stringParam } from '../../shared/params';
import type { GatewayClient } from '../../shared/transport/client';
import { isoTime } from '../../shared/transport/protocol';

/**
 * What the Gateway node's resources share: where a field shows, notices, the Timeout option, reading
 * parameters, methods newer than 2026.2.x, and the guard on changes an AI Agent asks for.
 */

/** Shows a field for these operations of a resource. */
export const on = (resource: string, ...operation: string[]) => ({
	displayOptions: { show: { resource: [resource], operation } },
});
/** A shared field (Return All, Limit, Simplify) placed under a resource's operations. */
export const under = (
	p: INodeProperties,
	resource: string,
	...operation: string[]
): INodeProperties => ({
	...p,
	displayOptions: {
		show: { ...(p.displayOptions?.show ?? {}), resource: [resource], operation },
	},
});

/** An Options / Update Fields collection of some operations. */
export const collection = (
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

/** The Operation list of a resource (n8n lists each entry's `action` in its node panel). */
export const operationList = (
	resource: string,
	defaultOperation: string,
	options: INodePropertyOptions[],
): INodeProperties => ({
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	default: defaultOperation,
	displayOptions: { show: { resource: [resource] } },
	options,
});

/** A notice on the panel of one operation: what it does that cannot be undone, or will surprise. */
export const notice = (text: string, resource: string, operation: string): INodeProperties => ({
	displayName: text,
	name: `notice${resource.charAt(0).toUpperCase()}${resource.slice(1)}${operation.charAt(0).toUpperCase()}${operation.slice(1)}`,
	type: 'notice',
	default: '',
	...on(resource, operation),
});

/** Timeout of an operation that waits (Send Message, Run Now with Wait for Result). */
export const timeoutOption: INodeProperties = {
	displayName: 'Timeout (Seconds)',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 300,
	description: 'How long to wait for the result before stopping with an error',
};

/** One operation of the Gateway node: item `i` in, one or more items (entities) out. */
export type Operation = (
	this: IExecuteFunctions,
	client: GatewayClient,
	i: number,
) => Promise<IDataObject | IDataObject[]>;

/** Methods newer than 2026.2.x, with the version the package knows them from. */
const METHOD_SINCE: Record<string, string> = {
	'cron.get': '2026.9',
	'exec.approval.list': '2026.9',
	'question.list': '2026.9',
	'question.resolve': '2026.9',
	'plugin.approval.list': '2026.9',
	'approval.history': '2026.9',
};

export { requireNewGateway } from '../../shared/versions';

/** Fails naming the version that has `method` when the gateway does not offer it. */
export async function requireMethod(
	client: GatewayClient,
	method: string,
	i: number,
): Promise<void> {
	if (await client.has(method)) return;
	const hello = await client.hello();
	const since = METHOD_SINCE[method];
	throw operationError(
		client.node,
		`The OpenClaw gateway (version ${hello.server?.version ?? 'unknown'}) has no method ${method}`,
		since
			? `Update OpenClaw to ${since} or later.`
			: "Check the method name against the gateway's own list (the Method picker shows it).",
		'unknown-method',
		i,
	);
}

export function required(
	fns: IExecuteFunctions,
	name: string,
	displayName: string,
	i: number,
	locator = false,
): string {
	const value = locator ? locatorParam(fns, name, i) : stringParam(fns, name, i);
	if (!value)
		throw operationError(
			fns.getNode(),
			`The ${displayName} parameter is empty`,
			`Set ${displayName}.`,
			'bad-input',
			i,
		);
	return value;
}

/** Epoch-ms fields (`…AtMs`) of a cron job or run, plus their ISO 8601 twins (`…At`). */
export function withIsoMs(value: IDataObject): IDataObject {
	const out: IDataObject = {};
	for (const [k, v] of Object.entries(value)) {
		out[k] = v && typeof v === 'object' && !Array.isArray(v) ? withIsoMs(v as IDataObject) : v;
		if (/AtMs$/.test(k) && typeof v === 'number') out[k.slice(0, -2)] = isoTime(v);
	}
	return out;
}

/**
 * A change an AI Agent asked for, refused unless the user allowed it (As an AI Tool: Allow Changes):
 * a node handed to a model gets no more power than the user meant to give it.
 */
export function assertToolMayChange(fns: IExecuteFunctions, what: string, i: number): void {
	if (!runsAsTool(fns, i) || fns.getNodeParameter('toolChanges', i, false) === true) return;
	throw operationError(
		fns.getNode(),
		`An AI Agent may not ${what} through this node`,
		'The node runs as a tool of an AI Agent, and this changes or removes data on the gateway. If the model should be able to do it, turn on As an AI Tool: Allow Changes in the node.',
		'forbidden',
		i,
	);
}
