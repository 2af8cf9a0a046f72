import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { isReadOnlyMethod } from '../../shared/constants';
import { jsonObjectParam } from '../../shared/params';
import {
	assertToolMayChange,
	on,
	required,
	requireMethod,
	operationList,
	type Operation,
} from './common';

/** Gateway: Call Method, any method the gateway offers. */

export const description: INodeProperties[] = [
	operationList('gateway', 'call', [
		{
			name: 'Call Method',
			value: 'call',
			action: 'Call a gateway method',
			description: 'Any method the gateway offers, with JSON parameters; the raw result',
		},
	]),
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
];

const callMethod: Operation = async function (client, i) {
	const method = required(this, 'method', 'Method', i);
	if (!isReadOnlyMethod(method)) assertToolMayChange(this, `call ${method}`, i);
	await requireMethod(client, method, i);
	const params = jsonObjectParam(this, 'params', 'Parameters (JSON)', i);
	const res = await client.call<unknown>(method, params);
	if (Array.isArray(res))
		return res.map((v) =>
			v && typeof v === 'object' && !Array.isArray(v) ? (v as IDataObject) : { value: v as never },
		);
	return res && typeof res === 'object' ? (res as IDataObject) : { value: res as never };
};

export const operations: Record<string, Operation> = {
	call: callMethod,
};
