import { createHash } from 'node:crypto';

import { sleep, type IDataObject, type INode } from 'n8n-workflow';

import {
	CLIENT_DISPLAY_NAME,
	CLIENT_ID,
	CLIENT_MODE,
	CLIENT_PLATFORM,
	MAX_PROTOCOL,
	MIN_PROTOCOL,
	PACKAGE_VERSION,
	ROLE,
} from '../constants';
import { signDevice, type DeviceIdentity } from '../device';
import {
	apiError,
	asNodeError,
	errorKind,
	NO_WEBSOCKET,
	operationError,
	rpcErrorInfo,
	type ErrorKind,
} from '../errors';
import type { EventFrame, GatewayErrorShape, HelloOk, ResponseFrame } from './protocol';

export type { EventFrame, HelloOk } from './protocol';

/**
 * WebSocket JSON-RPC client for the OpenClaw gateway, over Node's global WebSocket (undici) or any
 * socket with the same browser-style surface (tests inject `ws`). No timers: deadlines are
 * AbortSignals, so the code passes n8n's cloud rules.
 */
export interface SocketLike {
	readonly readyState: number;
	send(data: string): void;
	close(code?: number, reason?: string): void;
	addEventListener(
		type: 'open' | 'message' | 'error' | 'close',
		listener: (event: never) => void,
	): void;
}
export type SocketFactory = (url: string) => SocketLike;

let factoryOverride: SocketFactory | undefined;
/** Replaces the socket factory (tests, benchmarks); `undefined` restores the global WebSocket. */
export function setSocketFactory(factory: SocketFactory | undefined): void {
	factoryOverride = factory;
}
function createSocket(url: string): SocketLike {
	if (factoryOverride) return factoryOverride(url);
	return new WebSocket(url) as unknown as SocketLike;
}

export interface RpcConnectOptions {
	url: string;
	node: INode;
	authMode: 'token' | 'password';
	secret: string;
	device: DeviceIdentity;
	scopes: readonly string[];
	/** Client capabilities, e.g. `exec-approvals` (the gateway then routes exec approvals here). */
	caps?: readonly string[];
	/** Cancels the handshake (n8n's execution cancel signal); each call takes its own signal. */
	signal?: AbortSignal;
	handshakeTimeoutMs?: number;
	/**
	 * How long to wait for the gateway's greeting (connect.challenge), sent as soon as a socket opens:
	 * the credential test says "nothing answered like an OpenClaw gateway" after a few seconds.
	 */
	challengeTimeoutMs?: number;
	/**
	 * A person asked for this sign-in (the credential test): tried even if the gateway refused this
	 * secret moments ago (a token just fixed on the gateway's side); a refusal is still noted.
	 */
	retryRefused?: boolean;
}

export interface CallOptions {
	signal?: AbortSignal;
	/** `agent`-style methods answer twice on one id: an `accepted` ack, then the final result. */
	expectFinal?: boolean;
	onAccepted?: (payload: IDataObject) => void;
}

interface Pending {
	method: string;
	resolve: (payload: IDataObject) => void;
	reject: (error: Error) => void;
	expectFinal: boolean;
	onAccepted?: (payload: IDataObject) => void;
}

const OPEN = 1;
const DEFAULT_TICK_MS = 30000;
const DEFAULT_MAX_PAYLOAD = 25 * 1024 * 1024;
const MAX_STARTUP_RETRIES = 20;
/** Streamed deltas larger than this are not parsed (see onMessage). */
const LARGE_FRAME = 64 * 1024;

/**
 * Assistant deltas of a long answer repeat the whole text so far on every event (hundreds of MB
 * of JSON for a few MB of answer). The nodes read only the final result and lifecycle events, so
 * large delta frames are recognised by their head and dropped unparsed.
 */
function isLargeStreamDelta(text: string): boolean {
	if (text.length < LARGE_FRAME || !text.startsWith('{"type":"event"')) return false;
	const head = text.slice(0, 512);
	return head.includes('"stream":"assistant"') || head.includes('"state":"delta"');
}

export class GatewayRpc {
	hello!: HelloOk;
	private readonly socket: SocketLike;
	private readonly pending = new Map<string, Pending>();
	private readonly listeners = new Set<(frame: EventFrame) => void>();
	private readonly skipListeners = new Set<(seq: number) => void>();
	private nextId = 0;
	private closed = false;
	private closeError?: Error;
	private lastSeen = Date.now();

