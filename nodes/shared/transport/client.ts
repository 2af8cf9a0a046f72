import * as workflow from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INode,
	ITriggerFunctions,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';

import { ADMIN_SCOPE, CREDENTIAL_NAME, scopesFor } from '../constants';
import { deviceIdentity, DeviceKeyError, type DeviceIdentity } from '../device';
import {
	asNodeError,
	copyError,
	WEBSOCKET_UNUSABLE_KINDS,
	FATAL_KINDS,
	HOOKS_FATAL_KINDS,
	HTTP_FALLBACK_KINDS,
	isKind,
	operationError,
} from '../errors';
import { GatewayUrlError, parseGatewayUrl, type GatewayUrls } from '../url';
import { recoverRun } from './agentRecovery';
import { runAgentToEnd, startAgent, type AgentRunOutcome } from './agentRun';
import {
	closedConnectionError,
	leaseConnection,
	poolKey,
	SharedConnection,
	type Lease,
} from './connection';
import { gatewayHttp, type HttpAnswer, type HttpCall } from './http';
import {
	decodeOpenAiAnswer,
	openAiRequest,
	type OpenAiAnswer,
	type OpenAiApi,
	type OpenAiRun,
} from './openai';
import type { AgentAck, AgentFinal, AgentParams, AgentWait, HelloOk, ToolResult } from './protocol';
import { GatewayRpc, type CallOptions } from './rpc';
import {
	toolInvokeParams,
	toolRequest,
	toolResultOf,
	wsToolResultOf,
	type ToolCall,
	type ToolTransport,
} from './tools';

export type GatewayFunctions = IExecuteFunctions | ILoadOptionsFunctions | ITriggerFunctions;

export interface OpenClawCredentialData {
	url?: string;
	authMode?: 'token' | 'password';
	token?: string;
	password?: string;
	devicePrivateKey?: string;
	adminAccess?: boolean;
	hooksToken?: string;
	hooksPath?: string;
}

/** The gateway's hooks ingress as the credential gives it: hooks.token and hooks.path. */
export interface HooksSettings {
	token: string;
	/** "/hooks" or the gateway's hooks.path: a leading "/", no trailing one. */
	path: string;
}

export interface CredentialSettings {
	urls: GatewayUrls;
	authMode: 'token' | 'password';
	/** The gateway token or password; empty when the credential has only a Hooks Token. */
	secret: string;
	hooks?: HooksSettings;
	device: DeviceIdentity;
	/** What the device asks the gateway for (signed in the handshake). */
	scopes: readonly string[];
}

/** A credential that cannot be used as it is: what is wrong, and how to fix it. */
export interface CredentialProblem {
	message: string;
	fix: string;
}

/** Reads and checks the credential's fields (shared by the nodes and the credential test). */
export function readCredential(
	creds: OpenClawCredentialData,
): { settings: CredentialSettings } | { problem: CredentialProblem } {
	const authMode = creds.authMode === 'password' ? 'password' : 'token';
	const label = authMode === 'password' ? 'Password' : 'Token';
	const secret = String((authMode === 'password' ? creds.password : creds.token) ?? '').trim();
	const hooksToken = String(creds.hooksToken ?? '').trim();
	const fix = 'Open the OpenClaw credential and correct it.';
	if (!secret && !hooksToken)
		return { problem: { message: `The ${label} of the OpenClaw credential is empty`, fix } };
	for (const [name, value] of [
		[label, secret],
		['Hooks Token', hooksToken],
	]) {
		if (/\s/.test(value))
			return {
				problem: {
					message: `The ${name} of the OpenClaw credential contains spaces or line breaks`,
					fix: `${fix} Paste the ${name.toLowerCase()} without them.`,
				},
			};
	}
	if (hooksToken && hooksToken === secret)
		return {
			problem: {
				message: `The Hooks Token of the OpenClaw credential is the gateway's own ${label.toLowerCase()}`,
				fix: `OpenClaw wants hooks.token to differ from the gateway ${label.toLowerCase()} (2026.2 refuses to start with the same one): set a hooks.token of its own in openclaw.json on the gateway host and put that in the Hooks Token.`,
			},
		};
	const hooksPath = readHooksPath(creds.hooksPath);
	if (hooksPath === undefined)
		return {
			problem: {
				message: `The Hooks Path of the OpenClaw credential ("${String(creds.hooksPath)}") is not a path`,
				fix: `${fix} Use the gateway's hooks.path, e.g. /hooks (not "/", no "?" or "#").`,
			},
		};
	try {
		const urls = parseGatewayUrl(creds.url);
		// With only a Hooks Token the WebSocket is never used (the client refuses it first).
		const device = secret
			? deviceIdentity(secret, creds.devicePrivateKey, authMode)
			: deviceIdentity(hooksToken, undefined, authMode);
		return {
			settings: {
				urls,
				authMode,
				secret,
				...(hooksToken ? { hooks: { token: hooksToken, path: hooksPath } } : {}),
				device,
				scopes: scopesFor(creds.adminAccess === true),
			},
		};
	} catch (error) {
		const known = error instanceof GatewayUrlError || error instanceof DeviceKeyError;
		return {
			problem: {
				message: known ? (error as Error).message : 'The OpenClaw credential could not be read',
				fix,
			},
		};
	}
}

