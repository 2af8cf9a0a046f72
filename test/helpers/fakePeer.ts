/* eslint-disable @n8n/community-nodes/no-restricted-imports -- a fake gateway on loopback */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sleep } from 'n8n-workflow';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A protocol-level fake gateway, only for what a real one cannot be made to do on demand:
 * out-of-order replies, malformed frames, dropped sockets, stalls, oversized frames.
 */
export interface Req {
	type: 'req';
	id: string;
	method: string;
	params: Record<string, unknown>;
}
export type Handler = (req: Req, ws: WebSocket, peer: FakePeer) => void;

export interface FakePeerOptions {
	tickIntervalMs?: number;
	maxPayload?: number;
	methods?: string[];
	/** The events its hello offers (features.events). */
	events?: string[];
	/** Scopes its hello grants (hello-ok auth.scopes); none: no auth block, as 2026.2.x. */
	scopes?: string[];
	handlers?: Record<string, Handler>;
	/** Answer `connect` with this error instead of hello-ok. */
	connectError?: Record<string, unknown>;
	/** The gateway's uptime its hello reports (a gateway that restarts reports less than the time since). */
	uptimeMs?: () => number;
	/** Holds the answer to `connect` this long (a gateway slow to sign in, e.g. under load). */
	connectDelayMs?: number;
	/** Per connection (1, 2, …): an error to answer `connect` with, or undefined for hello-ok. */
	refuseConnect?: (connection: number) => Record<string, unknown> | undefined;
	/** Answers plain HTTP requests on the same port (the gateway multiplexes both on one). */
	http?: http.RequestListener;
}

/** What the gateway answers a sign-in with a wrong token (2026.9.6: the handshake's error). */
export const TOKEN_MISMATCH = {
	code: 'INVALID_REQUEST',
	message: 'unauthorized: gateway token mismatch',
	details: { code: 'AUTH_TOKEN_MISMATCH' },
};

export class FakePeer {
	readonly requests: Req[] = [];
	connections = 0;
	private wss!: WebSocketServer;
	private server?: http.Server;
	url = '';

	constructor(private readonly opts: FakePeerOptions = {}) {}

	async start(): Promise<this> {
		let port: number;
		if (this.opts.http) {
			this.server = http.createServer(this.opts.http);
			await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
			this.wss = new WebSocketServer({ server: this.server });
			port = (this.server.address() as AddressInfo).port;
		} else {
			this.wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
			await new Promise<void>((r) => this.wss.once('listening', () => r()));
			port = (this.wss.address() as { port: number }).port;
		}
		this.url = `ws://127.0.0.1:${port}/`;
		this.wss.on('connection', (ws) => {
			this.connections++;
			ws.send(
				JSON.stringify({
					type: 'event',
					event: 'connect.challenge',
					payload: { nonce: `nonce-${this.connections}`, ts: Date.now() },
				}),
			);
			ws.on('message', (data) => {
				const req = JSON.parse(String(data)) as Req;
				this.requests.push(req);
				if (
					req.method === 'connect' &&
					this.opts.connectDelayMs &&
					!(req as { held?: boolean }).held
				) {
					const delayMs = this.opts.connectDelayMs;
					void sleep(delayMs).then(() =>
						ws.emit('message', JSON.stringify({ ...req, held: true })),
					);
					this.requests.pop();
					return;
				}
				if (req.method === 'connect') {
					const refusal = this.opts.connectError ?? this.opts.refuseConnect?.(this.connections);
					if (refusal) {
						FakePeer.fail(ws, req.id, refusal);
						ws.close(1008, 'rejected');
						return;
					}
					ws.send(
						JSON.stringify({
							type: 'res',
							id: req.id,
							ok: true,
							payload: {
								type: 'hello-ok',
								protocol: 4,
								server: { version: 'fake' },
								features: {
									methods: this.opts.methods ?? [
										'health',
										'sessions.list',
										'agent',
										'agent.wait',
										'chat.abort',
									],
									events: this.opts.events ?? [],
								},
								...(this.opts.scopes
									? { auth: { role: 'operator', scopes: this.opts.scopes } }
									: {}),
								snapshot: {
									...(this.opts.uptimeMs ? { uptimeMs: this.opts.uptimeMs() } : {}),
									sessionDefaults: {
										defaultAgentId: 'main',
										mainKey: 'main',
										mainSessionKey: 'agent:main:main',
									},
								},
								policy: {
									tickIntervalMs: this.opts.tickIntervalMs ?? 30000,
									maxPayload: this.opts.maxPayload ?? 26214400,
								},
							},
						}),
					);
					return;
				}
				const handler = this.opts.handlers?.[req.method];
				if (handler) handler(req, ws, this);
				else
					ws.send(
						JSON.stringify({ type: 'res', id: req.id, ok: true, payload: { echo: req.method } }),
					);
			});
		});
		return this;
	}

	static reply(ws: WebSocket, id: string, payload: Record<string, unknown>): void {
		ws.send(JSON.stringify({ type: 'res', id, ok: true, payload }));
	}

	/** Answers a request with an error (and, as the gateway does for a failed run, a payload). */
	static fail(
		ws: WebSocket,
		id: string,
		error: Record<string, unknown>,
		payload?: Record<string, unknown>,
	): void {
		ws.send(JSON.stringify({ type: 'res', id, ok: false, ...(payload ? { payload } : {}), error }));
	}

	/** Sends an event to every open connection (what the gateway broadcasts). */
	broadcast(event: string, payload: Record<string, unknown>): void {
		for (const c of this.wss.clients) c.send(JSON.stringify({ type: 'event', event, payload }));
	}

	/** The requests of one method the peer received, in order. */
	sent(method: string): Req[] {
		return this.requests.filter((r) => r.method === method);
	}

	/** The open connections (to close them from the gateway's side). */
	clients(): WebSocket[] {
		return [...this.wss.clients];
	}

	async stop(): Promise<void> {
		for (const c of this.wss.clients) c.terminate();
		await new Promise<void>((r) => this.wss.close(() => r()));
		if (this.server) {
			this.server.closeAllConnections();
			await new Promise<void>((r) => this.server!.close(() => r()));
		}
	}
}
