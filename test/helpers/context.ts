/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test harness: a minimal n8n execution context */
import { Readable } from 'node:stream';
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	INodeExecutionData,
	INodeType,
	ITriggerFunctions,
} from 'n8n-workflow';

/**
 * A minimal but faithful stand-in for n8n's IExecuteFunctions, shared by the tests and the
 * benchmark: parameters with resource locators and dotted paths, credentials, the authenticated
 * HTTP helper (real fetch, with the credential's bearer header), pairedItem helpers, continueOnFail
 * and the execution cancel signal. Input items are deep-frozen, so any mutation throws.
 */
export interface Credentials {
	url: string;
	authMode?: 'token' | 'password';
	token?: string;
	password?: string;
	devicePrivateKey?: string;
	adminAccess?: boolean;
	hooksToken?: string;
	hooksPath?: string;
	/** Fields n8n adds to credentials that authenticate requests. */
	allowedHttpRequestDomains?: 'all' | 'domains' | 'none';
	allowedDomains?: string;
}

export interface ContextOptions {
	node?: Partial<INode>;
	params: IDataObject | ((itemIndex: number) => IDataObject);
	credentials: Credentials;
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	executionId?: string;
	workflowId?: string;
	cancel?: AbortSignal;
	/** n8n's run index of the node (a loop runs a node several times in one execution). */
	runIndex?: number;
	/** More helpers, as some n8n version has them (e.g. getSecureEgressFilter). */
	helpers?: Record<string, unknown>;
	/** The node runs as an AI Agent's tool in a supply-data context (isToolExecution). */
	toolExecution?: boolean;
	/** n8n streams the execution (Chat Trigger / Webhook set to stream): the chunks the node sent. */
	chunks?: Array<{ type: string; itemIndex: number; content?: unknown; at: number }>;
	/** Every HTTP request the node made (method, url, headers, body). */
	httpLog?: Array<{ method: string; url: string; headers: Record<string, string>; body: unknown }>;
}

function deepFreeze<T>(value: T): T {
	if (value && typeof value === 'object') {
		Object.freeze(value);
		for (const v of Object.values(value)) deepFreeze(v);
	}
	return value;
}

function getPath(obj: IDataObject, path: string): unknown {
	let cur: unknown = obj;
	for (const part of path.split('.')) {
		if (cur === null || typeof cur !== 'object') return undefined;
		cur = (cur as IDataObject)[part];
	}
	return cur;
}

/** n8n's authenticated request helper, reduced to what the nodes use, on top of fetch. */
export async function httpRequestWithAuthentication(
	options: IHttpRequestOptions,
	log?: ContextOptions['httpLog'],
): Promise<unknown> {
	// The credential has no `authenticate` (n8n would add "Custom API Call" to the Gateway node's
	// lists): n8n adds no header, the node sends its own.
	const headers: Record<string, string> = { ...(options.headers as Record<string, string>) };
	let body: string | undefined;
	if (options.body !== undefined) {
		body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
		headers['content-type'] ??= 'application/json';
	}
	log?.push({
		method: String(options.method ?? 'GET'),
		url: options.url,
		headers,
		body: options.body,
	});
	const signals = [
		options.abortSignal,
		options.timeout ? AbortSignal.timeout(options.timeout) : undefined,
	].filter((s): s is AbortSignal => !!s);
	const res = await fetch(options.url, {
		method: options.method ?? 'GET',
		headers,
		body,
		signal: signals.length ? AbortSignal.any(signals) : undefined,
	});
	const responseHeaders: Record<string, string> = {};
	res.headers.forEach((v, k) => (responseHeaders[k] = v));
	let parsed: unknown;
	if (options.encoding === 'stream') {
		parsed = res.body ? Readable.fromWeb(res.body as never) : Readable.from([]);
	} else if (options.encoding === 'arraybuffer') {
		parsed = Buffer.from(await res.arrayBuffer());
	} else {
		const text = await res.text();
		parsed = text;
		if (options.json || (res.headers.get('content-type') ?? '').includes('json')) {
			try {
				parsed = JSON.parse(text);
			} catch {
				parsed = text;
			}
		}
	}
	if (res.status >= 400 && !options.ignoreHttpStatusErrors) {
		throw Object.assign(new Error(`Request failed with status code ${res.status}`), {
			httpCode: String(res.status),
		});
	}
	return options.returnFullResponse
		? {
				statusCode: res.status,
				statusMessage: res.statusText,
				headers: responseHeaders,
				body: parsed,
			}
		: parsed;
}

