import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { turnKey } from '../../shared/agentTurn';
import { operationError } from '../../shared/errors';
import { optionsParam } from '../../shared/params';
import { collection, on, required, operationList, type Operation } from './common';

/** Message: Send to a Channel (send), no model involved. */

export const description: INodeProperties[] = [
	operationList('message', 'send', [
		{
			name: 'Send to a Channel',
			value: 'send',
			action: 'Send a message to a channel',
			description: 'Deliver text through a channel the gateway has (send); no model involved',
		},
	]),
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
];

const sendToChannel: Operation = async function (client, i) {
	const channel = required(this, 'channel', 'Channel', i);
	const to = required(this, 'to', 'To', i);
	const message = required(this, 'text', 'Text', i);
	const o = optionsParam<{ binaryProperty?: string; threadId?: string }>(this, 'options', i);
	const params: IDataObject = { channel, to, message, idempotencyKey: turnKey(this, i) };
	if (o.threadId?.trim()) params.threadId = o.threadId.trim();
	const property = o.binaryProperty?.trim();
	if (property) {
		// 2026.2.x's send has no attachment payload (its closed schema would refuse the call).
		if ((await client.hello()).protocol < 4)
			throw operationError(
				client.node,
				'This OpenClaw gateway cannot take attachments with send',
				'Update OpenClaw to 2026.9 or later, or send a link to the file in the Text.',
				'unknown-method',
				i,
			);
		const binary = this.helpers.assertBinaryData(i, property);
		const data = await this.helpers.getBinaryDataBuffer(i, property);
		params.buffer = data.toString('base64');
		if (binary.fileName) params.filename = binary.fileName;
		if (binary.mimeType) params.contentType = binary.mimeType;
	}
	const res = await client.call('send', params);
	return { channel, to, ...(property ? { attachment: params.filename ?? property } : {}), ...res };
};

export const operations: Record<string, Operation> = {
	send: sendToChannel,
};
