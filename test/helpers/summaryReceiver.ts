/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals -- test helper: a loopback webhook receiver, the gateway's sockets */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import { sleep, type IDataObject } from 'n8n-workflow';

/**
 * Example 5's "somewhere useful": a chat's incoming webhook, here a loopback HTTP server that keeps
 * every JSON body POSTed to it.
 */
export interface Receiver {
	url: string;
	posts: IDataObject[];
	/** When each post arrived (ms since the epoch), in the order of `posts`. */
	arrivals: number[];
	stop(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
	const posts: IDataObject[] = [];
	const arrivals: number[] = [];
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (c: Buffer) => (body += c.toString('utf8')));
		req.on('end', () => {
			arrivals.push(Date.now());
			try {
				posts.push(JSON.parse(body) as IDataObject);
			} catch {
				posts.push({ raw: body });
			}
			res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/hooks/openclaw`,
		posts,
		arrivals,
		stop: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** Example 5 as a user sets it up: its Post Summary URL pointed at `url`, written to `dir`. */
export function example5File(
	root: string,
	dir: string,
	url: string,
	id = 'oclExample00005',
): string {
	const example = JSON.parse(
		fs.readFileSync(path.join(root, 'examples', '5-run-finished-summary.json'), 'utf8'),
	) as { id: string; nodes: Array<{ name: string; parameters: IDataObject }> };
	example.id = id;
	for (const n of example.nodes) if (n.name === 'Post Summary') n.parameters.url = url;
	const file = path.join(dir, `${id}.json`);
	fs.writeFileSync(file, JSON.stringify(example));
	return file;
}

/**
 * Established TCP connections from process `pid` (default: this one) to the gateway's port: the
 * sockets a trigger holds open, whatever other processes do on the same gateway.
 */
export function gatewaySockets(url: string, pid: number = process.pid): number {
	const port = new URL(url).port;
	const out = execFileSync('ss', ['-Htnp', 'state', 'established', `( dport = :${port} )`], {
		encoding: 'utf8',
	});
	return out.split('\n').filter((l) => l.includes(`pid=${pid},`)).length;
}

/**
 * The connection count once it holds still for a second: sockets of earlier tests (closed without
 * waiting) may still be going away when a test starts.
 */
export async function settledSockets(url: string, pid?: number): Promise<number> {
	let last = gatewaySockets(url, pid);
	for (let i = 0; i < 30; i++) {
		await sleep(1000);
		const now = gatewaySockets(url, pid);
		if (now === last) return now;
		last = now;
	}
	return last;
}

/** Polls `check` until it holds. */
export async function until(
	check: () => boolean | Promise<boolean>,
	timeoutMs = 30000,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await sleep(200);
	}
}