	/** When the last frame arrived from the gateway (ms): what came after it may be lost when the connection ends. */
	get lastReceivedAt(): number {
		return this.lastSeen;
	}
	private challenge?: (nonce: string) => void;
	/** The socket opened / the gateway greeted it: what a handshake that failed got to. */
	private opened = false;
	private greeted = false;
	private readonly secrets: string[];
	private onClosed?: (error: Error) => void;
	/** Settles with the reason once the connection has closed, whoever closed it. */
	readonly ended = new Promise<Error>((resolve) => (this.onClosed = resolve));

	private constructor(private readonly opts: RpcConnectOptions) {
		this.secrets = [opts.secret];
		this.socket = createSocket(opts.url);
		this.socket.addEventListener('open', () => (this.opened = true));
		this.socket.addEventListener('message', (ev: { data: unknown }) => this.onMessage(ev.data));
		this.socket.addEventListener('close', (ev: { code?: number; reason?: string }) =>
			this.onClose(ev.code, ev.reason),
		);
		this.socket.addEventListener('error', () => {
			/* a close event follows; it carries what we can report */
		});
	}

	/** Opens a connection and completes the handshake, retrying while the gateway is starting. */
	static async connect(opts: RpcConnectOptions): Promise<GatewayRpc> {
		if (!factoryOverride && typeof WebSocket !== 'function')
			throw operationError(
				opts.node,
				NO_WEBSOCKET.message,
				NO_WEBSOCKET.description,
				'no-websocket',
			);
		// Cancelled before the socket exists (e.g. a trigger deactivated during n8n's egress check): none.
		if (opts.signal?.aborted) throw abortError(opts.node, opts.signal, 'connect');
		const memo = signInKey(opts);
		// A sign-in with this secret is under way (triggers reconnecting at once): its answer first, so
		// a refusal holds the others back instead of each counting toward the gateway's lockout.
		const ahead = signingIn.get(memo);
		if (ahead) {
			await ahead;
			if (opts.signal?.aborted) throw abortError(opts.node, opts.signal, 'connect');
		}
		if (!opts.retryRefused) throwIfRefused(opts, memo);
		const signIn = GatewayRpc.signIn(opts, memo);
		if (!signingIn.has(memo)) {
			const settled = signIn.then(
				() => undefined,
				() => undefined,
			);
			signingIn.set(memo, settled);
			void settled.then(() => {
				if (signingIn.get(memo) === settled) signingIn.delete(memo);
			});
		}
		return signIn;
	}

	/** The handshake, tried again while the gateway is starting; a refusal of the secret is noted. */
	private static async signIn(opts: RpcConnectOptions, memo: string): Promise<GatewayRpc> {
		const deadline = Date.now() + (opts.handshakeTimeoutMs ?? 15000);
		for (let attempt = 0; ; attempt++) {
			const rpc = new GatewayRpc(opts);
			try {
				await rpc.handshake(deadline);
				refusedSignIns.delete(memo);
				return rpc;
			} catch (error) {
				rpc.close();
				noteRefusedSignIn(memo, error);
				const ctx = (error as { context?: IDataObject }).context;
				const retryable = ctx?.openclawKind === 'starting' && attempt < MAX_STARTUP_RETRIES;
				const wait = Number(ctx?.retryAfterMs ?? 500);
				if (!retryable || Date.now() + wait >= deadline || opts.signal?.aborted) {
					throw asNodeError(opts.node, error, [opts.secret]);
				}
				await sleep(wait);
				// Cancelled while waiting: no new connection.
				if (opts.signal?.aborted) throw asNodeError(opts.node, error, [opts.secret]);
			}
		}
	}

	/** The device ID the gateway knows n8n by (for "openclaw devices" commands). */
	get deviceId(): string {
		return this.opts.device.id;
	}

	get protocol(): number {
		return this.hello.protocol;
	}
	/** Whether a request written now reaches the gateway (the socket may close at any time). */
	get isOpen(): boolean {
		return !this.closed && this.socket.readyState === OPEN;
	}

	/** The connection had closed before the request was written: nothing reached the gateway. */
	private notSentError(method: string): Error {
		return operationError(
			this.opts.node,
			`The connection to the gateway had closed before ${method} was sent`,
			'Run the node again; the gateway may have restarted.',
			'not-sent',
		);
	}

