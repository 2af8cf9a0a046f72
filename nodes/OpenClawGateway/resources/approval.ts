import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { ADMIN_SCOPE } from '../../shared/constants';
import { asNodeError, operationError } from '../../shared/errors';
import { listOf } from '../../shared/transport/protocol';
import {
	assertToolMayChange,
	notice,
	operationList,
	on,
	required,
	requireMethod,
	withIsoMs,
	type Operation,
} from './common';

/** Approval: Get Many pending, Resolve (exec approvals). */

export const description: INodeProperties[] = [
	operationList('approval', 'resolve', [
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
	]),
	// ------------------------------------------------------------------ approval
	{
		displayName: 'Approval ID',
		name: 'approvalId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 0f8c2d1e-…',
		description: 'The ID of the approval request',
		hint: "Right after the OpenClaw Trigger (Approval Requested), drag in its item's <code>id</code>: {{ $json.id }}",
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
];

const listApprovals: Operation = async function (client, i) {
	await requireMethod(client, 'exec.approval.list', i);
	const res = await client.call<unknown>('exec.approval.list', {});
	const list = Array.isArray(res) ? res : listOf<IDataObject>((res as IDataObject).approvals);
	return (list as IDataObject[]).map(withIsoMs);
};

const resolveApproval: Operation = async function (client, i) {
	const id = required(this, 'approvalId', 'Approval ID', i);
	const decision = this.getNodeParameter('decision', i, 'deny') as string;
	if (decision !== 'deny') assertToolMayChange(this, `allow the command of approval ${id}`, i);
	try {
		await client.call('exec.approval.resolve', { id, decision });
	} catch (error) {
		// 2026.9 shows an approval only to admin connections: to others its id is "unknown".
		const hidden =
			/unknown or expired approval/i.test((error as Error).message) &&
			!client.scopes.includes(ADMIN_SCOPE) &&
			(await client.hello()).protocol >= 4;
		if (!hidden) throw asNodeError(client.node, error, client.secrets);
		throw operationError(
			client.node,
			`The gateway does not show approval ${id} to this n8n device`,
			'OpenClaw 2026.9 shows exec approvals only to connections with operator.admin: turn on Admin Access in the OpenClaw credential (and approve the scope upgrade the gateway asks for). If it is on, the approval has expired or was already resolved.',
			'not-found',
			i,
		);
	}
	return { id, decision, resolved: true };
};

export const operations: Record<string, Operation> = {
	getAll: listApprovals,
	resolve: resolveApproval,
};
