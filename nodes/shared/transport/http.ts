import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	ITriggerFunctions,
} from 'n8n-workflow';

import { CREDENTIAL_NAME } from '../constants';
import { apiError, httpErrorInfo, type ErrorInfo } from '../errors';
import { pause } from './poll';

export type HttpFunctions = IExecuteFunctions | ILoadOptionsFunctions | ITriggerFunctions;

export interface HttpCall {
	method: 'GET' | 'POST';
	path: string;
	body?: IDataObject;
	headers?: Record<string, string>;
	/** Return the body as a stream (SSE). */
	stream?: boolean;
	signal?: AbortSignal;
	timeoutMs?: number;
	/** For error messages of /tools/invoke. */
	tool?: string;
	/** A request to the hooks ingress (its own token and errors). */
	hooks?: boolean;
	/** A file: the body as a byte stream, for the caller to read within its size limit. */
	binary?: boolean;
}

export interface HttpAnswer {
	status: number;
	headers: Record<string, string>;
	body: unknown;
}

/** Retry-After values the node waits for once; longer lockouts fail at once with the figure. */
const MAX_RETRY_AFTER_MS = 30000;

/**
 * One HTTP request to the gateway, through n8n's request helper (n8n's own network policy applies
 * there; the credential's allowed domains are checked when the client is made; the caller sends the
 * bearer header: the credential has no `authenticate`). Non-2xx answers become NodeApiErrors that say how to fix them; a 429
 * with a short Retry-After is retried once.
 */
export async function gatewayHttp(
	fns: HttpFunctions,
	node: INode,
	baseUrl: string,
	secrets: readonly string[],
	call: HttpCall,
): Promise<HttpAnswer> {
	for (let attempt = 0; ; attempt++) {
		const answer = await sendOnce(fns, node, baseUrl, secrets, call);
		if (answer.status >= 200 && answer.status < 300) {
			const type = answer.headers['content-type'] ?? '';
			if (!call.stream && !call.binary && type.includes('text/html')) {
				throw apiError(
					node,
					{
						kind: 'html',
						message: `The Gateway URL answered ${shownPath(call.path)} with a web page, not the gateway API`,
						description:
							'Check the Gateway URL (and its path prefix behind a proxy). Gateways before 2026.3 answer unknown paths with the Control UI page.',
					},
					{ status: answer.status },
					secrets,
				);
			}
			return answer;
		}
		// A file's link: its status says nothing of the credential (a link's ticket lapsed, or the
		// file is gone), so never "wrong token", and the link (a short-lived ticket) is not shown.
		if (call.binary) {
			(answer.body as { destroy?: () => void } | undefined)?.destroy?.();
			throw apiError(
				node,
				{
					kind: answer.status === 404 ? 'not-found' : 'gateway',
					message: `The gateway did not hand out the file (${answer.status} at ${shownPath(call.path)})`,
					description:
						"The gateway's link to a file lasts a few minutes: run the node again. If it stays so, see the gateway log (openclaw logs).",
				},
				{ status: answer.status },
				secrets,
			);
		}
		const body = call.stream ? await drain(answer.body) : answer.body;
		const info: ErrorInfo = httpErrorInfo(answer.status, body, {
			path: shownPath(call.path),
			tool: call.tool,
			hooks: call.hooks,
			retryAfter: answer.headers['retry-after'],
		});
		if (
			answer.status === 429 &&
			// The hooks answer 429 only to a wrong token (a right one skips their limiter): no retry.
			!call.hooks &&
			attempt === 0 &&
			info.retryAfterMs !== undefined &&
			info.retryAfterMs <= MAX_RETRY_AFTER_MS &&
			!call.signal?.aborted
		) {
			await pause(info.retryAfterMs, call.signal);
			if (call.signal?.aborted) {
				throw apiError(
					node,
					{
						kind: 'cancelled',
						message: `The request to ${shownPath(call.path)} was cancelled while waiting out the gateway's rate limit`,
						description:
							'The gateway asked to wait before trying again; the execution ended first.',
					},
					{ status: answer.status },
					secrets,
				);
			}
			continue;
		}
		throw apiError(node, info, { status: answer.status, body: body as IDataObject }, secrets);
	}
}

/** A request's path for messages: without its query (a file link's ticket is a credential). */
const shownPath = (path: string) => path.replace(/\?.*$/s, '');

async function sendOnce(
	fns: HttpFunctions,
	node: INode,
	baseUrl: string,
	secrets: readonly string[],
	call: HttpCall,
): Promise<HttpAnswer> {
	const options: IHttpRequestOptions = {
		method: call.method,
		url: `${baseUrl}${call.path}`,
		headers: {
			accept: call.stream ? 'text/event-stream' : call.binary ? '*/*' : 'application/json',
			...call.headers,
		},
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: call.timeoutMs,
		abortSignal: call.signal,
	};
	if (call.body !== undefined) {
		options.body = call.body;
		options.json = true;
	}
	if (call.stream || call.binary) options.encoding = 'stream';
	else options.json = true;
	let response: {
		statusCode?: number;
		status?: number;
		headers?: Record<string, unknown>;
		body?: unknown;
	};
	try {
		response = (await fns.helpers.httpRequestWithAuthentication.call(
			fns,
			CREDENTIAL_NAME,
			options,
		)) as typeof response;
	} catch (error) {
		const e = error as { message?: string; code?: string; name?: string };
		const cancelled = call.signal?.aborted;
		throw apiError(
			node,
			cancelled
				? {
						kind: 'cancelled',
						message: `The request to ${shownPath(call.path)} was cancelled or timed out`,
						description: 'Raise the Timeout if the gateway needs longer.',
					}
				: {
						kind: 'unreachable',
						message: `Could not reach the OpenClaw gateway at ${baseUrl}: ${e.code ?? e.message ?? 'network error'}`,
						description:
							'Check the Gateway URL in the OpenClaw credential and that the gateway is running and reachable from n8n (bind, firewall, Tailscale).',
					},
			{ message: e.message ?? '', code: e.code ?? '' },
			secrets,
		);
	}
	const headers: Record<string, string> = {};
	for (const [k, v] of Object.entries(response.headers ?? {})) headers[k.toLowerCase()] = String(v);
	return { status: response.statusCode ?? response.status ?? 0, headers, body: response.body };
}

async function drain(body: unknown): Promise<unknown> {
	if (!body || typeof body !== 'object' || !(Symbol.asyncIterator in body)) return body;
	const parts: Buffer[] = [];
	for await (const chunk of body as AsyncIterable<Buffer | string>) {
		parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
		if (parts.length > 64) break;
	}
	const text = Buffer.concat(parts).toString('utf8');
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}
