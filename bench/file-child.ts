/* eslint-disable @n8n/community-nodes/no-restricted-globals -- benchmark child: reads its arguments */
import { OpenClawGateway } from '../nodes/OpenClawGateway/OpenClawGateway.node';
import { run } from '../test/helpers/context';
import { measureChild } from './peakRss';
import { RawWs } from './raw';

/**
 * Downloads one file the gateway hands out by link (managed media) in a fresh process and reports
 * its peak RSS above baseline: `node` is Artifact → Download (the code Download Files runs per file);
 * `raw` is a bare client — `artifacts.download` over a WebSocket, one fetch of the link with the
 * token — that keeps the file as n8n keeps a binary property in its default mode (base64 text).
 */
const [url, token, variant, sessionKey, artifactId, size] = process.argv.slice(2);

async function once(): Promise<number> {
	if (variant === 'raw') {
		const client = await RawWs.open(`${url.replace(/^http/, 'ws')}/`, token, true);
		const f = await client.call('artifacts.download', { sessionKey, artifactId });
		client.close();
		if (!f.ok) throw new Error(JSON.stringify(f.error));
		const link = String((f.payload as { url: string }).url);
		const r = await fetch(`${url}${link}`, { headers: { authorization: `Bearer ${token}` } });
		const kept = Buffer.from(await r.arrayBuffer()).toString('base64');
		return Buffer.byteLength(kept, 'base64');
	}
	const [item] = await run(new OpenClawGateway(), {
		credentials: { url, token },
		params: {
			resource: 'artifact',
			operation: 'download',
			session: sessionKey,
			artifact: artifactId,
			binaryPropertyName: 'data',
			options: { maxFileSizeMb: 25 },
		},
		executionId: `file-${Date.now()}`,
	});
	return Buffer.byteLength(String(item.binary?.data.data ?? ''), 'base64');
}

measureChild(
	// Warm: the modules, a connection's worth of code paths (a listing, not the file).
	async () => {
		if (variant === 'raw') {
			const c = await RawWs.open(`${url.replace(/^http/, 'ws')}/`, token, true);
			await c.call('artifacts.list', { sessionKey });
			c.close();
		} else
			await run(new OpenClawGateway(), {
				credentials: { url, token },
				params: { resource: 'artifact', operation: 'getAll', session: sessionKey, options: {} },
			});
	},
	once,
	Number(size),
);
