import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

import { HTTP_DENIED_TOOLS, OWNER_ONLY_TOOLS } from './constants';
import type { GatewayErrorShape } from './transport/protocol';

/**
 * Turning what the gateway says into errors a user can act on. The mapping functions are pure
 * (tested on their own); `apiError` builds the NodeApiError, scrubbing every known secret first.
 */

/** Every kind of error the package reports: a stable label for tests and for retry decisions. */
export type ErrorKind =
	// the credential, or the gateway's answer to it
	| 'credential'
	| 'auth'
	| 'auth-mode'
	| 'rate-limited'
	| 'protocol-mismatch'
	| 'egress-blocked'
	// this device's standing on the gateway
	| 'pairing-required'
	| 'device-identity-required'
	| 'device-auth'
	| 'missing-scope'
	// the connection
	| 'unreachable'
	| 'connection-closed'
	| 'no-websocket'
	| 'not-sent'
	| 'stalled'
	| 'malformed-frame'
	| 'starting'
	| 'timeout'
	| 'cancelled'
	// what the gateway said of a request
	| 'unknown-method'
	| 'invalid-params'
	| 'gateway'
	| 'agent-failed'
	| 'workspace-race'
	// the gateway's SQLite state database stayed locked past its wait (heavy load)
	| 'gateway-busy'
	| 'tool-error'
	| 'bad-request'
	| 'forbidden'
	| 'tool-not-available'
	| 'endpoint-disabled'
	| 'not-found'
	// the gateway's hooks ingress (/hooks/wake, /hooks/agent): off, or its own token refused
	| 'hooks-off'
	| 'hooks-auth'
	// already answered, resolved or expired
	| 'conflict'
	| 'method-not-allowed'
	| 'too-large'
	| 'server'
	| 'unavailable'
	| 'html'
	| 'http'
	// the gateway lacks what a trigger listens for
	| 'event-unavailable'
	// the node's own input
	| 'bad-input';

/** Final for the whole execution: later items get the same error without another attempt. */
export const FATAL_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>([
	'credential',
	'auth',
	'auth-mode',
	'rate-limited',
	'protocol-mismatch',
	'egress-blocked',
]);

/** Final for the execution's hooks requests: a refused Hooks Token, or the hooks' lockout after them. */
export const HOOKS_FATAL_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>([
	'hooks-auth',
	'rate-limited',
]);

/** This device may not use the WebSocket yet: operations with an HTTP path take it (Auto transport). */
export const HTTP_FALLBACK_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>([
	'no-websocket',
	'missing-scope',
	'pairing-required',
	'device-identity-required',
]);

/**
 * No WebSocket for this execution: this Node.js has none, or the gateway will not let this device in.
 * Final for the execution's WebSocket (the HTTP paths still work), so Auto transports do not try a
 * handshake per item, each counting toward the gateway's lockout.
 */
export const WEBSOCKET_UNUSABLE_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>([
	'no-websocket',
	'pairing-required',
	'device-identity-required',
	'device-auth',
]);

/** The connection dropped, not the request: a started run may live on; reconnect and ask for it. */
export const RECOVERABLE_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>([
	'connection-closed',
	'stalled',
	'malformed-frame',
]);

/** Reconnecting cannot help: stop trying (fatal, or this device is not allowed in). */
export const NO_RECONNECT_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>([
	...FATAL_KINDS,
	...HTTP_FALLBACK_KINDS,
	...WEBSOCKET_UNUSABLE_KINDS,
]);

export interface ErrorInfo {
	message: string;
	description: string;
	httpCode?: string;
	kind: ErrorKind;
	retryAfterMs?: number;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** Removes every occurrence of the given secrets from a string. */
export function redact(text: string, secrets: readonly string[]): string {
	let out = text;
	for (const s of secrets) if (s) out = out.split(s).join('[redacted]');
	return out;
}

function redactDeep(value: unknown, secrets: readonly string[]): unknown {
	if (typeof value === 'string') return redact(value, secrets);
	if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets));
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, secrets);
		return out;
	}
	return value;
}

