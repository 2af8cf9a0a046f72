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

	constructor(
		private readonly node: INode,
		/** Opens one new signed-in connection. */
		private readonly openOne: (signal?: AbortSignal) => Promise<GatewayRpc>,
	) {}

	/** How many sockets this owner holds open now. */
	get openSockets(): number {
		return [...this.opened].filter((rpc) => rpc.isOpen).length;
	}

	/**
	 * An open connection: the current one, the one being opened (shared with every waiter), or a new
	 * one. `signal` ends this caller's wait (not the shared handshake, unless this caller started it);
	 * `open` replaces how a new connection is opened (a cleanup after cancel bounds it by its own signal).
	 */
	async get(
		signal?: AbortSignal,
		open: (signal?: AbortSignal) => Promise<GatewayRpc> = this.openOne,
	): Promise<GatewayRpc> {
		for (let attempt = 0; ; attempt++) {
			if (this.closedForGood) throw this.closedError();
			const p = (this.pending ??= this.start(open, signal));
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
		this.pending = undefined;
		for (const rpc of this.opened) rpc.close();
		this.opened.clear();
	}

	private start(
		open: (signal?: AbortSignal) => Promise<GatewayRpc>,
		signal?: AbortSignal,
	): Promise<GatewayRpc> {
		this.handshakes++;
		const p: Promise<GatewayRpc> = open(signal).then(
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
		return operationError(
			this.node,
			'The connection to the gateway was closed when the node finished',
			'Nothing more is sent once the node has finished or was stopped.',
			'cancelled',
		);
	}
}

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
