import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { ADMIN_SCOPE } from '../../shared/constants';
import { limitField, returnAllField } from '../../shared/descriptions';
import { asNodeError, operationError } from '../../shared/errors';
import type { GatewayClient } from '../../shared/transport/client';
import { listOf } from '../../shared/transport/protocol';
import {
	assertToolMayChange,
	notice,
	operationList,
	on,
	required,
	requireMethod,
	under,
	withIsoMs,
	type Operation,
} from './common';

/**
 * Approval: Get Many pending, Resolve, Get History. Every kind the gateway has: exec approvals, and
 * on OpenClaw 2026.9 plugin approvals, through its kind-agnostic approval.* methods.
 */

export const description: INodeProperties[] = [
	operationList('approval', 'resolve', [
		{
			name: 'Get History',
			value: 'getHistory',
			action: 'Get the history of approvals',
			description:
				'Approvals already decided or expired, newest first, with who decided and how (approval.history; OpenClaw 2026.9)',
		},
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many pending approvals',
			description:
				'Approvals waiting for a decision, exec and plugin (exec.approval.list, plugin.approval.list; on OpenClaw 2026.9 needs Admin Access)',
		},
		{
			name: 'Resolve',
			value: 'resolve',
			action: 'Resolve an approval',
			description:
				'Allow once, allow always or deny an exec or plugin approval (approval.resolve on OpenClaw 2026.9, exec.approval.resolve before)',
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
		description: 'The ID of the approval request (exec or plugin)',
		hint: "Right after the OpenClaw Trigger (Approval Requested), drag in its item's <code>id</code>: {{ $json.id }}",
		...on('approval', 'resolve'),
	},
	{
		displayName: 'Decision',
		name: 'decision',
		type: 'options',
		default: 'deny',
		description:
			'What to answer. Deny unless the workflow decided otherwise: a Resolve step added without a decision refuses. A decision the approval does not allow (plugin approvals often have no Allow Always) is an error, nothing sent.',
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

	under(returnAllField, 'approval', 'getHistory'),
	under(limitField, 'approval', 'getHistory'),
	{
		displayName: 'Kind',
		name: 'kind',
		type: 'options',
		default: '',
		description: 'Only approvals of this kind',
		options: [
			{ name: 'All', value: '' },
			{ name: 'Exec (Commands)', value: 'exec' },
			{ name: 'Plugin', value: 'plugin' },
		],
		...on('approval', 'getHistory'),
	},
	notice(
		"With no approval pending this returns no items, and the workflow stops here: to go on, turn on Always Output Data in the node's Settings.",
		'approval',
		'getAll',
	),
];

const LISTS = [
	['exec', 'exec.approval.list'],
	['plugin', 'plugin.approval.list'],
] as const;

/** Pending approvals of every kind the gateway lists (exec; plugin on 2026.9), each with its `kind`. */
const listApprovals: Operation = async function (client, i) {
	const offered: Array<[string, string]> = [];
	for (const [kind, method] of LISTS) if (await client.has(method)) offered.push([kind, method]);
	if (!offered.length) await requireMethod(client, 'exec.approval.list', i);
	const out: IDataObject[] = [];
	for (const [kind, method] of offered) {
		const res = await client.call<unknown>(method, {});
		const list = Array.isArray(res) ? res : listOf<IDataObject>((res as IDataObject).approvals);
		for (const record of list as IDataObject[])
			out.push({ ...withIsoMs(record), kind: (record.approvalKind as string) || kind });
	}
	return out;
};

/** The error of an approval this device cannot see or that is no longer pending. */
async function notPending(client: GatewayClient, id: string, i: number, status?: string) {
	// 2026.9 shows an approval only to admin connections (or the device that started its run).
	const hidden =
		!status && !client.scopes.includes(ADMIN_SCOPE) && (await client.hello()).protocol >= 4;
	if (hidden)
		return operationError(
			client.node,
			`The gateway does not show approval ${id} to this n8n device`,
			'It may have expired (the gateway denies what nobody answers in time), the ID may be mistyped, or the gateway shows it only to other reviewers: OpenClaw 2026.9 shows every approval to connections with operator.admin (Admin Access in the OpenClaw credential).',
			'not-found',
			i,
		);
	return operationError(
		client.node,
		status
			? `Approval ${id} was already ${status}`
			: `Approval ${id} is not pending on the gateway`,
		status
			? 'Someone decided first (the Control UI, a chat command, another workflow) or it expired; nothing was sent. Approval → Get History shows who decided.'
			: "Check the Approval ID (the id of the trigger's item). It may have expired: the gateway denies an approval nobody answers in time.",
		status ? 'conflict' : 'not-found',
		i,
	);
}

const resolveApproval: Operation = async function (client, i) {
	const id = required(this, 'approvalId', 'Approval ID', i);
	const decision = this.getNodeParameter('decision', i, 'deny') as string;
	if (decision !== 'deny') assertToolMayChange(this, `allow what approval ${id} asks for`, i);
	if (!(await client.has('approval.resolve'))) {
		try {
			await client.call('exec.approval.resolve', { id, decision });
		} catch (error) {
			if (/unknown or expired approval/i.test((error as Error).message))
				throw await notPending(client, id, i);
			throw asNodeError(client.node, error, client.secrets);
		}
		return { id, kind: 'exec', decision, resolved: true };
	}
	// 2026.9: one path for every kind. The approval is read first: approval.resolve records a Deny for
	// a decision the approval does not allow, so that is refused here, before anything is sent.
	let approval: IDataObject | undefined;
	try {
		approval = (await client.call<{ approval?: IDataObject }>('approval.get', { id })).approval;
	} catch (error) {
		if (!/not found/i.test((error as Error).message))
			throw asNodeError(client.node, error, client.secrets);
	}
	if (!approval) throw await notPending(client, id, i);
	const status = String(approval.status ?? 'pending');
	if (status !== 'pending') throw await notPending(client, id, i, status);
	const presentation = (approval.presentation ?? {}) as IDataObject;
	const kind = String(presentation.kind ?? 'exec');
	const allowed = listOf<string>(presentation.allowedDecisions);
	if (allowed.length && !allowed.includes(decision))
		throw operationError(
			client.node,
			`Decision "${decision}" is not allowed for approval ${id}`,
			`This ${kind} approval allows: ${allowed.join(', ')}. Choose one of them in Decision.`,
			'bad-input',
			i,
		);
	const res = await client.call<{ applied?: boolean; approval?: IDataObject }>('approval.resolve', {
		id,
		kind,
		decision,
	});
	if (res.applied === false)
		throw await notPending(client, id, i, String(res.approval?.status ?? 'resolved'));
	return {
		id,
		kind,
		decision: (res.approval?.decision as string | undefined) ?? decision,
		resolved: true,
		status: res.approval?.status ?? null,
	};
};

/** Decided and expired approvals, newest first (kept 30 days on 2026.9). */
const approvalHistory: Operation = async function (client, i) {
	await requireMethod(client, 'approval.history', i);
	const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
	const limit = returnAll ? Infinity : Number(this.getNodeParameter('limit', i, 50));
	const kind = this.getNodeParameter('kind', i, '') as string;
	const out: IDataObject[] = [];
	let cursor: string | undefined;
	do {
		const page = await client.call<{ items?: IDataObject[]; nextCursor?: string }>(
			'approval.history',
			{
				limit: Math.min(100, limit - out.length),
				...(kind ? { kind } : {}),
				...(cursor ? { cursor } : {}),
			},
		);
		for (const item of listOf<IDataObject>(page.items))
			out.push({
				...withIsoMs(item),
				kind: ((item.presentation ?? {}) as IDataObject).kind ?? null,
			});
		cursor = page.nextCursor || undefined;
	} while (cursor && out.length < limit);
	return out.slice(0, limit);
};

export const operations: Record<string, Operation> = {
	getAll: listApprovals,
	getHistory: approvalHistory,
	resolve: resolveApproval,
};