/** Node.js before 22 has no global WebSocket (n8n 1.x images on Node 20, npm installs of n8n ≤ 2.8). */
export const NO_WEBSOCKET = {
	message: 'This n8n runs on a Node.js before 22, which has no built-in WebSocket',
	description:
		'Run n8n on Node.js 22 or newer, or start it with NODE_OPTIONS=--experimental-websocket. Until then choose an HTTP transport where the node offers one (Run Agent: Transport: HTTP; List Sessions: Transport: Auto or HTTP).',
};

/** What to do when an agent run fails on the gateway (WebSocket transport). */
export const AGENT_FAILED_HELP =
	'See the gateway log on its host (openclaw logs). Common causes: the model provider is unreachable or has no credentials (agents.defaults.model), or the run timed out.';

const PAIRING_HELP =
	'On the gateway host run "openclaw devices list" to see pending requests, approve this one, then run the node again.';

export function missingScopeOf(shape: GatewayErrorShape): string | undefined {
	const details = shape.details ?? {};
	if (str(details.code) === 'MISSING_SCOPE') return str(details.missingScope) || undefined;
	const m = /^missing scope: (\S+)/.exec(str(shape.message));
	return m ? m[1] : undefined;
}

/** A turned-off /v1/chat/completions or /v1/responses: the setting that turns it on. */
function endpointDisabled(isChat: boolean, httpCode: string): ErrorInfo {
	const setting = isChat
		? 'gateway.http.endpoints.chatCompletions.enabled'
		: 'gateway.http.endpoints.responses.enabled';
	return {
		kind: 'endpoint-disabled',
		httpCode,
		message: `The gateway's ${isChat ? '/v1/chat/completions' : '/v1/responses'} endpoint is turned off`,
		description: `Set ${setting}: true in openclaw.json on the gateway host, or use Transport: WebSocket.`,
	};
}

