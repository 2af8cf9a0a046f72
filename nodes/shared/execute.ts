import type {
	NodeApiError,
	NodeOperationError,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import { asNodeError, copyError } from './errors';
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

/**
 * The loop every node runs: one gateway client per execution, each input item handled on its own,
 * continueOnFail honoured, pairedItem on every output item, input items never touched.
 */
export async function executePerItem(
	this: IExecuteFunctions,
	handler: ItemHandler,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const out: INodeExecutionData[] = [];
	let client: GatewayClient;
	try {
		client = await GatewayClient.create(this);
	} catch (error) {
		if (!this.continueOnFail()) throw toItemError(this, error, 0, []);
		return [items.map((_, i) => errorItem(toItemError(this, error, i, []), i))];
	}
	try {
		for (let i = 0; i < items.length; i++) {
			try {
				const result = await handler.call(this, client, i);
				out.push(
					...this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(result), {
						itemData: { item: i },
					}),
				);
			} catch (error) {
				const wrapped = toItemError(this, error, i, client.secrets);
				if (!this.continueOnFail()) throw wrapped;
				out.push(errorItem(wrapped, i));
			}
		}
	} finally {
		client.close();
	}
	return [out];
}
