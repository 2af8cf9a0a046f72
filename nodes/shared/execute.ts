import type {
	NodeApiError,
	NodeOperationError,
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import { asNodeError, copyError, operationError } from './errors';
import { GatewayClient } from './transport/client';

export type ItemHandler = (
	this: IExecuteFunctions,
	client: GatewayClient,
	itemIndex: number,
) => Promise<IDataObject | IDataObject[]>;

/**
 * The error as item `itemIndex` reports it: its own copy (an execution-wide error, e.g. a rejected
 * token, is shared by every item) with the item in its context and " [item N]" once at the end;
 * secrets scrubbed from anything else.
 */
export function toItemError(
	fns: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
	secrets: readonly string[],
): NodeApiError | NodeOperationError {
	const wrapped = asNodeError(fns.getNode(), error, secrets);
	const copy = copyError(wrapped);
	copy.context = { ...wrapped.context, itemIndex: wrapped.context.itemIndex ?? itemIndex };
	copy.message = `${wrapped.message.replace(/ \[item \d+\]$/, '')} [item ${copy.context.itemIndex}]`;
	return copy;
}

function errorItem(
	error: NodeApiError | NodeOperationError,
	itemIndex: number,
): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	return { json, pairedItem: { item: itemIndex } };
}

/** At most this many items in flight on the one connection (the gateway's own pipeline is the limit). */
export const MAX_PARALLEL_ITEMS = 32;

/**
 * The loop every node runs: one gateway client per execution, each input item handled on its own,
 * continueOnFail honoured, pairedItem on every output item, input items never touched. Up to
 * `parallel` items are in flight (the node's Options → Parallel Items overrides the node's default);
 * the output keeps the input's order. Without continueOnFail the first failing item ends the
 * execution: no further item is started, the items still in flight are stopped at once (an agent run
 * is stopped on the gateway too; with Retry On Fail they finish, so the retry replays them), and the
 * error says what became of them. A rejected secret fails the
 * rest without a request, and n8n's cancel ends every call in flight.
 */
/** Files of an output item (see itemWithBinary), out of sight of JSON and spreads. */
const BINARY = Symbol('openclaw.binary');

/** An output item with files: `json` as it is, `binary` as n8n's binary properties. */
export function itemWithBinary(json: IDataObject, binary: IBinaryKeyData): IDataObject {
	if (Object.keys(binary).length)
		Object.defineProperty(json, BINARY, { value: binary, enumerable: false });
	return json;
}

function asItems(result: IDataObject | IDataObject[]): INodeExecutionData[] {
	return (Array.isArray(result) ? result : [result]).map((json) => {
		const binary = (json as { [BINARY]?: IBinaryKeyData })[BINARY];
		return binary ? { json: { ...json }, binary } : { json };
	});
}

export async function executePerItem(
	this: IExecuteFunctions,
	handler: ItemHandler,
	defaults: { parallel?: number; label?: string } = {},
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	let client: GatewayClient;
	try {
		client = await GatewayClient.create(this);
	} catch (error) {
		if (!this.continueOnFail()) throw toItemError(this, error, 0, []);
		return [items.map((_, i) => errorItem(toItemError(this, error, i, []), i))];
	}
	const parallel = parallelItems(this, defaults.parallel ?? 1, defaults.label ?? 'Parallel Items');
	const out: INodeExecutionData[][] = new Array<INodeExecutionData[]>(items.length);
	let next = 0;
	const stop: { failed?: { index: number; error: NodeApiError | NodeOperationError } } = {};
	// What became of the other items once one failed (without continueOnFail).
	const doneAfter: number[] = [];
	const stoppedAfter: number[] = [];
	const worker = async () => {
		while (!stop.failed && next < items.length) {
			const i = next++;
			try {
				const result = await handler.call(this, client, i);
				out[i] = this.helpers.constructExecutionMetaData(asItems(result), {
					itemData: { item: i },
				});
				if (stop.failed) doneAfter.push(i);
			} catch (error) {
				const wrapped = toItemError(this, error, i, client.secrets);
				if (!this.continueOnFail()) {
					if (stop.failed) {
						stoppedAfter.push(i);
						return;
					}
					stop.failed = { index: i, error: wrapped };
					// Do not wait out the Timeout of the others: stop them now. With Retry On Fail the
					// items in flight finish instead: the retry then gets their answers back from the
					// gateway (same keys) rather than running them again from the start.
					if (!this.getNode().retryOnFail) client.halt();
					return;
				}
				out[i] = [errorItem(wrapped, i)];
			}
		}
	};
	try {
		await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
	} finally {
		client.close();
	}
	if (stop.failed) {
		const { error } = stop.failed;
		const fate = othersFate(doneAfter, stoppedAfter, next, items.length);
		if (fate)
			error.description = `${error.description ?? ''}${error.description ? ' ' : ''}${fate}`;
		throw error;
	}
	return [out.flat()];
}

const list = (ns: number[]) =>
	ns
		.sort((a, b) => a - b)
		.map(String)
		.join(', ');

/** What became of the items beside the one that failed: finished, stopped, never started. */
function othersFate(done: number[], stopped: number[], started: number, total: number): string {
	const parts: string[] = [];
	if (done.length)
		parts.push(
			`Item${done.length === 1 ? '' : 's'} ${list(done)} finished meanwhile (not output: the node failed).`,
		);
	if (stopped.length)
		parts.push(
			`Item${stopped.length === 1 ? '' : 's'} ${list(stopped)} ${stopped.length === 1 ? 'was' : 'were'} in flight and stopped (an agent run is stopped on the gateway; a tool call may have completed there).`,
		);
	if (started < total)
		parts.push(
			`Item${total - started === 1 ? '' : 's'} ${started === total - 1 ? started : `${started}–${total - 1}`} ${total - started === 1 ? 'was' : 'were'} not started.`,
		);
	return parts.join(' ');
}

/** Options → Parallel Items (Run Agent: Parallel Runs), checked (1 to 32), else the node's default. */
function parallelItems(fns: IExecuteFunctions, fallback: number, label: string): number {
	const value = fns.getNodeParameter('options.parallelItems', 0, fallback) as unknown;
	const n = Number(value ?? fallback);
	if (!Number.isInteger(n) || n < 1 || n > MAX_PARALLEL_ITEMS)
		throw operationError(
			fns.getNode(),
			`The ${label} option must be a whole number from 1 to ${MAX_PARALLEL_ITEMS}, not ${String(value)}`,
			`Set Options → ${label}, e.g. 4.`,
			'bad-input',
		);
	return n;
}