/** Maps a WebSocket error (handshake or method) to a message and a fix. */
export function rpcErrorInfo(
	shape: GatewayErrorShape,
	context: { method: string; deviceId?: string; authMode?: 'token' | 'password' },
): ErrorInfo {
	const details = shape.details ?? {};
	const detailCode = str(details.code);
	const code = str(shape.code);
	const msg = str(shape.message) || 'no message';
	// Words in a message say something about the sign-in only when the sign-in failed: a method's
	// error may quote a model provider's "401 Unauthorized" or "rate limit".
	const signIn = context.method === 'connect';
	const retryAfterMs =
		typeof shape.retryAfterMs === 'number'
			? shape.retryAfterMs
			: typeof details.retryAfterMs === 'number'
				? details.retryAfterMs
				: undefined;

	if (
		detailCode === 'PAIRING_REQUIRED' ||
		(code === 'NOT_PAIRED' && detailCode !== 'DEVICE_IDENTITY_REQUIRED')
	) {
		const requestId = str(details.requestId);
		const reason = str(details.reason);
		const upgrade = reason === 'scope-upgrade' || reason === 'role-upgrade';
		return {
			kind: 'pairing-required',
			message: upgrade
				? 'This n8n device needs its new scopes approved on the OpenClaw gateway'
				: 'This n8n device is not paired with the OpenClaw gateway yet',
			description: requestId
				? `Approve it on the gateway host with: openclaw devices approve ${requestId}\nThen run the node again. Device ID: ${context.deviceId ?? str(details.deviceId)}.`
				: `${PAIRING_HELP} Device ID: ${context.deviceId ?? str(details.deviceId)}.`,
		};
	}
	if (
		detailCode === 'DEVICE_IDENTITY_REQUIRED' ||
		(signIn && /device identity required/i.test(msg))
	) {
		return {
			kind: 'device-identity-required',
			message: 'The gateway requires a device identity for this connection',
			description:
				'Check the Device Private Key in the OpenClaw credential (leave it empty to derive one from the secret), or choose Transport: HTTP where the node offers it.',
		};
	}
	if (
		detailCode.startsWith('DEVICE_AUTH') ||
		(signIn && /device (signature|nonce|identity mismatch)/i.test(msg))
	) {
		return {
			kind: 'device-auth',
			message: `The gateway did not accept this device's signature (${msg})`,
			description:
				'Make sure the clocks of the n8n host and the gateway host agree within two minutes, and that the Device Private Key is an Ed25519 key.',
		};
	}
	if (detailCode === 'AUTH_RATE_LIMITED' || (signIn && /rate.?limit/i.test(msg))) {
		const wait = retryAfterMs ? `${Math.ceil(retryAfterMs / 1000)} seconds` : 'up to 5 minutes';
		return {
			kind: 'rate-limited',
			retryAfterMs,
			message: 'The gateway has locked this address out after too many failed sign-ins',
			description: `Fix the Token or Password in the OpenClaw credential first, then wait ${wait} before trying again. The node does not retry, so the lockout is not extended.`,
		};
	}
	if (detailCode === 'PROTOCOL_MISMATCH' || (signIn && /protocol mismatch/i.test(msg))) {
		const expected = details.expectedProtocol;
		return {
			kind: 'protocol-mismatch',
			message: `The gateway speaks protocol ${expected ?? 'unknown'}; these nodes speak protocols 3 to 4`,
			description:
				'Update n8n-nodes-openclaw-gateway (Settings > Community Nodes) or the gateway, so that both support a common protocol version.',
		};
	}
	// 2026.9 answers a password sent to a token gateway with AUTH_TOKEN_MISMATCH (2026.2.x: _MISSING):
	// the mode the gateway names against the mode the credential sent says which it is.
	const sentOtherMode =
		/^AUTH_(TOKEN|PASSWORD)_MISMATCH$/.test(detailCode) &&
		!!context.authMode &&
		!detailCode.startsWith(`AUTH_${context.authMode.toUpperCase()}`);
	if (sentOtherMode || /^AUTH_(TOKEN|PASSWORD)_(MISSING|NOT_CONFIGURED)$/.test(detailCode)) {
		const wantsPassword = detailCode.startsWith('AUTH_PASSWORD');
		const configured = detailCode.endsWith('NOT_CONFIGURED');
		return {
			kind: 'auth-mode',
			message: configured
				? `The credential sends a ${wantsPassword ? 'password' : 'token'}, but the gateway has none configured`
				: `The gateway expects a ${wantsPassword ? 'password' : 'token'}, but the credential sends a ${wantsPassword ? 'token' : 'password'}`,
			description:
				'Set Authentication in the OpenClaw credential to the mode of the gateway (gateway.auth.mode in openclaw.json).',
		};
	}
	if (
		detailCode.startsWith('AUTH_') ||
		(signIn && /unauthori[sz]ed|(token|password) mismatch/i.test(msg))
	) {
		const password = detailCode.includes('PASSWORD');
		return {
			kind: 'auth',
			message: `The gateway rejected the ${password ? 'password' : 'token'} of the OpenClaw credential`,
			description: password
				? 'Check the Password against gateway.auth.password (or OPENCLAW_GATEWAY_PASSWORD) on the gateway host.'
				: 'Check the Token against gateway.auth.token (or OPENCLAW_GATEWAY_TOKEN) on the gateway host. Repeated wrong tokens lock the address out for 5 minutes.',
		};
	}
	const scope = missingScopeOf(shape);
	if (scope === 'operator.admin') {
		return {
			kind: 'missing-scope',
			message: `${context.method} needs the scope operator.admin, which this n8n device does not have`,
			description:
				'Turn on Admin Access in the OpenClaw credential and run the node again; on the gateway host approve the scope upgrade it asks for ("openclaw devices list", then "openclaw devices approve REQUEST_ID" with the request id the list shows; connections from the gateway\'s own host are approved silently).',
		};
	}
	if (scope) {
		return {
			kind: 'missing-scope',
			message: `The gateway did not grant the scope ${scope} to this connection (needed for ${context.method})`,
			description:
				'Gateways drop the scopes of devices they have not approved. ' +
				PAIRING_HELP +
				' If the device was approved with fewer scopes, approve its scope-upgrade request. Where the node offers it, Transport: HTTP works without pairing.',
		};
	}
	if (
		code === 'UNAVAILABLE' &&
		(str(details.reason) === 'startup-sidecars' || /starting/i.test(msg))
	) {
		return {
			kind: 'starting',
			retryAfterMs: retryAfterMs ?? 500,
			message: 'The gateway is still starting',
			description: 'Try again in a few seconds.',
		};
	}
	if (/^unknown method/i.test(msg)) {
		return {
			kind: 'unknown-method',
			message: `This gateway does not know the method ${context.method}`,
			description: 'Update the OpenClaw gateway; this operation needs a newer version.',
		};
	}
	if (/^invalid .* params/i.test(msg)) {
		return {
			kind: 'invalid-params',
			message: `The gateway rejected the parameters of ${context.method}: ${msg}`,
			description:
				'Check the node parameters. Older gateways accept fewer fields; a field this gateway does not know is named in the message.',
		};
	}
	if (context.method === 'agent' && /ENOENT[\s\S]*workspace-state\.json/.test(msg)) {
		// 2026.2.x: runs starting in the same millisecond on a new agent workspace write its state file
		// under the same temporary name; all but one fail before the model is called.
		return {
			kind: 'workspace-race',
			message: `The gateway failed to prepare the agent's workspace: ${msg}`,
			description:
				'OpenClaw 2026.2.x fails runs that start at the same moment on a new agent workspace; the node already tried once more. Run the first run of a new agent on its own (Parallel Runs 1), or update the gateway.',
		};
	}
	if (/database is locked|SQLITE_BUSY/i.test(msg)) {
		// 2026.9 keeps its state (delivery queue, sessions) in SQLite and waits 5 s for a lock.
		return {
			kind: 'gateway-busy',
			message: `The gateway's state database was busy and it gave up on ${context.method}: ${msg}`,
			description:
				"The gateway waits 5 seconds for its SQLite state database; under heavy load (many runs at once, a slow disk) that is not enough. Run the workflow again in a few seconds. A request with an idempotency key (Run Agent, Send Message, Send to a Channel) is answered from the gateway's cache for 5 minutes when repeated within the same execution, so Retry On Fail sees this error again; a new execution sends it anew.",
		};
	}
	if (context.method === 'agent' && code === 'UNAVAILABLE') {
		return {
			kind: 'agent-failed',
			message: `The agent run did not complete: ${msg}`,
			description: AGENT_FAILED_HELP,
		};
	}
	if (code === 'AGENT_TIMEOUT') {
		return {
			kind: 'timeout',
			message: `The agent run timed out on the gateway: ${msg}`,
			description: 'Raise the Timeout of the node, or give the agent a smaller task.',
		};
	}
	return {
		kind: 'gateway',
		message: `The gateway answered ${context.method} with ${code || 'an error'}: ${msg}`,
		description: 'See the gateway log on its host (openclaw logs) for more detail.',
	};
}

