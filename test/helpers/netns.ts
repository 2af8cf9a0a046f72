/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/require-node-api-error -- test helper: creates and removes a private network namespace */
import { execFileSync } from 'node:child_process';

/**
 * A network namespace of the test's own, joined to this one by a veth pair, so a gateway started
 * inside it sees our connections as coming from another host (pairing only happens off loopback).
 * Only these two private addresses are used, and everything is removed afterwards.
 */
export interface TestNetns {
	name: string;
	hostIp: string;
	nsIp: string;
	/** Takes the namespace's end of the link down (`false`) or up again: a silent network drop. */
	link(up: boolean): void;
	remove(): void;
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] });

export function createNetns(): TestNetns {
	const n = (process.pid % 200) + Math.floor(Math.random() * 50);
	const name = `ocn8n-${process.pid}-${n}`;
	const hostIf = `och${n}x${process.pid % 1000}`.slice(0, 15);
	const nsIf = `ocn${n}x${process.pid % 1000}`.slice(0, 15);
	const hostIp = `10.213.${n}.1`;
	const nsIp = `10.213.${n}.2`;
	ip('netns', 'add', name);
	try {
		ip('link', 'add', hostIf, 'type', 'veth', 'peer', 'name', nsIf);
		ip('link', 'set', nsIf, 'netns', name);
		ip('addr', 'add', `${hostIp}/30`, 'dev', hostIf);
		ip('link', 'set', hostIf, 'up');
		ip('-n', name, 'addr', 'add', `${nsIp}/30`, 'dev', nsIf);
		ip('-n', name, 'link', 'set', nsIf, 'up');
		ip('-n', name, 'link', 'set', 'lo', 'up');
	} catch (e) {
		try {
			ip('netns', 'del', name);
		} catch {
			/* ignore */
		}
		throw e;
	}
	return {
		name,
		hostIp,
		nsIp,
		link(up: boolean) {
			ip('-n', name, 'link', 'set', nsIf, up ? 'up' : 'down');
		},
		remove() {
			try {
				ip('link', 'del', hostIf);
			} catch {
				/* gone with the namespace */
			}
			ip('netns', 'del', name);
		},
	};
}
