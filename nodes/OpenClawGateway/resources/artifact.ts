import type { IDataObject, INodeProperties } from 'n8n-workflow';

import {
	downloadArtifact,
	listArtifacts,
	maxFileSizeOption,
	requireArtifacts,
	type ArtifactSummary,
} from '../../shared/artifacts';
import { itemWithBinary } from '../../shared/execute';
import { operationError } from '../../shared/errors';
import { optionsParam, stringParam } from '../../shared/params';
import { collection, on, operationList, required, type Operation } from './common';

/** Artifact: Get Many and Download, the files of a session, run or task (OpenClaw 2026.9). */

export const description: INodeProperties[] = [
	operationList('artifact', 'getAll', [
		{
			name: 'Download',
			value: 'download',
			action: 'Download an artifact',
			description: 'One file to a binary property (artifacts.download)',
		},
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many artifacts',
			description:
				'The files of a session, one run or one task: images a tool read or made, media in replies, uploads (artifacts.list)',
		},
	]),
	{
		displayName: 'Session Key',
		name: 'sessionKey',
		type: 'string',
		default: '',
		placeholder: 'e.g. agent:main:main',
		description:
			"The session whose files to list (Run Agent's item has it); may stay empty with a Task ID",
		...on('artifact', 'getAll', 'download'),
	},
	{
		displayName: 'Artifact ID',
		name: 'artifactId',
		type: 'string',
		required: true,
		default: '',
		description: 'The ID of the file, as Get Many lists it',
		...on('artifact', 'download'),
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the output binary field to put the file in',
		...on('artifact', 'download'),
	},
	collection('Options', on('artifact', 'getAll').displayOptions, [
		{
			displayName: 'Assistant Only',
			name: 'assistantOnly',
			type: 'boolean',
			default: false,
			description:
				"Whether to list only files of the agent's replies (not what tools read, nor uploads)",
		},
		{
			displayName: 'Run ID',
			name: 'runId',
			type: 'string',
			default: '',
			description: 'Only the files of this run',
		},
		{
			displayName: 'Task ID',
			name: 'taskId',
			type: 'string',
			default: '',
			description: 'Only the files of this task',
		},
	]),
	collection('Options', on('artifact', 'download').displayOptions, [maxFileSizeOption]),
];

const getArtifacts: Operation = async function (client, i) {
	const sessionKey = stringParam(this, 'sessionKey', i);
	const o = optionsParam<{ runId?: string; taskId?: string; assistantOnly?: boolean }>(
		this,
		'options',
		i,
	);
	const taskId = o.taskId?.trim() || undefined;
	if (!sessionKey && !taskId)
		throw operationError(
			client.node,
			'The Session Key parameter is empty',
			'Set Session Key (or Options → Task ID): the gateway lists files of a session, a run in it, or a task.',
			'bad-input',
			i,
		);
	await requireArtifacts(client, i);
	const artifacts = await listArtifacts(client, {
		...(sessionKey ? { sessionKey } : {}),
		...(o.runId?.trim() ? { runId: o.runId.trim() } : {}),
		...(taskId ? { taskId } : {}),
		...(o.assistantOnly ? { messageRole: 'assistant' as const } : {}),
	});
	return artifacts.map((a: ArtifactSummary) => ({ ...a }) as IDataObject);
};

const downloadOne: Operation = async function (client, i) {
	const sessionKey = required(this, 'sessionKey', 'Session Key', i);
	const artifactId = required(this, 'artifactId', 'Artifact ID', i);
	const property = required(this, 'binaryPropertyName', 'Put Output File in Field', i);
	const maxMb = Number(
		optionsParam<{ maxFileSizeMb?: number }>(this, 'options', i).maxFileSizeMb ?? 25,
	);
	await requireArtifacts(client, i);
	const { artifact } = await client.call<{ artifact?: ArtifactSummary }>('artifacts.get', {
		sessionKey,
		artifactId,
	});
	const file = await downloadArtifact(
		this,
		client,
		{ sessionKey },
		artifact ?? { id: artifactId },
		maxMb * 1048576,
		i,
	);
	const binary = await this.helpers.prepareBinaryData(file.data, file.fileName, file.mimeType);
	return itemWithBinary(
		{
			artifactId,
			sessionKey,
			fileName: file.fileName,
			mimeType: file.mimeType,
			size: file.data.length,
			...(artifact?.type ? { type: artifact.type } : {}),
			...(artifact?.runId ? { runId: artifact.runId } : {}),
		},
		{ [property]: binary },
	);
};

export const operations: Record<string, Operation> = {
	getAll: getArtifacts,
	download: downloadOne,
};