export interface HttpContext {
	path: string;
	tool?: string;
	retryAfter?: string;
	/** How the call went: over HTTP (default), or the WebSocket's tools.invoke with the same policy. */
	via?: 'HTTP' | 'the WebSocket';
	/** A request to the gateway's hooks ingress, signed with the Hooks Token. */
	hooks?: boolean;
}

function bodyMessage(body: unknown): string {
	if (typeof body === 'string') return body.trim().slice(0, 300);
	if (body && typeof body === 'object') {
		const err = (body as { error?: unknown }).error;
		if (err && typeof err === 'object') return str((err as { message?: unknown }).message);
		if (typeof err === 'string') return err;
		return str((body as { message?: unknown }).message);
	}
	return '';
}

/** Maps a non-2xx HTTP answer of the gateway to a message and a fix. */
export function httpErrorInfo(status: number, body: unknown, ctx: HttpContext): ErrorInfo {
	if (ctx.hooks) return hooksErrorInfo(status, body, ctx);
	const said = bodyMessage(body);
	const saidPart = said ? `: ${said}` : '';
	const httpCode = String(status);
	const isTools = ctx.path.endsWith('/tools/invoke');
	const isChat = ctx.path.endsWith('/v1/chat/completions');
	const isResponses = ctx.path.endsWith('/v1/responses');
	switch (status) {
		case 400:
			return {
				kind: 'bad-request',
				httpCode,
				message: `The gateway rejected the request${saidPart}`,
				description: isTools
					? `Check the Args of the tool ${ctx.tool ?? ''} against what the tool expects.`
					: 'Check the node parameters (for Run Agent over HTTP, the Agent must exist on the gateway).',
			};
		case 401:
			return {
				kind: 'auth',
				httpCode,
				message: 'The gateway rejected the credential (401 Unauthorized)',
				description:
					'Check the Token or Password in the OpenClaw credential against gateway.auth on the gateway host. Repeated failures lock the address out for 5 minutes.',
			};
		case 403:
			return {
				kind: 'forbidden',
				httpCode,
				message: `The gateway blocked the call${saidPart}`,
				description:
					'The tool policy blocked it or it needs an approval. Check tools.allow / tools.deny in openclaw.json, or approve it in the Control UI.',
			};
		case 404:
			if (isTools) {
				const denied = ctx.tool && HTTP_DENIED_TOOLS.includes(ctx.tool);
				return {
					kind: 'tool-not-available',
					httpCode,
					message: `The tool "${ctx.tool ?? ''}" is not available over ${ctx.via ?? 'HTTP'}`,
					// The gateway's deny list for tool calls from outside an agent run applies to POST
					// /tools/invoke and to tools.invoke over the WebSocket alike (2026.9 runs both as "http").
					description:
						(denied
							? `"${ctx.tool}" is on the gateway's default deny list for tool calls from outside an agent run (over HTTP and the WebSocket alike). `
							: "The tool is unknown to this gateway, or blocked by the agent's tool policy (tools.profile, tools.allow, tools.deny) or by the gateway's default deny list for tool calls from outside an agent run. ") +
						`To allow it, add it to gateway.tools.allow in openclaw.json (and to the agent's tool policy if needed).` +
						(ctx.via === 'the WebSocket' && ctx.tool && OWNER_ONLY_TOOLS.includes(ctx.tool)
							? ` "${ctx.tool}" is also for the gateway's owner only: over the WebSocket that needs Admin Access in the OpenClaw credential (Transport: HTTP signs in as the owner with the token).`
							: ''),
				};
			}
			if (isChat || isResponses) return endpointDisabled(isChat, httpCode);
			return {
				kind: 'not-found',
				httpCode,
				message: `The gateway has no ${ctx.path}`,
				description:
					'Check the Gateway URL in the OpenClaw credential (base URL, plus the path prefix if behind a proxy).',
			};
		case 405:
			// 2026.2.x answers 405 for a turned-off /v1 endpoint (newer gateways 404).
			if (isChat || isResponses) return endpointDisabled(isChat, httpCode);
			return {
				kind: 'method-not-allowed',
				httpCode,
				message: `The server at the Gateway URL does not accept this request at ${ctx.path}`,
				description:
					'Check the Gateway URL in the OpenClaw credential: it must point at the gateway itself (port 18789 by default).',
			};
		case 408:
			return {
				kind: 'timeout',
				httpCode,
				message: 'The gateway timed out reading the request',
				description: 'Check the network between n8n and the gateway, then try again.',
			};
		case 413:
			return {
				kind: 'too-large',
				httpCode,
				message: 'The request is larger than the gateway accepts',
				description: isTools
					? '/tools/invoke accepts at most 2 MB; make the Args smaller.'
					: 'Make the message smaller (2026.2.x accepts 1 MB, newer gateways 20 MB).',
			};
		case 429: {
			const seconds = Number(ctx.retryAfter);
			return {
				kind: 'rate-limited',
				httpCode,
				retryAfterMs: Number.isFinite(seconds) ? seconds * 1000 : undefined,
				message: 'The gateway is rate limiting this address (429 Too Many Requests)',
				description: `Wait ${Number.isFinite(seconds) ? `${seconds} second${seconds === 1 ? '' : 's'}` : 'a few minutes'} (Retry-After) and check the credential: failed sign-ins count towards the limit.`,
			};
		}
		case 500:
			return {
				kind: 'server',
				httpCode,
				message: isTools
					? `The tool "${ctx.tool ?? ''}" failed on the gateway${saidPart}`
					: `The gateway could not complete the request${saidPart}`,
				description:
					'See the gateway log on its host (openclaw logs). Right after a gateway starts this also happens for a few seconds.',
			};
		case 502:
		case 503:
		case 504:
			return {
				kind: 'unavailable',
				httpCode,
				message: `The gateway is not ready (${status})${saidPart}`,
				description:
					'It is starting, restarting or behind a proxy that cannot reach it. Try again in a few seconds (or set the node to Retry On Fail).',
			};
		default:
			return {
				kind: 'http',
				httpCode,
				message: `The gateway answered ${status}${saidPart}`,
				description: 'See the gateway log on its host (openclaw logs).',
			};
	}
}