	/** Feature detection: the gateway's advertised method list. */
	has(method: string): boolean {
		return (this.hello.features?.methods ?? []).includes(method);
	}
	/** Subscribes to event frames (except large streamed deltas, which are dropped unparsed). */
	onEvent(listener: (frame: EventFrame) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Hears the frame seq of each large streamed delta dropped unparsed (not a gap in the sequence). */
	onSkippedFrame(listener: (seq: number) => void): () => void {
		this.skipListeners.add(listener);
		return () => this.skipListeners.delete(listener);
	}

	private async handshake(deadline: number): Promise<void> {
		const signal = this.handshakeSignal(deadline);
		const nonce = await new Promise<string>((resolve, reject) => {
			if (this.closed) return reject(this.closeError ?? this.connectionClosedError());
			this.challenge = resolve;
			this.pending.set('__challenge', {
				method: 'connect',
				resolve: () => undefined,
				reject,
				expectFinal: false,
			});
			signal.addEventListener(
				'abort',
				() => reject(abortError(this.opts.node, signal, 'connect')),
				{
					once: true,
				},
			);
			const wait = this.opts.challengeTimeoutMs;
			if (wait)
				AbortSignal.timeout(wait).addEventListener(
					'abort',
					() => reject(this.notGreetedError(`nothing in ${wait / 1000} s`)),
					{ once: true },
				);
		}).finally(() => this.pending.delete('__challenge'));

		const { authMode, secret, device, scopes } = this.opts;
		const signedAt = Date.now();
		const params = {
			minProtocol: MIN_PROTOCOL,
			maxProtocol: MAX_PROTOCOL,
			client: {
				id: CLIENT_ID,
				version: PACKAGE_VERSION,
				platform: CLIENT_PLATFORM,
				mode: CLIENT_MODE,
				displayName: CLIENT_DISPLAY_NAME,
			},
			role: ROLE,
			scopes: [...scopes],
			caps: [...(this.opts.caps ?? [])],
			auth: authMode === 'password' ? { password: secret } : { token: secret },
			device: signDevice(device, {
				clientId: CLIENT_ID,
				clientMode: CLIENT_MODE,
				role: ROLE,
				scopes,
				signedAt,
				token: authMode === 'password' ? '' : secret,
				nonce,
			}),
		};
		this.hello = await this.call<HelloOk>('connect', params, { signal });
		this.armWatchdog();
	}

	/** Sends a request and resolves with its (final) payload. */
	call<T = IDataObject>(method: string, params: unknown, options: CallOptions = {}): Promise<T> {
		if (!this.isOpen) return Promise.reject(this.notSentError(method));
		const signal = options.signal;
		if (signal?.aborted) return Promise.reject(abortError(this.opts.node, signal, method));
		const id = String(++this.nextId);
		const frame = JSON.stringify({ type: 'req', id, method, params });
		const limit = this.hello?.policy?.maxPayload ?? DEFAULT_MAX_PAYLOAD;
		if (Buffer.byteLength(frame) > limit) {
			return Promise.reject(
				operationError(
					this.opts.node,
					`The ${method} request is ${Buffer.byteLength(frame)} bytes; the gateway accepts at most ${limit}`,
					'Make the message or arguments smaller.',
					'too-large',
				),
			);
		}
		return new Promise<T>((resolve, reject) => {
			const onAbort = () => {
				if (this.pending.delete(id)) reject(abortError(this.opts.node, signal!, method));
			};
			this.pending.set(id, {
				method,
				resolve: (p) => {
					signal?.removeEventListener('abort', onAbort);
					resolve(p as T);
				},
				reject: (e) => {
					signal?.removeEventListener('abort', onAbort);
					reject(e);
				},
				expectFinal: options.expectFinal ?? false,
				onAccepted: options.onAccepted,
			});
			signal?.addEventListener('abort', onAbort, { once: true });
			try {
				this.socket.send(frame);
			} catch {
				this.pending.delete(id);
				reject(this.notSentError(method));
			}
		});
	}

	close(): void {
		if (!this.closed) {
			this.fail(this.connectionClosedError('the node closed the connection'));
		}
		try {
			if (this.socket.readyState <= OPEN) this.socket.close(1000, 'done');
		} catch {
			/* already closed */
		}
	}

	// ---------------------------------------------------------------------------------------------

	/** The handshake ends at the deadline or when the execution is cancelled; calls carry their own signals. */
	private handshakeSignal(deadline: number): AbortSignal {
		const timeout = AbortSignal.timeout(Math.max(1, deadline - Date.now()));
		return this.opts.signal ? AbortSignal.any([timeout, this.opts.signal]) : timeout;
	}

	private onMessage(data: unknown): void {
		this.lastSeen = Date.now();
		const text =
			typeof data === 'string'
				? data
				: Buffer.isBuffer(data)
					? data.toString('utf8')
					: String(data);
		if (isLargeStreamDelta(text)) {
			// The frame's own seq follows its payload (2026.9: {"type":"event",…,"payload":…,"seq":N…}).
			const seq = /,"seq":(\d+)(?!.*"seq":)/s.exec(text.slice(-512))?.[1];
			if (seq) for (const listener of [...this.skipListeners]) listener(Number(seq));
			return;
		}
		let frame: ResponseFrame | EventFrame;
		try {
			frame = JSON.parse(text) as ResponseFrame | EventFrame;
			if (!frame || typeof frame !== 'object') throw new Error('not an object');
		} catch {
			this.fail(
				operationError(
					this.opts.node,
					'The gateway sent a frame that is not valid JSON',
					'The connection was closed. Check that the Gateway URL points at an OpenClaw gateway, not another WebSocket server or proxy.',
					'malformed-frame',
				),
			);
			this.safeClose(1002, 'malformed frame');
			return;
		}
		if (frame.type === 'event') {
			if (frame.event === 'connect.challenge') {
				this.greeted = true;
				const nonce = frame.payload?.nonce;
				if (typeof nonce === 'string' && this.challenge) {
					const resolve = this.challenge;
					this.challenge = undefined;
					resolve(nonce);
				}
				return;
			}
			for (const listener of [...this.listeners]) listener(frame);
			return;
		}
		if (frame.type !== 'res' || typeof frame.id !== 'string') return;
		const pending = this.pending.get(frame.id);
		if (!pending) return;
		// The first answer of an `agent`-style call: accepted, or (2026.9, the same key already running)
		// in_flight, after which no final comes on this request.
		const status = frame.payload?.status;
		if (frame.ok && pending.expectFinal && (status === 'accepted' || status === 'in_flight')) {
			pending.onAccepted?.(frame.payload ?? {});
			return;
		}
		this.pending.delete(frame.id);
		if (frame.ok) pending.resolve(frame.payload ?? {});
		else pending.reject(this.rpcError(frame.error ?? {}, pending.method));
	}

	private rpcError(shape: GatewayErrorShape, method: string): Error {
		return apiError(
			this.opts.node,
			rpcErrorInfo(shape, { method, deviceId: this.opts.device.id, authMode: this.opts.authMode }),
			shape,
			this.secrets,
		);
	}

	private onClose(code?: number, reason?: string): void {
		if (this.closed) return;
		const detail = `${code ? `, code ${code}` : ''}${reason ? `: ${reason}` : ''}`;
		this.fail(
			this.greeted
				? this.connectionClosedError(undefined, code, reason)
				: this.notGreetedError(`the connection closed${detail}`),
		);
	}

	/** The handshake ended before the gateway's greeting: nothing there, or not an OpenClaw gateway. */
	private notGreetedError(what: string): Error {
		const url = this.opts.url;
		return operationError(
			this.opts.node,
			this.opened
				? `Something at ${url} answered, but not like an OpenClaw gateway (no greeting; ${what})`
				: `No WebSocket connection to ${url} (${what})`,
			this.opened
				? 'Check the Gateway URL in the OpenClaw credential: the address and port of the gateway (default 18789), plus its path prefix behind a proxy.'
				: 'Check the Gateway URL in the OpenClaw credential (address and port, default 18789) and that the gateway is running and reachable from n8n (bind, firewall, Tailscale). A gateway that is starting, restarting or has too many connections waiting to sign in refuses new ones for a while.',
			'connection-closed',
		);
	}

	private connectionClosedError(why?: string, code?: number, reason?: string): Error {
		const detail =
			why ?? `the connection closed${code ? ` (code ${code}${reason ? `: ${reason}` : ''})` : ''}`;
		return operationError(
			this.opts.node,
			`The OpenClaw gateway connection ended before the answer arrived: ${detail}`,
			'Check that the gateway is running and reachable at the Gateway URL, then try again.',
			'connection-closed',
		);
	}

	/** Rejects every pending call and marks the connection closed. */
	private fail(error: Error): void {
		if (this.closed) return;
		this.closed = true;
		this.closeError = error;
		this.onClosed?.(error);
		const pending = [...this.pending.values()];
		this.pending.clear();
		for (const p of pending) p.reject(error);
	}

	private safeClose(code: number, reason: string): void {
		try {
			this.socket.close(code === 1002 ? 1000 : code, reason);
		} catch {
			/* ignore */
		}
	}

	/** Liveness: the gateway ticks every tickIntervalMs; silence for twice that ends the connection. */
	private armWatchdog(delayMs?: number): void {
		const window = 2 * (this.hello.policy?.tickIntervalMs ?? DEFAULT_TICK_MS);
		const signal = AbortSignal.timeout(delayMs ?? window);
		signal.addEventListener(
			'abort',
			() => {
				if (this.closed) return;
				const idle = Date.now() - this.lastSeen;
				if (idle < window) return this.armWatchdog(window - idle);
				this.fail(
					operationError(
						this.opts.node,
						`The OpenClaw gateway stopped responding (nothing received for ${(idle / 1000).toFixed(1)} s)`,
						'Check that the gateway is running and the network between n8n and the gateway is up, then try again.',
						'stalled',
					),
				);
				this.safeClose(4000, 'tick timeout');
			},
			{ once: true },
		);
	}
}

/** A call (or the connect) ended by its signal: its timeout, or the execution's cancel. */
function abortError(node: INode, signal: AbortSignal, method: string): Error {
	const reason = signal.reason as { name?: string } | undefined;
	if (reason?.name === 'TimeoutError') {
		return operationError(
			node,
			`The gateway did not answer ${method} in time`,
			'Check that the gateway is reachable and not overloaded, or raise the Timeout.',
			'timeout',
		);
	}
	return operationError(
		node,
		`The ${method} call was cancelled`,
		'The execution was stopped.',
		'cancelled',
	);
}

/**
 * Sign-ins the gateway refused for their secret, per gateway and secret, in this n8n process: not
 * tried again for REFUSED_SIGN_IN_MS. n8n activates a refused trigger again after 1, 2, 4 … s, and
 * several triggers (and executions) share a rotated token: without this they reach the gateway's
 * lockout (10 refused sign-ins a minute lock n8n's address out for 5 minutes, every node included).
 * With it, at most 6 a minute per gateway and secret. A sign-in that succeeds forgets the refusal.
 */
const REFUSED_SIGN_IN_MS = 10000;
const REFUSED_SIGN_IN_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['auth', 'auth-mode']);
const refusedSignIns = new Map<
	string,
	{ at: number; message: string; description: string; kind: ErrorKind }
