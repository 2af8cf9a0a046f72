import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { operationError } from './errors';
import { itemWithBinary } from './execute';
import type { GatewayClient } from './transport/client';
import { listOf } from './transport/protocol';
import { requireNewGateway } from './versions';

/**
 * What an agent made, as n8n files: the gateway's artifacts (OpenClaw 2026.9: images a tool read or
 * made, media a reply carried, uploads) listed by session and run, downloaded (inline bytes over the
 * WebSocket, a gateway link through n8n's request helper with the credential, another link through
 * n8n's request helper without it) and handed to n8n's binary store. Shared by Run Agent's and Send
 * Message's Download Files and the Gateway node's Artifact resource.
 */

/** An artifact as the gateway lists it (artifacts.list). */
export interface ArtifactSummary {
	id: string;
	type?: string;
	title?: string;
	mimeType?: string;
	sizeBytes?: number;
	sessionKey?: string;
	runId?: string;
	taskId?: string;
	download?: { mode?: 'bytes' | 'url' | 'unsupported' | string };
	[key: string]: unknown;
}

/** The largest file the node downloads (Download Files, Artifact → Download). */
export const maxFileSizeOption: INodeProperties = {
	displayName: 'Max File Size (MB)',
	name: 'maxFileSizeMb',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 25,
	description:
		'A larger file stops the item with an error: before it is downloaded when the gateway states its size, else as soon as the bytes pass it',
};

/** Run Agent's and Send Message's options for the run's files. */
export const downloadFilesOptions: INodeProperties[] = [
	{
		displayName: 'Download Files',
		name: 'downloadFiles',
		type: 'boolean',
		default: false,
		description:
			'Whether to add the files the run produced (images it read or made, media in its reply; OpenClaw 2026.9) to the item as binary properties data, data_1, …, listed in its files field',
	},
	{ ...maxFileSizeOption, displayOptions: { show: { downloadFiles: [true] } } },
];

const EXTENSIONS: Record<string, string> = {
	'image/png': 'png',
	'image/jpeg': 'jpg',
	'image/gif': 'gif',
	'image/webp': 'webp',
	'image/svg+xml': 'svg',
	'audio/mpeg': 'mp3',
	'audio/ogg': 'ogg',
	'audio/wav': 'wav',
	'video/mp4': 'mp4',
	'application/pdf': 'pdf',
	'text/plain': 'txt',
};

/** A file name for an artifact: its title made safe, with the extension of its type. */
export function artifactFileName(a: ArtifactSummary): string {
	const base =
		String(a.title ?? a.id)
			.trim()
			.replace(/[^\w.-]+/g, '-')
			.replace(/^-+|-+$/g, '') || 'file';
	const ext = EXTENSIONS[String(a.mimeType ?? '').toLowerCase()];
	return ext && !base.toLowerCase().endsWith(`.${ext}`) ? `${base}.${ext}` : base;
}

/** OpenClaw 2026.9 or later: 2026.2.x has no artifacts. */
export const requireArtifacts = (client: GatewayClient, i: number) =>
	requireNewGateway(client, 'artifacts', i);

export async function listArtifacts(
	client: GatewayClient,
	query: { sessionKey?: string; runId?: string; taskId?: string; messageRole?: 'assistant' },
): Promise<ArtifactSummary[]> {
	const { artifacts } = await client.call<{ artifacts?: ArtifactSummary[] }>(
		'artifacts.list',
		query,
	);
	const seen = new Set<string>();
	// One file per artifact, however the gateway lists it.
	return listOf<ArtifactSummary>(artifacts).filter((a) => !seen.has(a.id) && seen.add(a.id));
}

/** The Max File Size option (MB) in bytes: a number above 0, else an error naming the option. */
export function maxFileBytes(client: GatewayClient, maxFileSizeMb: unknown, i: number): number {
	const mb = Number(maxFileSizeMb ?? 25);
	if (!Number.isFinite(mb) || mb <= 0)
		throw operationError(
			client.node,
			`The Max File Size (MB) option must be a number above 0, not ${String(maxFileSizeMb)}`,
			'Set Max File Size (MB), e.g. 25.',
			'bad-input',
			i,
		);
	return mb * 1048576;
}