/** The node the contexts report (and the tests pass to the transport). */
export const TEST_NODE: INode = {
	id: 'node-1',
	name: 'OpenClaw',
	type: 'n8n-nodes-openclaw-gateway.test',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

export function executeContext(opts: ContextOptions): IExecuteFunctions {
	const items: INodeExecutionData[] = deepFreeze(opts.items ?? [{ json: {} }]);
	const node: INode = { ...TEST_NODE, ...opts.node };
	const paramsFor = (i: number) =>
		typeof opts.params === 'function' ? opts.params(i) : opts.params;
	const ctx = {
		getInputData: () => items,
		getNode: () => node,
		getNodeParameter: (
			name: string,
			i: number,
			fallback?: unknown,
			o?: { extractValue?: boolean },
		) => {
			let v = getPath(paramsFor(i), name);
			if (v === undefined) return fallback;
			if (v && typeof v === 'object' && (v as IDataObject).__rl === true && o?.extractValue)
				v = (v as IDataObject).value;
			return v;
		},
		getCredentials: async () => ({ ...opts.credentials }),
		continueOnFail: () => opts.continueOnFail ?? false,
		getExecutionId: () => opts.executionId ?? 'exec-1',
		getWorkflow: () => ({ id: opts.workflowId ?? 'wf-1', name: 'Test workflow', active: false }),
		getExecutionCancelSignal: () => opts.cancel,
		getWorkflowDataProxy: () => ({ $runIndex: opts.runIndex ?? 0 }),
		isToolExecution: () => opts.toolExecution === true,
		...(opts.chunks
			? {
					isStreaming: () => true,
					sendChunk: (type: string, itemIndex: number, content?: unknown) =>
						opts.chunks!.push({ type, itemIndex, content, at: Date.now() }),
				}
			: {}),
		helpers: {
			httpRequestWithAuthentication: async (_cred: string, options: IHttpRequestOptions) =>
				httpRequestWithAuthentication(options, opts.httpLog),
			returnJsonArray: (data: IDataObject | IDataObject[]) =>
				(Array.isArray(data) ? data : [data]).map((json) => ({ json })),
			assertBinaryData: (i: number, property: string) => {
				const binary = items[i]?.binary?.[property];
				if (!binary)
					throw new Error(
						`This operation expects the node's input data to contain a binary file '${property}', but none was found [item ${i}]`,
					);
				return binary;
			},
			// n8n's own keeps the bytes in its binary store; the item carries them as base64 here.
			prepareBinaryData: async (data: Buffer, fileName?: string, mimeType?: string) => ({
				data: data.toString('base64'),
				fileName,
				mimeType: mimeType ?? 'application/octet-stream',
				fileSize: String(data.length),
			}),
			getBinaryDataBuffer: async (i: number, property: string) =>
				Buffer.from(items[i]?.binary?.[property]?.data ?? '', 'base64'),
			constructExecutionMetaData: (
				data: INodeExecutionData[],
				{ itemData }: { itemData: { item: number } },
			) => data.map((d) => ({ ...d, pairedItem: itemData })),
			...opts.helpers,
		},
	};
	return ctx as unknown as IExecuteFunctions;
}

export function loadOptionsContext(
	credentials: Credentials,
	current: IDataObject = {},
): ILoadOptionsFunctions {
	return {
		getNode: () => TEST_NODE,
		getCredentials: async () => ({ ...credentials }),
		getCurrentNodeParameter: (name: string) => current[name],
		helpers: {
			httpRequestWithAuthentication: async (_cred: string, options: IHttpRequestOptions) =>
				httpRequestWithAuthentication(options),
		},
	} as unknown as ILoadOptionsFunctions;
}

export async function run(
	nodeType: INodeType,
	opts: ContextOptions,
): Promise<INodeExecutionData[]> {
	const out = await nodeType.execute!.call(executeContext(opts));
	return (out as INodeExecutionData[][])[0];
}

/** A resource-locator value as n8n stores it. */
export const rl = (value: string, mode = 'id') => ({ __rl: true, mode, value });

/** What a trigger under test did: the items of each emit, the errors it reported. */
export interface TriggerRecord {
	emitted: IDataObject[];
	errors: Error[];
	/** Resolves with the next emitted item (or rejects with the next reported error). */
	next(timeoutMs?: number): Promise<IDataObject>;
}

/** A stand-in for n8n's ITriggerFunctions: parameters, credentials, mode, emit and emitError. */
export function triggerContext(opts: {
	params: IDataObject;
	credentials: Credentials;
	mode?: 'trigger' | 'manual';
	/** How n8n activated the workflow: 'init' when n8n (re)started, 'activate' when a user did. */
	activation?: 'init' | 'activate' | 'update' | 'leadershipChange';
	/** The workflow's static data (what n8n keeps across restarts), shared between activations. */
	staticData?: IDataObject;
	/** More helpers, as some n8n version has them (e.g. getSecureEgressFilter). */
	helpers?: Record<string, unknown>;
}): { ctx: ITriggerFunctions; record: TriggerRecord } {
	const waiters: Array<{ resolve: (j: IDataObject) => void; reject: (e: Error) => void }> = [];
	const queue: IDataObject[] = [];
	const record: TriggerRecord = {
		emitted: [],
		errors: [],
		next(timeoutMs = 30000) {
			const ready = queue.shift();
			if (ready) return Promise.resolve(ready);
			return new Promise<IDataObject>((resolve, reject) => {
				const waiter = { resolve, reject };
				waiters.push(waiter);
				AbortSignal.timeout(timeoutMs).addEventListener('abort', () => {
					const i = waiters.indexOf(waiter);
					if (i >= 0) {
						waiters.splice(i, 1);
						reject(
							new Error(
								`no event within ${timeoutMs} ms (emitted so far: ${record.emitted.length})`,
							),
						);
					}
				});
			});
		},
	};
	const ctx = {
		getNode: () => ({ ...TEST_NODE, type: 'n8n-nodes-openclaw-gateway.openClawTrigger' }),
		getNodeParameter: (name: string, fallback?: unknown) => {
			const v = getPath(opts.params, name);
			return v === undefined ? fallback : v;
		},
		getCredentials: async () => ({ ...opts.credentials }),
		getMode: () => opts.mode ?? 'trigger',
		getActivationMode: () => opts.activation ?? 'activate',
		getWorkflowStaticData: () => opts.staticData ?? {},
		emit: (data: INodeExecutionData[][]) => {
			for (const item of data[0]) {
				record.emitted.push(item.json);
				const w = waiters.shift();
				if (w) w.resolve(item.json);
				else queue.push(item.json);
			}
		},
		emitError: (error: Error) => {
			record.errors.push(error);
			waiters.shift()?.reject(error);
		},
		helpers: {
			returnJsonArray: (data: IDataObject | IDataObject[]) =>
				(Array.isArray(data) ? data : [data]).map((json) => ({ json })),
			httpRequestWithAuthentication: async (_cred: string, options: IHttpRequestOptions) =>
				httpRequestWithAuthentication(options),
			...opts.helpers,
		},
	};
	return { ctx: ctx as unknown as ITriggerFunctions, record };
}
