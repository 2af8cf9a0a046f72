/* eslint-disable @n8n/community-nodes/no-restricted-imports -- load: a counting TCP proxy on loopback */
import net from 'node:net';

/**
 * A TCP proxy on loopback in front of the gateway that counts what n8n opens: TCP connections,
 * WebSocket upgrades, and device sign-ins (the gateway's `hello-ok` answers, read from its
 * unmasked, uncompressed frames: OpenClaw's WebSocket server turns compression off).
 */
export interface Counts {
	tcp: number;
	webSockets: number;
	signIns: number;
	httpRequests: number;
}
export interface CountingProxy {
	url: string;
	counts(): Counts;
	stop(): Promise<void>;
}

/** Reads whole server frames from a stream and reports each text frame's payload. */
function frameReader(onText: (text: string) => void) {
	let buf: Buffer = Buffer.alloc(0);
	return (chunk: Buffer) => {
		buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
		for (;;) {
			if (buf.length < 2) return;
			const opcode = buf[0] & 0x0f;
			let len = buf[1] & 0x7f;
			let at = 2;
			if (len === 126) {
				if (buf.length < 4) return;
				len = buf.readUInt16BE(2);
				at = 4;
			} else if (len === 127) {
				if (buf.length < 10) return;
				len = Number(buf.readBigUInt64BE(2));
				at = 10;
			}
			if (buf.length < at + len) return;
			// A sign-in answer is small: only those are decoded.
			if (opcode === 1 && len < 1 << 20) onText(buf.subarray(at, at + len).toString('utf8'));
			buf = buf.subarray(at + len);
		}
	};
}

export async function startCountingProxy(target: URL): Promise<CountingProxy> {
	const counts: Counts = { tcp: 0, webSockets: 0, signIns: 0, httpRequests: 0 };
	const sockets = new Set<net.Socket>();
	const server = net.createServer((client) => {
		counts.tcp++;
		const upstream = net.connect(Number(target.port), target.hostname);
		sockets.add(client).add(upstream);
		let upgraded = false;
		let headersDone = false;
		let head: Buffer = Buffer.alloc(0);
		const read = frameReader((text) => {
			if (text.includes('"hello-ok"')) counts.signIns++;
		});
		client.on('data', (chunk: Buffer) => {
			if (!upgraded) {
				// Requests on a kept-alive connection: count their request lines.
				const text = chunk.toString('latin1');
				counts.httpRequests += (
					text.match(/^(GET|POST|PUT|DELETE|PATCH|HEAD) \S+ HTTP\/1\.1\r$/gm) ?? []
				).length;
				if (/^upgrade:\s*websocket\r?$/im.test(text)) {
					upgraded = true;
					counts.webSockets++;
				}
			}
			upstream.write(chunk);
		});
		upstream.on('data', (chunk: Buffer) => {
			client.write(chunk);
			if (!upgraded) return;
			if (!headersDone) {
				head = Buffer.concat([head, chunk]);
				const end = head.indexOf('\r\n\r\n');
				if (end < 0) return;
				headersDone = true;
				if (!head.subarray(0, 12).toString().includes(' 101')) {
					upgraded = false;
					return;
				}
				const rest = head.subarray(end + 4);
				if (rest.length) read(rest);
				return;
			}
			read(chunk);
		});
		const end = () => {
			client.destroy();
			upstream.destroy();
			sockets.delete(client);
			sockets.delete(upstream);
		};
		client.on('close', end).on('error', end);
		upstream.on('close', end).on('error', end);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		counts: () => ({ ...counts }),
		stop: () =>
			new Promise<void>((resolve) => {
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			}),
	};
}
