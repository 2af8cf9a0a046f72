import { createHash } from 'node:crypto';
import type { INode } from 'n8n-workflow';

import { operationError } from '../errors';
import type { GatewayRpc } from './rpc';

/**
 * The execution's WebSocket with one owner. Every caller asks it for an open connection; when the
 * connection has closed, the first caller to notice starts one new handshake and every other caller
 * waits for that same one (single flight), so runs in flight when a connection drops share one new
 * connection instead of replacing each other's. `close()` closes every socket it ever opened,
 * including one whose handshake finishes afterwards. Nothing here imports the client: the client and
 * the agent run both use this.
 */
export class SharedConnection {
	/** How many handshakes were started (the benchmark and the tests count them). */
	handshakes = 0;
	private pending?: Promise<GatewayRpc>;
	private readonly opened = new Set<GatewayRpc>();
	private closedForGood = false;
	/** Ends a handshake in progress when the owner closes (no caller's own signal ends a shared one). */
	private readonly closing = new AbortController();
	/** When this owner was made (the pool hands an old one to no new execution). */
	readonly createdAt = Date.now();

	constructor(
		private readonly node: INode,
		/** Opens one new signed-in connection; `signal` is the owner's, aborted by close(). */
		private readonly openOne: (signal: AbortSignal) => Promise<GatewayRpc>,
	) {}

	/** How many sockets this owner holds open now. */
	get openSockets(): number {
		return [...this.opened].filter((rpc) => rpc.isOpen).length;
	}

	/**
	 * An open connection: the current one, the one being opened (shared with every waiter), or a new
	 * one. `signal` ends this caller's wait, never the shared handshake (other callers wait for it
	 * too): only close() ends that, and its own deadline.
	 */
	async get(signal?: AbortSignal): Promise<GatewayRpc> {
		for (let attempt = 0; ; attempt++) {
			if (this.closedForGood) throw this.closedError();
			// A caller already cancelled starts no handshake for the others to join.
			if (signal?.aborted) throw abortedError(signal, this.node);
			const p = (this.pending ??= this.start());
			const rpc = await waitFor(p, signal, this.node);
			if (rpc.isOpen) return rpc;
			// Closed since: replace it, unless another caller already has (compare and swap).
			if (this.pending === p) this.pending = undefined;
			// A connection that closes as soon as it opens: say why instead of opening more.
			if (attempt >= 2) throw await rpc.ended;
		}
	}

	/** Closes every socket this owner opened; later requests are refused. */
	close(): void {
		this.closedForGood = true;
		this.closing.abort();
		this.pending = undefined;
		for (const rpc of this.opened) rpc.close();
		this.opened.clear();
	}

	private start(): Promise<GatewayRpc> {
		this.handshakes++;
		const p: Promise<GatewayRpc> = this.openOne(this.closing.signal).then(
			(rpc) => {
				if (this.closedForGood) {
					rpc.close();
					throw this.closedError();
				}
				this.opened.add(rpc);
				void rpc.ended.then(() => this.opened.delete(rpc));
				return rpc;
			},
			(error: unknown) => {
				if (this.pending === p) this.pending = undefined;
				throw error;
			},
		);
		return p;
	}

	private closedError(): Error {
		return closedConnectionError(this.node);
	}
}

/** What a caller gets once the connection was given back (the node finished or was stopped). */
export function closedConnectionError(node: INode): Error {
	return operationError(
		node,
		'The connection to the gateway was closed when the node finished',
		'Nothing more is sent once the node has finished or was stopped.',
		'cancelled',
	);
}

/** One process's share of a connection: the connection, and the call that gives it back. */
export interface Lease {
	conn: SharedConnection;
	release(): void;
}

/**
 * One WebSocket per credential per n8n process, shared by the executions that run at the same time
 * (a queue-mode worker runs many): the gateway sends every run's events to every operator
 * connection, so 50 executions on 50 connections cost it 50 × 50 event deliveries, and 50 sign-ins
 * at once meet its limit of 32 unauthenticated sockets per address. Keyed by everything that makes a
 * connection's rights (credential, URL, secret, device, scopes), so two credentials never share one;
 * the key holds a hash of the secret, not the secret. Closed when the last execution using it ends.
 */
const pool = new Map<string, { conn: SharedConnection; users: number }>();
/**
 * A connection older than this is handed to no new execution (a new one is opened; the old one closes
 * when its last execution ends): what its sign-in fixed (scopes granted, the hello's session defaults
 * and limits) is never older than this for a new execution, even on a worker that is never idle.
 */
export const POOLED_CONNECTION_MAX_AGE_MS = 5 * 60 * 1000;

export function poolKey(parts: {
	credentialId?: string;
	url: string;
	authMode: string;
	secret: string;
	deviceId: string;
	scopes: readonly string[];
}): string {
	return createHash('sha256')
		.update(
			JSON.stringify([
				parts.credentialId ?? '',
				parts.url,
				parts.authMode,
				parts.secret,
				parts.deviceId,
				[...parts.scopes].sort(),
			]),
		)
		.digest('hex');
}

export function leaseConnection(key: string, create: () => SharedConnection): Lease {
	let entry = pool.get(key);
	if (!entry || Date.now() - entry.conn.createdAt > POOLED_CONNECTION_MAX_AGE_MS) {
		entry = { conn: create(), users: 0 };
		pool.set(key, entry);
	}
	const held = entry;
	held.users++;
	let released = false;
	return {
		conn: held.conn,
		release: () => {
			if (released) return;
			released = true;
			if (--held.users > 0) return;
			if (pool.get(key) === held) pool.delete(key);
			held.conn.close();
		},
	};
}

/** Connections this process holds for executions now (the tests count them). */
export const pooledConnections = (): number => pool.size;

/** `p`, or this caller's own abort (a timeout or n8n's cancel) if that comes first. */
function waitFor<T>(p: Promise<T>, signal: AbortSignal | undefined, node: INode): Promise<T> {
	if (!signal) return p;
	// The shared handshake may fail after this caller gave up: its error is the other waiters'.
	p.catch(() => undefined);
	return new Promise<T>((resolve, reject) => {
		const onAbort = () => reject(abortedError(signal, node));
		if (signal.aborted) return onAbort();
		signal.addEventListener('abort', onAbort, { once: true });
		p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
	});
}

function abortedError(signal: AbortSignal, node: INode): Error {
	const timedOut = (signal.reason as { name?: string } | undefined)?.name === 'TimeoutError';
	return timedOut
		? operationError(
				node,
				'The gateway did not accept a connection in time',
				'Check that the gateway is running and reachable at the Gateway URL, or raise the Timeout.',
				'timeout',
			)
		: operationError(
				node,
				'The execution was cancelled',
				'The execution was stopped.',
				'cancelled',
			);
}
