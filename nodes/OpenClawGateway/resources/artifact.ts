import {
	NodeOperationError,
	type IDataObject,
	type ILoadOptionsFunctions,
	type INodeListSearchResult,
	type INodeProperties,
} from 'n8n-workflow';

import {
	artifactFileName,
	downloadArtifact,
	listArtifacts,
	maxFileBytes,
	maxFileSizeOption,
	requireArtifacts,
	type ArtifactSummary,
} from '../../shared/artifacts';
import { itemWithBinary } from '../../shared/execute';
import { operationError } from '../../shared/errors';
import { locator } from '../../shared/descriptions';
import { currentText, matches, pickerText, withClient } from '../../shared/listSearch';
import { locatorParam, optionsParam } from '../../shared/params';
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
		...locator(
			'Session',
			"The session whose files to list (Run Agent's item has its key); may stay empty with Options → Task ID",
			'searchSessions',
			'e.g. agent:main:main',
		),
		...on('artifact', 'getAll', 'download'),
	},
	{
		...locator(
			'Artifact',
			'The file: From List shows the files of the session that can be downloaded',
			'searchArtifacts',
			'e.g. artifact_…',
			true,
		),
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
	const sessionKey = locatorParam(this, 'session', i);
	const o = optionsParam<{ runId?: string; taskId?: string; assistantOnly?: boolean }>(
		this,
		'options',
		i,
	);
	const taskId = o.taskId?.trim() || undefined;
	if (!sessionKey && !taskId)
		throw operationError(
			client.node,
			'The Session parameter is empty',
			'Set Session (or Options → Task ID): the gateway lists files of a session, a run in it, or a task.',
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
	const sessionKey = required(this, 'session', 'Session', i, true);
	const artifactId = required(this, 'artifact', 'Artifact', i, true);
	const property = required(this, 'binaryPropertyName', 'Put Output File in Field', i);
	const maxBytes = maxFileBytes(
		client,
		optionsParam<{ maxFileSizeMb?: number }>(this, 'options', i).maxFileSizeMb,
		i,
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
		maxBytes,
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

/** The size of a file for a picker entry. */
const sizeText = (bytes: unknown) =>
	typeof bytes !== 'number'
		? ''
		: bytes >= 1048576
			? `${(bytes / 1048576).toFixed(1)} MB`
			: `${Math.max(1, Math.round(bytes / 1024))} KB`;

/** Artifact's picker: the files of the chosen session that can be downloaded. */
export async function searchArtifacts(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const sessionKey = currentText(this, 'session');
	if (!sessionKey)
		throw new NodeOperationError(this.getNode(), 'Choose the Session first', {
			description:
				'The list shows the files of one session: set Session to a key, not an expression.',
		});
	return withClient(this, async (client) => {
		await requireArtifacts(client, 0);
		const artifacts = await listArtifacts(client, { sessionKey });
		return {
			results: artifacts
				// Previews, and links outside the gateway (Download refuses them), are not offered.
				.filter((a) => a.download?.mode !== 'unsupported')
				.filter((a) => !(typeof a.url === 'string' && /^[a-z][a-z0-9+.-]*:/i.test(a.url)))
				.filter((a) => matches(filter, a.id, a.title, a.type, a.mimeType))
				.map((a) => ({
					name: `${pickerText(artifactFileName(a))} (${[a.mimeType ?? a.type, sizeText(a.sizeBytes)].filter(Boolean).join(', ')})`,
					value: a.id,
				})),
		};
	});
}

export const operations: Record<string, Operation> = {
	getAll: getArtifacts,
	download: downloadOne,
};
