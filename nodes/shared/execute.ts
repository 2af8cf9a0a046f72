import type {
	NodeApiError,
	NodeOperationError,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import { asNodeError } from './errors';
import { GatewayClient } from './transport/client';

export type ItemHandler = (
	this: IExecuteFunctions,
	client: GatewayClient,
	itemIndex: number,
) => Promise<IDataObject | IDataObject[]>;

/** Adds the item index to an n8n error (context + "[item N]"), scrubbing secrets from anything else. */
export function toItemError(
	fns: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
	secrets: readonly string[],
): NodeApiError | NodeOperationError {
	const suffix = ` [item ${itemIndex}]`;
	const wrapped = asNodeError(fns.getNode(), error, secrets);
	if (wrapped.context.itemIndex === undefined) wrapped.context.itemIndex = itemIndex;
	if (!wrapped.message.endsWith(suffix)) wrapped.message = `${wrapped.message}${suffix}`;
	return wrapped;
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
		const wrapped = toItemError(this, error, 0, []);
		if (!this.continueOnFail()) throw wrapped;
		return [items.map((_, i) => errorItem(wrapped, i))];
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