/**
 * A non-2xx answer of the hooks ingress (POST <hooks.path>/wake and /agent, signed with hooks.token),
 * as OpenClaw 2026.2.22 and 2026.9.6 give them (notes/openclaw-hooks-and-mcp.md, A.3–A.6).
 */
export function hooksErrorInfo(status: number, body: unknown, ctx: HttpContext): ErrorInfo {
	const said = bodyMessage(body);
	const saidPart = said ? `: ${said}` : '';
	const httpCode = String(status);
	const enable =
		'Turn the hooks on in openclaw.json on the gateway host: hooks.enabled true and a hooks.token of its own (not the gateway token), then put that token in the Hooks Token of the OpenClaw credential. If hooks.path is not /hooks, set the Hooks Path too.';
	switch (status) {
		case 400:
			if (/sessionKey is disabled/i.test(said))
				return {
					kind: 'bad-request',
					httpCode,
					message: `The gateway does not let hook requests choose their session${saidPart}`,
					description:
						'Leave Session Key empty (the gateway uses hooks.defaultSessionKey or a new hook: session), or set hooks.allowRequestSessionKey to true in openclaw.json, with hooks.allowedSessionKeyPrefixes naming the prefixes you use.',
				};
			if (/sessionKey must start with/i.test(said))
				return {
					kind: 'bad-request',
					httpCode,
					message: `The gateway does not allow this session key for hooks${saidPart}`,
					description:
						'Use a Session Key that starts with one of hooks.allowedSessionKeyPrefixes in openclaw.json (e.g. "hook:"), or add its prefix there.',
				};
			if (/agentId|agent/i.test(said))
				return {
					kind: 'bad-request',
					httpCode,
					message: `The gateway refused the agent for this hook${saidPart}`,
					description:
						'Pick an agent the gateway has (Agent → Get Many lists them) and that hooks.allowedAgentIds admits; with several agents, name one.',
				};
			return {
				kind: 'bad-request',
				httpCode,
				message: `The gateway rejected the hook request${saidPart}`,
				description:
					'Check the node parameters against what the gateway says (e.g. Channel and To go together; Session Mode Persistent needs a Session Key).',
			};
		case 401:
			return {
				kind: 'hooks-auth',
				httpCode,
				message: `The gateway rejected the Hooks Token (401 Unauthorized at ${ctx.path})`,
				description:
					'Put hooks.token from openclaw.json on the gateway host into the Hooks Token of the OpenClaw credential (the gateway token does not work for hooks). 20 failures a minute lock this address out of the hooks for a minute.',
			};
		case 404:
		case 405:
			return {
				kind: 'hooks-off',
				httpCode,
				message: `The gateway's hooks are off, or not at ${ctx.path} (${status})`,
				description: enable,
			};
		case 408:
			return {
				kind: 'timeout',
				httpCode,
				message: 'The gateway timed out reading the hook request',
				description: 'Check the network between n8n and the gateway, then try again.',
			};
		case 409:
			return {
				kind: 'conflict',
				httpCode,
				message: `The gateway did not start the hook run${saidPart}`,
				description:
					'Its hooks configuration or the target session changed while the request came in. Run the node again (Retry On Fail does it; the same Idempotency Key keeps it one run).',
			};
		case 413:
			return {
				kind: 'too-large',
				httpCode,
				message: 'The hook request is larger than the gateway accepts (256 KiB)',
				description: 'Make the Message smaller.',
			};
		case 429: {
			const seconds = Number(ctx.retryAfter);
			return {
				kind: 'rate-limited',
				httpCode,
				retryAfterMs: Number.isFinite(seconds) ? seconds * 1000 : undefined,
				message: 'The gateway locked this address out of its hooks after failed tokens (429)',
				description: `Wait ${Number.isFinite(seconds) ? `${seconds} second${seconds === 1 ? '' : 's'}` : 'a minute'} (Retry-After) and check the Hooks Token of the OpenClaw credential.`,
			};
		}
		case 502:
			return {
				kind: 'agent-failed',
				httpCode,
				message: `The hook run failed before it reached the agent${saidPart}`,
				description: AGENT_FAILED_HELP,
			};
		case 503:
			if (!/admission/i.test(said)) return httpErrorInfo(status, body, { ...ctx, hooks: false });
			return {
				kind: 'unavailable',
				httpCode,
				message: `The gateway did not start the hook run in time (503)${saidPart}`,
				description:
					'The agent lane stayed busy for 15 s, or the gateway is restarting; the queued run was cancelled. Try again later (Retry On Fail does it), or raise agents.defaults.maxConcurrent.',
			};
		default:
			return httpErrorInfo(status, body, { ...ctx, hooks: false });
	}
}