>();
/** Sign-ins under way, per gateway and secret: settled (never rejected) when the gateway answered. */
const signingIn = new Map<string, Promise<void>>();

/** The gateway refused this secret less than REFUSED_SIGN_IN_MS ago: that refusal, without a sign-in. */
function throwIfRefused(opts: RpcConnectOptions, key: string): void {
	const refused = refusedSignIns.get(key);
	if (!refused) return;
	const ago = Date.now() - refused.at;
	if (ago >= REFUSED_SIGN_IN_MS) return;
	const again = Math.max(1, Math.ceil((REFUSED_SIGN_IN_MS - ago) / 1000));
	throw operationError(
		opts.node,
		`${refused.message} (${Math.round(ago / 1000)} s ago; not tried again for ${again} s)`,
		`${refused.description} This n8n does not sign in again with a secret the gateway refused in the last ${REFUSED_SIGN_IN_MS / 1000} s: each refused sign-in counts toward the gateway's lockout of n8n's address.`,
		refused.kind,
	);
}

function signInKey(opts: RpcConnectOptions): string {
	return createHash('sha256')
		.update(JSON.stringify([opts.url, opts.authMode, opts.secret]))
		.digest('hex');
}

function noteRefusedSignIn(key: string, error: unknown): void {
	const kind = errorKind(error);
	if (!kind || !REFUSED_SIGN_IN_KINDS.has(kind)) return;
	const now = Date.now();
	for (const [k, v] of refusedSignIns)
		if (now - v.at >= REFUSED_SIGN_IN_MS) refusedSignIns.delete(k);
	refusedSignIns.delete(key); // set again below, as the newest
	if (refusedSignIns.size >= 100)
		refusedSignIns.delete(refusedSignIns.keys().next().value as string);
	const e = error as { message?: string; description?: string };
	refusedSignIns.set(key, {
		at: now,
		message: String(e.message ?? ''),
		description: String(e.description ?? ''),
		kind,
	});
}