/** One artifact's bytes, within `maxBytes` (from maxFileBytes). */
export async function downloadArtifact(
	fns: IExecuteFunctions,
	client: GatewayClient,
	query: { sessionKey?: string; runId?: string; taskId?: string },
	artifact: ArtifactSummary,
	maxBytes: number,
	i: number,
): Promise<{ data: Buffer; fileName: string; mimeType: string }> {
	const limit = `Max File Size (${+(maxBytes / 1048576).toFixed(2)} MB)`;
	const tooLarge = (size: number, read = false) =>
		operationError(
			client.node,
			read
				? `The file "${artifactFileName(artifact)}" is over ${limit}: the download stopped after ${(size / 1048576).toFixed(1)} MB`
				: `The file "${artifactFileName(artifact)}" is ${(size / 1048576).toFixed(1)} MB, over ${limit}`,
			'Raise Max File Size (MB), or leave this file on the gateway.',
			'too-large',
			i,
		);
	if (typeof artifact.sizeBytes === 'number' && artifact.sizeBytes > maxBytes)
		throw tooLarge(artifact.sizeBytes);
	if (artifact.download?.mode === 'unsupported')
		throw operationError(
			client.node,
			`The gateway cannot hand out the file "${artifactFileName(artifact)}" (${artifact.id})`,
			'It is a preview or a local file the gateway does not serve.',
			'not-found',
			i,
		);
	const res = await client.call<{
		encoding?: string;
		data?: string;
		url?: string;
		artifact?: ArtifactSummary;
	}>('artifacts.download', { ...query, artifactId: artifact.id });
	const meta = { ...artifact, ...(res.artifact ?? {}) };
	let data: Buffer;
	if (typeof res.data === 'string') data = Buffer.from(res.data, 'base64');
	else if (typeof res.url === 'string' && res.url.startsWith('/')) {
		// The gateway's own link (with the credential), through n8n's request helper.
		if (typeof meta.sizeBytes === 'number' && meta.sizeBytes > maxBytes)
			throw tooLarge(meta.sizeBytes);
		const answer = await client.http({
			method: 'GET',
			path: res.url,
			binary: true,
			timeoutMs: 120000,
		});
		data = await readWithin(answer.body, maxBytes, meta.sizeBytes, (size) => tooLarge(size, true));
	} else if (typeof res.url === 'string' && /^https?:\/\//i.test(res.url))
		// A link outside the gateway comes from the transcript (what a tool or the model wrote): n8n
		// does not fetch it from its own network (it could point at internal addresses).
		throw operationError(
			client.node,
			`The file "${artifactFileName(meta)}" is a link outside the gateway (${hostOf(res.url)}), which n8n does not fetch`,
			'Fetch it with an HTTP Request node if you trust the address: Artifact → Get Many lists it.',
			'forbidden',
			i,
		);
	else
		throw operationError(
			client.node,
			`The gateway gave no bytes and no link for the file "${artifactFileName(meta)}"`,
			'Try again; if it stays so, see the gateway log (openclaw logs).',
			'gateway',
			i,
		);
	if (data.length > maxBytes) throw tooLarge(data.length);
	return {
		data,
		fileName: artifactFileName(meta),
		mimeType: String(meta.mimeType ?? 'application/octet-stream'),
	};
}

/**
 * A file's body (a stream, or bytes), read into one buffer — sized up front when the gateway stated
 * the size — and stopped as soon as it passes `maxBytes` (a link with no size is not read whole).
 */
async function readWithin(
	body: unknown,
	maxBytes: number,
	statedSize: unknown,
	tooLarge: (size: number) => Error,
): Promise<Buffer> {
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
	if (!body || typeof body !== 'object' || !(Symbol.asyncIterator in body))
		return Buffer.from(typeof body === 'string' ? body : '');
	let whole =
		typeof statedSize === 'number' && statedSize > 0 && statedSize <= maxBytes
			? Buffer.allocUnsafe(statedSize)
			: undefined;
	const parts: Buffer[] = [];
	let size = 0;
	for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
		const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
		// Leaving the loop by throwing closes the stream: nothing more is read.
		if (size + bytes.length > maxBytes) throw tooLarge(size + bytes.length);
		if (whole && size + bytes.length <= whole.length) whole.set(bytes, size);
		else {
			// More than stated: keep what came so far, then collect the rest.
			if (whole) parts.push(whole.subarray(0, size));
			whole = undefined;
			parts.push(Buffer.from(bytes));
		}
		size += bytes.length;
	}
	return whole ? whole.subarray(0, size) : Buffer.concat(parts);
}

const hostOf = (url: string) => {
	try {
		return new URL(url).host;
	} catch {
		return 'unknown host';
	}
};

/** The property of the n-th file: data, data_1, data_2, … */
const propertyOf = (n: number) => (n === 0 ? 'data' : `data_${n}`);

/**
 * Run Agent's and Send Message's Download Files: the item of a finished run with the run's files as
 * binary properties (each artifact once) and a `files` list. A retry that gets the same run (same
 * key) gets the same files.
 */
export async function withRunFiles(
	fns: IExecuteFunctions,
	client: GatewayClient,
	i: number,
	item: IDataObject,
	maxFileSizeMb: unknown = 25,
): Promise<IDataObject> {
	await requireArtifacts(client, i);
	const sessionKey = String(item.sessionKey ?? '');
	const runId = String(item.runId ?? '');
	const query = { sessionKey, runId };
	const artifacts = (await listArtifacts(client, query)).filter(
		(a) => a.download?.mode !== 'unsupported',
	);
	const binary: IBinaryKeyData = {};
	const files: IDataObject[] = [];
	const maxBytes = maxFileBytes(client, maxFileSizeMb, i);
	for (const artifact of artifacts) {
		const file = await downloadArtifact(fns, client, query, artifact, maxBytes, i);
		const property = propertyOf(files.length);
		binary[property] = await fns.helpers.prepareBinaryData(file.data, file.fileName, file.mimeType);
		files.push({
			property,
			artifactId: artifact.id,
			fileName: file.fileName,
			mimeType: file.mimeType,
			size: file.data.length,
			type: artifact.type ?? null,
		});
	}
	return itemWithBinary({ ...item, files }, binary);
}