/** hooks.path as the gateway normalises it (leading "/", no trailing "/", never "/"); undefined: not a path. */
function readHooksPath(value: unknown): string | undefined {
	const raw = String(value ?? '').trim() || '/hooks';
	const path = `/${raw.replace(/^\/+/, '').replace(/\/+$/, '')}`;
	if (path === '/' || /[?#\s]/.test(path)) return undefined;
	return path;
}

/**
 * The credential's "Allowed HTTP Request Domains" as n8n applies them to a credential's own endpoint
 * (the gateway URL is the credential's, like a declarative node's base URL): "None" does not block it,
 * and its host is allowed. n8n 2.23–2.40, without that check, pins the URL instead. Undefined: allowed.
 * Shared by the nodes and the credential test (feature-detected: the host supplies n8n-workflow).
 */
export function credentialDomainRefusal(
	node: INode,
	credentialData: ICredentialDataDecryptedObject,
	url: string,
): string | undefined {
	const wf = workflow as {
		getCredentialAllowedDomains?: typeof workflow.getCredentialAllowedDomains;
		assertUrlAllowed?: typeof workflow.assertUrlAllowed;
		assertCredentialAllowsUrl?: typeof workflow.assertCredentialAllowsUrl;
	};
	try {
		if (typeof wf.getCredentialAllowedDomains === 'function') {
			const allowedDomains = wf.getCredentialAllowedDomains({
				node,
				credentialData,
				credentialOwnedSurface: true,
				nodeEndpointUrl: url,
			});
			if (allowedDomains && typeof wf.assertUrlAllowed === 'function')
				wf.assertUrlAllowed({ url, allowedDomains, node });
		} else if (typeof wf.assertCredentialAllowsUrl === 'function') {
			wf.assertCredentialAllowsUrl({ node, credentialData, url, pinnedUrl: url });
		}
	} catch (error) {
		return (error as Error).message;
	}
	return undefined;
}

/** The refusal of a connection n8n's network policy does not allow, as every path says it. */
export function egressRefusalMessage(
	url: string,
	refusal: string,
): { message: string; fix: string } {
	return {
		message: `n8n's network policy does not allow connecting to the gateway at ${url} (${refusal})`,
		fix: "Ask your n8n administrator to allow the gateway's host, or check the credential's allowed domains.",
	};
}

/**
 * An error of the shared connection (its handshake, a call on it) as this execution's own: a copy
 * naming this node, so executions sharing a connection never share (or mutate) one error object.
 */
function ownError(node: INode, error: unknown): unknown {
	if (!(error instanceof workflow.NodeApiError || error instanceof workflow.NodeOperationError))
		return error;
	// The message is not enumerable (Error's own): copied by name.
	return Object.assign(copyError(error), {
		node,
		message: error.message,
		context: { ...(error.context ?? {}) },
	});
}

/**
 * The shared connection as one execution sees it: every call's error is the execution's own. The
 * rest (events, hello, state) is the connection's.
 */
function viewOf(rpc: GatewayRpc, node: INode): GatewayRpc {
	const call = <T>(method: string, params: unknown, options?: CallOptions): Promise<T> =>
		rpc.call<T>(method, params, options).catch((error: unknown) => {
			throw ownError(node, error);
		});
	return new Proxy(rpc, {
		get(target, prop) {
			if (prop === 'call') return call;
			// The connection is every execution's: one of them never closes it (close() gives it back).
			if (prop === 'close') return () => undefined;
			const value = Reflect.get(target, prop, target) as unknown;
			return typeof value === 'function'
				? (value as (...a: unknown[]) => unknown).bind(target)
				: value;
		},
	});
}

/**
 * The one transport surface the nodes see: HTTP (bearer header) through n8n's request helper and a
 * WebSocket opened on first use, shared by all items of the execution and by the other executions of
 * this credential running in this n8n process at the same time (see leaseConnection), given back when
 * the execution ends. Nodes call the operations below; the gateway's protocol stays in this folder.
 */
export class GatewayClient {
	/** This execution's share of the process's connection for this credential (taken on first use). */
	private lease?: Lease;
	private released = false;
	/** n8n's egress rules for the gateway, checked once per execution before the shared connection is used. */
	private egress?: Promise<void>;
	/** Handshakes of a trigger's own event connections. */
	private eventHandshakes = 0;
	/**
	 * A rejected secret (or pairing, protocol) is final for the whole execution: the other items get
	 * the same error without another attempt, so n8n never walks into the gateway's lockout
	 * (10 failed sign-ins a minute lock the address out for 5 minutes).
	 */
	private fatal?: Error;
	/** The gateway refused this device over WebSocket (not paired, …): no new handshake this execution. */
	private websocketUnusable?: Error;

	readonly urls: GatewayUrls;
	readonly authMode: 'token' | 'password';
	readonly device: DeviceIdentity;
	/** The scopes this device asks for (read, write, approvals, questions; admin when the credential says so). */
	readonly scopes: readonly string[];
	private readonly secret: string;
	/** The hooks ingress (Hooks Token, Hooks Path), when the credential has a Hooks Token. */
	private readonly hooksSettings?: HooksSettings;
	/** The Hooks Token was refused: the other items do not walk into the hooks' lockout. */
	private hooksFatal?: Error;

	/** n8n's cancel signal of the execution, or halt(): what ends every call of this client. */
	readonly cancelSignal: AbortSignal;

	private constructor(
		private readonly fns: GatewayFunctions,
		readonly node: INode,
		settings: CredentialSettings,
		n8nCancel: AbortSignal | undefined,
		private readonly credentialData: ICredentialDataDecryptedObject,
	) {
		this.cancelSignal = AbortSignal.any(
			n8nCancel
				? [n8nCancel, this.halted.signal, this.closing.signal]
				: [this.halted.signal, this.closing.signal],
		);
		({
			urls: this.urls,
			authMode: this.authMode,
			secret: this.secret,
			hooks: this.hooksSettings,
			device: this.device,
			scopes: this.scopes,
		} = settings);
	}

	/**
	 * The shared connection: leased on first use. Its handshake belongs to no single execution (one
	 * cancelled does not cancel it for the others): the handshake's own deadline bounds it.
	 */
	private get conn(): SharedConnection {
		if (!this.lease) {
			const settings = this.connectSettings();
			const credentialId = this.node.credentials?.[CREDENTIAL_NAME]?.id ?? undefined;
			this.lease = leaseConnection(
				poolKey({
					credentialId,
					url: settings.url,
					authMode: settings.authMode,
					secret: settings.secret,
					deviceId: settings.device.id,
					scopes: settings.scopes,
				}),
				() =>
					new SharedConnection(settings.node, (signal) =>
						GatewayRpc.connect({ ...settings, signal }),
					),
			);
		}
		return this.lease.conn;
	}

	/** How many WebSocket handshakes were made on this client's connection (the benchmark counts them). */
	get handshakes(): number {
		return (this.lease?.conn.handshakes ?? 0) + this.eventHandshakes;
	}

	/** Sockets of the execution's connection open now (0 once the node has finished and no other execution holds it). */
	get openSockets(): number {
		return this.released ? 0 : (this.lease?.conn.openSockets ?? 0);
	}

	/** Stops every call in flight of this execution's items (one item failed without continueOnFail). */
	private readonly halted = new AbortController();
	/** close(): what this execution still has in flight on the shared connection ends with it. */
	private readonly closing = new AbortController();

	/** Stops the calls and runs still in flight (agent runs are stopped on the gateway too). */
	halt(): void {
		this.halted.abort();
	}

	static async create(fns: GatewayFunctions): Promise<GatewayClient> {
		const node = fns.getNode();
		const creds = (await fns.getCredentials(CREDENTIAL_NAME)) as OpenClawCredentialData;
		const read = readCredential(creds);
		if ('problem' in read) {
			throw operationError(node, read.problem.message, read.problem.fix, 'credential');
		}
		const cancel = 'getExecutionCancelSignal' in fns ? fns.getExecutionCancelSignal?.() : undefined;
		return new GatewayClient(
			fns,
			node,
			read.settings,
			cancel,
			creds as ICredentialDataDecryptedObject,
		);
	}

	/** Every value that must never appear in an output item, an error or a log line. */
	get secrets(): string[] {
		return [this.secret, this.hooksSettings?.token ?? ''].filter(Boolean);
	}

	/** Whether the credential has a Hooks Token (Agent → Wake goes through the hooks then). */
	get hasHooks(): boolean {
		return this.hooksSettings !== undefined;
	}

	/** The credential has only a Hooks Token: what needs the gateway token or password says so. */
	private noSecretError(): NodeOperationError {
		const label = this.authMode === 'password' ? 'Password' : 'Token';
		return operationError(
			this.node,
			`The ${label} of the OpenClaw credential is empty`,
			`The credential has only a Hooks Token, which opens the gateway's hooks (Agent → Wake and Agent → Run via Hook) and nothing else. For this operation put the gateway ${label.toLowerCase()} (gateway.auth in openclaw.json) into the credential.`,
			'credential',
		);
	}

	/**
	 * POST <hooks.path>/<name> (wake, agent) signed with the Hooks Token, never with the gateway token;
	 * its errors are the hooks' own (hooksErrorInfo).
	 */
	async hooks(
		name: 'wake' | 'agent',
		body: IDataObject,
		options: { headers?: Record<string, string>; timeoutMs?: number; signal?: AbortSignal } = {},
	): Promise<HttpAnswer> {
		const hooks = this.hooksSettings;
		if (!hooks)
			throw operationError(
				this.node,
				'The OpenClaw credential has no Hooks Token',
				"Put the gateway's hooks.token (openclaw.json on the gateway host, with hooks.enabled true) into the Hooks Token of the OpenClaw credential. It must differ from the gateway token.",
				'credential',
			);
		if (this.hooksFatal) throw this.hooksFatal;
		try {
			return await gatewayHttp(this.fns, this.node, this.urls.http, this.secrets, {
				method: 'POST',
				path: `${hooks.path}/${name}`,
				body,
				hooks: true,
				timeoutMs: options.timeoutMs,
				headers: { ...options.headers, authorization: `Bearer ${hooks.token}` },
				signal: this.signal(options.signal),
			});
		} catch (error) {
			const wrapped = asNodeError(this.node, error, this.secrets);
			if (isKind(wrapped, HOOKS_FATAL_KINDS)) this.hooksFatal = wrapped;
			throw wrapped;
		}
	}

	async http(call: HttpCall): Promise<HttpAnswer> {
		if (!this.secret) throw this.noSecretError();
		if (this.fatal) throw this.fatal;
		try {
			return await gatewayHttp(this.fns, this.node, this.urls.http, this.secrets, {
				...call,
				headers: { ...call.headers, authorization: `Bearer ${this.secret}` },
				signal: this.signal(call.signal),
			});
		} catch (error) {
			throw this.remember(error);
		}
	}

	private remember(error: unknown): NodeApiError | NodeOperationError {
		const wrapped = asNodeError(this.node, error, this.secrets);
		if (isKind(wrapped, FATAL_KINDS)) this.fatal = wrapped;
		return wrapped;
	}

	/**
	 * The WebSocket does not go through n8n's request helper, so the instance's egress policy and the
	 * credential's allowed domains are checked here, where this n8n has them (feature-detected: the
	 * host supplies n8n-workflow).
	 */
	private async checkEgress(): Promise<void> {
		let refusal: string | undefined;
		// n8n 2.30–2.37 hands out no filter unless SSRF protection is on: no filter, no policy.
		const filter = (
			this.fns.helpers as { getSecureEgressFilter?: () => workflow.NodeEgressFilter | undefined }
		).getSecureEgressFilter?.();
		if (filter && typeof filter.validateUrl === 'function') {
			const verdict = (await filter.validateUrl(this.urls.http)) as { ok: boolean; error?: Error };
			if (!verdict.ok) refusal = verdict.error?.message ?? 'blocked';
		}
		if (!refusal) refusal = credentialDomainRefusal(this.node, this.credentialData, this.urls.http);
		if (refusal) {
			const { message, fix } = egressRefusalMessage(this.urls.http, refusal);
			throw operationError(this.node, message, fix, 'egress-blocked');
		}
	}

	/**
	 * The execution's WebSocket connection: opened on first use, opened again once it closed (one new
	 * handshake shared by every caller waiting for it). `signal` ends this caller's wait.
	 */
	rpc(signal: AbortSignal | undefined = this.cancelSignal): Promise<GatewayRpc> {
		if (!this.secret) return Promise.reject(this.noSecretError());
		if (this.fatal) return Promise.reject(this.fatal);
		if (this.websocketUnusable) return Promise.reject(this.websocketUnusable);
		return this.shared(signal).catch((error: unknown) => {
			const wrapped = this.remember(ownError(this.node, error));
			if (isKind(wrapped, WEBSOCKET_UNUSABLE_KINDS)) this.websocketUnusable = wrapped;
			throw wrapped;
		});
	}

	private async shared(signal: AbortSignal | undefined): Promise<GatewayRpc> {
		if (this.released) throw this.closedError();
		await (this.egress ??= this.checkEgress());
		// Closed while the egress check ran: no lease is taken after close().
		if (this.released) throw this.closedError();
		const rpc = await this.conn.get(signal);
		if (this.released) throw this.closedError();
		return viewOf(rpc, this.node);
	}

	private closedError(): Error {
		return closedConnectionError(this.node);
	}

	/**
	 * A connection for the last request of a cancelled execution (stopping its run on the gateway):
	 * the open one, or a new handshake, waited for until `signal` instead of the cancel signal, which
	 * has already fired (the shared handshake is no execution's own: a cancel does not end it).
	 */
	async connectionForCleanup(signal: AbortSignal): Promise<GatewayRpc> {
		return this.shared(signal);
	}

	/**
	 * A connection of its own for a trigger's event subscription (not the execution's shared one):
	 * `caps` tell the gateway what this client takes (e.g. `exec-approvals`), `signal` ends the handshake.
	 */
	async eventConnection(caps: readonly string[], signal: AbortSignal): Promise<GatewayRpc> {
		if (!this.secret) throw this.noSecretError();
		if (this.fatal) throw this.fatal;
		this.eventHandshakes++;
		try {
			return await this.open(signal, caps);
		} catch (error) {
			throw this.remember(error);
		}
	}

	/** A new signed-in connection, once n8n's egress rules allow the gateway. */
	private async open(
		signal: AbortSignal | undefined,
		caps: readonly string[] = [],
	): Promise<GatewayRpc> {
		await this.checkEgress();
		return GatewayRpc.connect({ ...this.connectSettings(), caps, signal });
	}

	/** Who signs in, where, asking for what: the same for the shared and a trigger's own connection. */
	private connectSettings() {
		return {
			url: this.urls.ws,
			node: this.node,
			authMode: this.authMode,
			secret: this.secret,
			device: this.device,
			scopes: this.scopes,
		};
	}

	/** The execution's cancel signal, combined with a call's own signal. */
	signal(extra?: AbortSignal): AbortSignal {
		return extra ? AbortSignal.any([extra, this.cancelSignal]) : this.cancelSignal;
	}

	/** One gateway method over the WebSocket, cancelled with the execution. */
	async call<T = IDataObject>(
		method: string,
		params: unknown,
		options: CallOptions = {},
	): Promise<T> {
		const rpc = await this.rpc();
		return rpc.call<T>(method, params, { ...options, signal: this.signal(options.signal) });
	}

	/** The gateway's hello (protocol, features, session defaults), connecting if needed. */
	async hello(): Promise<HelloOk> {
		return (await this.rpc()).hello;
	}

	/** Whether the gateway advertises a method (feature detection). */
	async has(method: string): Promise<boolean> {
		return (await this.rpc()).has(method);
	}

	/**
	 * One tool call; a tool's own failure becomes an error. Over the WebSocket's `tools.invoke` where
	 * the gateway has it (2026.9; same policy as HTTP), else `POST /tools/invoke`. Auto also takes HTTP
	 * while this device may not use the WebSocket (not paired, no WebSocket in this Node.js), and for
	 * the channel/account headers, which only HTTP carries.
	 */
	async invokeTool(call: ToolCall, transport: ToolTransport = 'http'): Promise<ToolResult> {
		const headers = Boolean(call.messageChannel || call.accountId);
		if (transport === 'webSocket' && headers)
			throw operationError(
				this.node,
				'Message Channel and Account ID are sent as HTTP headers, which Transport: WebSocket does not use',
				'Choose Transport: Auto or HTTP, or remove those options.',
				'bad-input',
			);
		if (transport !== 'http' && !headers) {
			let rpc: GatewayRpc | undefined;
			try {
				rpc = await this.rpc();
			} catch (error) {
				if (transport === 'webSocket' || !isKind(error, HTTP_FALLBACK_KINDS))
					throw asNodeError(this.node, error, this.secrets);
			}
			if (rpc?.has('tools.invoke')) {
				const timeout = call.timeoutMs ? AbortSignal.timeout(call.timeoutMs) : undefined;
				const payload = await rpc.call('tools.invoke', toolInvokeParams(call), {
					signal: this.signal(timeout),
				});
				// 2026.9 runs tools.invoke as this device: without operator.admin it is not the owner, and
				// owner-only tools (sessions, …) are "not available", while the token over HTTP is the
				// owner. Auto then takes HTTP, as before this transport existed (HTTP's deny list still applies).
				const ownerOnly =
					transport === 'auto' &&
					payload.ok === false &&
					(payload.error as IDataObject | undefined)?.code === 'not_found' &&
					!this.scopes.includes(ADMIN_SCOPE);
				if (!ownerOnly) return wsToolResultOf(this.node, call.tool, payload, this.secrets);
			}
			if (rpc && transport === 'webSocket')
				throw operationError(
					this.node,
					`The OpenClaw gateway (version ${rpc.hello.server?.version ?? 'unknown'}) has no tools.invoke`,
					'Update OpenClaw to 2026.9 or later, or choose Transport: HTTP.',
					'unknown-method',
				);
		}
		const answer = await this.http(toolRequest(call));
		return toolResultOf(this.node, call.tool, answer.body, this.secrets);
	}

	/** An agent run to its end over the WebSocket (see agentRun.ts). */
	runAgent(
		params: AgentParams,
		onAnswerText?: (textSoFar: string) => void,
	): Promise<AgentRunOutcome> {
		return runAgentToEnd(this, params, onAnswerText);
	}

	/** Starts an agent run and returns once the gateway accepted it. */
	startAgent(params: AgentParams): Promise<AgentAck | AgentFinal> {
		return startAgent(this, params);
	}

	/** Where a run stands, asked without waiting (agent.wait with no wait). */
	async runStatus(runId: string): Promise<AgentWait> {
		return this.call<AgentWait>('agent.wait', { runId, timeoutMs: 0 });
	}

	/**
	 * A run started earlier (Run Agent's Start Only), waited for without sending anything: agent.wait,
	 * then its answer whole from the session history (its user row carries the run id as key), as
	 * after a reconnect. Undefined: it did not end within `timeoutMs` (it goes on on the gateway).
	 */
	async waitForRun(
		runId: string,
		sessionKey: string,
		timeoutMs: number,
	): Promise<AgentFinal | undefined> {
		const deadline = AbortSignal.timeout(timeoutMs);
		const signal = this.signal(deadline);
		const rpc = await this.rpc(signal);
		// Found by its key only (2026.9 rows carry it): no text may stand for ours.
		const started: AgentParams = {
			message: '\u0000run-started-earlier',
			sessionKey,
			idempotencyKey: runId,
			deliver: false,
			timeout: Math.ceil(timeoutMs / 1000),
		};
		try {
			return await recoverRun(rpc, started, runId, signal);
		} catch (error) {
			if (deadline.aborted && !this.cancelSignal.aborted) return undefined;
			throw this.remember(ownError(this.node, error));
		}
	}

	/** An agent turn through one of the gateway's OpenAI-style HTTP endpoints. */
	async runAgentOverHttp(api: OpenAiApi, run: OpenAiRun): Promise<OpenAiAnswer> {
		return decodeOpenAiAnswer(
			api,
			await this.http(openAiRequest(api, run)),
			run.stream,
			run.onAnswerText,
		);
	}

	/**
	 * Gives the connection back: the last execution using it closes every socket of it, including one
	 * still in its handshake. Nothing more is sent from this client.
	 */
	close(): void {
		this.released = true;
		this.closing.abort();
		this.lease?.release();
	}
}
