import WsWebSocket from 'ws';

import { deviceIdentity, signDevice } from '../nodes/shared/device';

/** Node's built-in WebSocket behind the few `ws` methods RawWs uses (diagnostic baseline). */
class BuiltInAdapter {
	private readonly ws: WebSocket;
	constructor(url: string) {
		this.ws = new WebSocket(url);
	}
	on(type: 'message', fn: (data: unknown) => void) {
		this.ws.addEventListener(type, (e) => fn((e as MessageEvent).data));
	}
	once(type: 'error', fn: (e: unknown) => void) {
		this.ws.addEventListener(type, fn, { once: true });
	}
	send(data: string) {
		this.ws.send(data);
	}
	close() {
		this.ws.close();
	}
}

/**
 * A raw WebSocket client (ws, or the built-in one) doing RPCs on one connection: token only on
 * loopback, or (`device`) signing in with a device identity as the nodes do (the same key, so the
 * same already paired device; the signature is the only shared code).
 */
export class RawWs {
	private ws!: WsWebSocket;
	private id = 0;
	private pending = new Map<
		string,
		{ resolve: (f: Record<string, unknown>) => void; final: boolean }
	>();
	static async open(url: string, token: string, builtIn = false, device = false): Promise<RawWs> {
		const c = new RawWs();
		c.ws = builtIn ? (new BuiltInAdapter(url) as unknown as WsWebSocket) : new WsWebSocket(url);
		const nonce = await new Promise<string>((resolve, reject) => {
			c.ws.on('message', (data) => {
				const f = JSON.parse(String(data));
				if (f.event === 'connect.challenge') resolve(String(f.payload?.nonce ?? ''));
				if (f.type === 'res') {
					const p = c.pending.get(f.id);
					if (!p) return;
					if (p.final && f.ok && f.payload?.status === 'accepted') return;
					c.pending.delete(f.id);
					p.resolve(f);
				}
			});
			c.ws.once('error', reject);
		});
		const client = { id: 'gateway-client', version: 'raw', platform: 'bench', mode: 'backend' };
		const scopes = device
			? ['operator.read', 'operator.write', 'operator.approvals']
			: ['operator.read', 'operator.write'];
		const hello = await c.call('connect', {
			minProtocol: 3,
			maxProtocol: 4,
			client,
			role: 'operator',
			scopes,
			auth: { token },
			...(device
				? {
						device: signDevice(deviceIdentity(token), {
							clientId: client.id,
							clientMode: client.mode,
							role: 'operator',
							scopes,
							signedAt: Date.now(),
							token,
							nonce,
						}),
					}
				: {}),
		});
		if (!hello.ok) throw new Error(JSON.stringify(hello.error));
		return c;
	}
	call(method: string, params: unknown, final = false): Promise<Record<string, unknown>> {
		const id = String(++this.id);
		return new Promise((resolve) => {
			this.pending.set(id, { resolve, final });
			this.ws.send(JSON.stringify({ type: 'req', id, method, params }));
		});
	}
	close() {
		this.ws.close();
	}
}