/** Builds a NodeApiError from an ErrorInfo; every secret is scrubbed from all of it. */
export function apiError(
	node: INode,
	info: ErrorInfo,
	raw: unknown,
	secrets: readonly string[],
	itemIndex?: number,
): NodeApiError {
	const rawObject = (
		raw && typeof raw === 'object'
			? redactDeep(raw, secrets)
			: { message: redact(String(raw ?? ''), secrets) }
	) as JsonObject;
	const message = redact(info.message, secrets);
	const error = new NodeApiError(node, rawObject, {
		message,
		description: redact(info.description, secrets),
		httpCode: info.httpCode,
		itemIndex,
	});
	// n8n replaces a message that quotes a system error code (ENOENT, ECONNREFUSED, …) with a generic
	// text; ours already says what happened, in the gateway's words.
	error.message = message;
	(error.context as Record<string, unknown>).openclawKind = info.kind;
	if (info.retryAfterMs !== undefined)
		(error.context as Record<string, unknown>).retryAfterMs = info.retryAfterMs;
	return error;
}

export function operationError(
	node: INode,
	message: string,
	description: string,
	kind: ErrorKind,
	itemIndex?: number,
): NodeOperationError {
	const error = new NodeOperationError(node, message, { description, itemIndex });
	(error.context as Record<string, unknown>).openclawKind = kind;
	return error;
}

