/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- benchmark: a real n8n */
import fs from 'node:fs';
import path from 'node:path';

import type { RunningGateway } from '../test/helpers/gatewayModule';
import { n8nModule, type N8nServer } from '../test/helpers/n8nModule';

export const BENCH_ROOT = path.resolve(__dirname, '..', '..', '..');
export const CREDENTIAL = { id: 'openclawLocal001', name: 'OpenClaw (local gateway)' };

/**
 * The real n8n with the packed package and the OpenClaw credential of `gw`, the given workflows
 * imported and published (active), running until `stop()`.
 */
export async function benchN8n(
	gw: RunningGateway,
	workflows: Array<{ id: string }>,
	logName: string,
): Promise<{ server: N8nServer; stop: () => Promise<void> }> {
	const userFolder = fs.mkdtempSync(path.join(BENCH_ROOT, '.run', 'bench-n8n-'));
	await n8nModule.ensureN8n();
	await n8nModule.provision({ userFolder, gateway: gw, importWorkflows: false });
	for (const workflow of workflows) {
		const file = path.join(userFolder, `${workflow.id}.json`);
		fs.writeFileSync(file, JSON.stringify(workflow));
		await n8nModule.n8nCli(userFolder, ['import:workflow', `--input=${file}`]);
		await n8nModule.n8nCli(userFolder, ['publish:workflow', `--id=${workflow.id}`]);
	}
	const server = await n8nModule.startN8n({
		userFolder,
		logFile: path.join(BENCH_ROOT, '.run', logName),
	});
	return {
		server,
		stop: async () => {
			await server.stop();
			fs.rmSync(userFolder, { recursive: true, force: true });
		},
	};
}
