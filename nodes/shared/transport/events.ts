import type { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { asNodeError, isKind, NO_RECONNECT_KINDS, type ErrorKind } from '../errors';
import type { GatewayClient } from './client';
import { pause } from './poll';
import type { EventFrame } from './protocol';
import type { GatewayRpc } from './rpc';

/**
 * A gateway event subscription that outlives connections: one WebSocket at a time, opened at start,
 * opened again after a drop with capped, jittered backoff (1 s doubling to 10 s), prepared again each
 * time (checks, `sessions.subscribe`). A refusal that reconnecting cannot cure (wrong secret, device
 * not paired, a missing scope or event) ends it through `onFatal`; a drop does not.
 */
export interface EventStreamHandlers {
	/** Capabilities the connection announces (e.g. `exec-approvals`). */
	caps: readonly string[];
	/** Runs on every new connection before its events count; throwing refuses the connection. */
	prepare(rpc: GatewayRpc): Promise<void>;
	/** One event frame; `connection` numbers the connection it came on (1, 2, …). */
	onEvent(frame: EventFrame, connection: number): void;
	/**
	 * Events may be missing: after a reconnect, the span in which no connection was open; on a live
	 * connection, a hole in the frame sequence (2026.9 skips events it drops for a slow reader).
	 */
	onGap(gap: EventGap, rpc: GatewayRpc): Promise<void>;
	/** A refusal reconnecting cannot cure, after events were last heard at `since` (ms): the stream has stopped. */
	onFatal(error: NodeApiError | NodeOperationError, since: number): void;
}

export interface EventGap {
	/** When the previous connection last heard the gateway (ms): events after it may be lost. */
	from: number;
	/** When the new connection was ready (ms). */
	to: number;
	/** Why the previous connection ended. */
	reason: string;
}

/** Refusals a reconnect cannot cure: wrong secret, pairing, a missing scope, an event the gateway lacks. */
const FATAL: ReadonlySet<ErrorKind> = new Set<ErrorKind>([
	...NO_RECONNECT_KINDS,
	'event-unavailable',
]);

const FIRST_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 10000;
const HANDSHAKE_MS = 15000;
/** A connection that lasted this long was healthy: the next drop's backoff starts again at 1 s. */
const STABLE_MS = 10000;
/** How far behind a reader may be when 2026.9 drops frames for it (a 50 MB backlog): a hole's span starts this much earlier. */
const BACKLOG_MARGIN_MS = 5 * 60 * 1000;

/** The wait before reconnect attempt `attempt` (0-based): doubling from 1 s, capped at 10 s, 50–100 % of it. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
	const base = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** Math.min(attempt, 16));
	return Math.round(base * (0.5 + random() / 2));
}

export class EventStream {
	/** How many connections were opened (the first included). */
	connections = 0;
	private readonly stop = new AbortController();
	private current?: GatewayRpc;

	constructor(
		private readonly client: GatewayClient,
		private readonly handlers: EventStreamHandlers,
	) {}

	/** Opens the first connection; its failure is the caller's (activation fails with it). */
	async start(): Promise<void> {
		const rpc = await this.open();
		void this.follow(rpc);
	}

	/** Closes the connection and stops reconnecting. */
	close(): void {
		this.stop.abort();
		this.current?.close();
		this.current = undefined;
	}

	get stopped(): boolean {
		return this.stop.signal.aborted;
	}

	/** Aborts when the stream is closed. */
	get signal(): AbortSignal {
		return this.stop.signal;
	}

	private async open(): Promise<GatewayRpc> {
		const signal = AbortSignal.any([this.stop.signal, AbortSignal.timeout(HANDSHAKE_MS)]);
		const rpc = await this.client.eventConnection(this.handlers.caps, signal);
		if (this.stopped) {
			rpc.close();
			throw new Error('stopped');
		}
		const connection = ++this.connections;
		// 2026.9 numbers every frame it sends to a connection (seq), also one it drops because the
		// reader is more than 50 MB behind (dropIfSlow): a hole is a gap. 2026.2.x numbers its
		// broadcasts globally and filters per client, so holes there mean nothing.
		const sequenced = rpc.protocol >= 4;
		let lastSeq: number | undefined;
		let lastAt = Date.now();
		// One gap at a time: each reads the cron run log, and a slow reader may see several holes.
		let gaps: Promise<void> = Promise.resolve();
		const saw = (seq: number) => {
			const now = Date.now();
			const missing = lastSeq === undefined ? 0 : seq - lastSeq - 1;
			lastSeq = seq;
			if (missing > 0) {
				// Frames arrive late when the reader is behind, so a dropped frame may be older than the
				// last one received: the span starts earlier by that margin.
				const gap = {
					from: lastAt - BACKLOG_MARGIN_MS,
					to: now,
					reason: `the gateway skipped ${missing} event${missing === 1 ? '' : 's'} (it drops events for a reader that falls behind)`,
				};
				gaps = gaps.then(() => this.handlers.onGap(gap, rpc)).catch(() => undefined);
			}
			lastAt = now;
		};
		// Large streamed deltas the transport drops unread still count in the sequence.
		rpc.onSkippedFrame((seq) => {
			if (sequenced && !this.stopped && this.current === rpc) saw(seq);
		});
		// Events arriving while prepare() subscribes are kept: the gateway may send them before it answers.
		rpc.onEvent((frame) => {
			if (this.stopped || this.current !== rpc) return;
			if (sequenced && typeof frame.seq === 'number') saw(frame.seq);
			else lastAt = Date.now();
			this.handlers.onEvent(frame, connection);
		});
		this.current = rpc;
		try {
			await this.handlers.prepare(rpc);
		} catch (error) {
			this.current = undefined;
			rpc.close();
			throw asNodeError(this.client.node, error, this.client.secrets);
		}
		return rpc;
	}

	/** Waits for the connection to end, then reconnects until stopped or refused for good. */
	private async follow(rpc: GatewayRpc): Promise<void> {
		// Attempts since the last connection that lasted: one that drops at once (a proxy, a gateway
		// shedding load) does not bring the wait back to 1 s, so a flapping gateway is not hammered.
		let attempt = 0;
		let openedAt = Date.now();
		for (;;) {
			const ended = await rpc.ended;
			if (this.stopped) return;
			// Events after the last frame heard may be lost: a silent connection is only noticed later.
			const from = rpc.lastReceivedAt;
			if (Date.now() - openedAt >= STABLE_MS) attempt = 0;
			for (; ; attempt++) {
				await pause(backoffMs(attempt), this.stop.signal);
				if (this.stopped) return;
				try {
					rpc = await this.open();
					openedAt = Date.now();
					attempt++;
					break;
				} catch (error) {
					if (this.stopped) return;
					if (isKind(error, FATAL)) {
						this.stop.abort();
						this.handlers.onFatal(error as NodeApiError | NodeOperationError, from);
						return;
					}
				}
			}
			try {
				await this.handlers.onGap({ from, to: Date.now(), reason: ended.message }, rpc);
			} catch {
				/* a failed recovery leaves the gap item as the record */
			}
		}
	}
}