/**
 * A copy of an n8n error (same class, fields and stack) to change without touching the original,
 * which may be shared: an execution-wide error is handed to every item.
 */
export function copyError<E extends NodeApiError | NodeOperationError>(error: E): E {
	return Object.assign(Object.create(Object.getPrototypeOf(error) as object) as E, error, {
		stack: error.stack,
	});
}

/** Passes n8n errors through; anything else becomes a NodeOperationError with secrets scrubbed. */
export function asNodeError(
	node: INode,
	error: unknown,
	secrets: readonly string[],
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		const fields = [error.message, error.description ?? '', JSON.stringify(error.context ?? {})];
		if (!secrets.some((s) => s && fields.some((f) => f.includes(s)))) return error;
		// n8n's own errors (and any other) leave with the secrets scrubbed, on a copy.
		const copy = copyError(error);
		copy.message = redact(error.message, secrets);
		copy.description = error.description ? redact(error.description, secrets) : error.description;
		copy.context = redactDeep(error.context ?? {}, secrets) as typeof error.context;
		copy.stack = redact(error.stack ?? '', secrets);
		return copy;
	}
	return new NodeOperationError(node, redact((error as Error)?.message ?? String(error), secrets));
}

export function errorKind(error: unknown): ErrorKind | undefined {
	const ctx = (error as { context?: Record<string, unknown> } | undefined)?.context;
	return typeof ctx?.openclawKind === 'string' ? (ctx.openclawKind as ErrorKind) : undefined;
}

/** Whether the error is of one of the kinds in the set. */
export function isKind(error: unknown, kinds: ReadonlySet<ErrorKind>): boolean {
	const kind = errorKind(error);
	return kind !== undefined && kinds.has(kind);
}
