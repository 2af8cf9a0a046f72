/* eslint-disable @n8n/community-nodes/no-restricted-imports -- the test puts a picture into the agent's workspace */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { OpenClawGateway } from '../../nodes/OpenClawGateway/OpenClawGateway.node';
import { OpenClawRunAgent } from '../../nodes/OpenClawRunAgent/OpenClawRunAgent.node';
import { errorKind } from '../../nodes/shared/errors';
import { expectNoSecrets, expectPaired } from '../helpers/assertions';
import { loadOptionsContext, rl, run, type Credentials } from '../helpers/context';
import { runAgentDefaults } from '../helpers/defaults';
import { GATEWAYS } from '../helpers/gateways';
import { binaryOf, png } from '../helpers/png';

/**
 * Files back from a run, offline: the agent's `read` tool on a PNG in its workspace makes an image
 * artifact (the fake model takes images). Download Files puts it on Run Agent's item; Artifact →
 * Get Many / Download reach the same bytes. 2026.2.22 has no artifacts and says so.
 */
const gatewayNode = new OpenClawGateway();
const runAgent = new OpenClawRunAgent();
const unique = (what: string) => `${what}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;

describe.each(GATEWAYS)('Files a run produced, on $version', (gw) => {
	const latest = gw.label === 'latest';
	const credentials: Credentials = { url: gw.url, token: gw.token };
	const gateway = (params: IDataObject) =>
		run(gatewayNode, { credentials, params, executionId: unique('exec') });
	const fails = (promise: Promise<unknown>) =>
		promise.then(
			() => {
				throw new Error('expected an error');
			},
			(e: unknown) => e as Error & { description?: string },
		);
	const readPicture = (file: string, sessionName: string, executionId: string) =>
		run(runAgent, {
			credentials,
			params: {
				...runAgentDefaults,
				sessionStrategy: 'custom',
				sessionKey: `agent:main:${sessionName}`,
				message: `tool:read {"path":"${file}"}`,
				options: { timeout: 120, downloadFiles: true },
			},
			executionId,
		});

	test('Include Tool Calls: each tool call of the run with its arguments, result or error, and duration', async () => {
		const [item] = await run(runAgent, {
			credentials,
			params: {
				...runAgentDefaults,
				sessionStrategy: 'custom',
				sessionKey: `agent:main:${unique('toolcalls')}`,
				message: 'tool:sessions_list {"limit":2}',
				options: { timeout: 120, includeToolCalls: true },
			},
			executionId: unique('exec'),
		});
		const calls = item.json.toolCalls as IDataObject[];
		expect(calls).toEqual([
			expect.objectContaining({
				tool: 'sessions_list',
				arguments: { limit: 2 },
				status: 'ok',
				durationMs: expect.any(Number),
			}),
		]);
		expect(JSON.stringify(calls[0].result)).toContain(String(item.json.sessionKey));
		if (latest) expect(calls[0].via).toBe('tool_call');
		expectNoSecrets(item.json, [gw.token]);

		const [failed] = await run(runAgent, {
			credentials,
			params: {
				...runAgentDefaults,
				sessionStrategy: 'custom',
				sessionKey: `agent:main:${unique('toolcalls')}`,
				message: `tool:read {"path":"${unique('missing')}.png"}`,
				options: { timeout: 120, includeToolCalls: true },
			},
			executionId: unique('exec'),
		});
		const [readCall] = failed.json.toolCalls as IDataObject[];
		expect(readCall.tool).toBe('read');
		// 2026.2.x records this failure as the tool's result, not as an error: the status is the gateway's.
		if (latest) expect(readCall.status).toBe('error');
		expect(JSON.stringify(readCall)).toMatch(/ENOENT|not found|no such file/i);
	}, 240000);

	if (latest) {
		test("Download Files: the picture the agent read is the item's binary, byte for byte; a retry gets the same one file; Artifact → Get Many and Download", async () => {
			const [agents] = await gateway({ resource: 'agent', operation: 'getAll' });
			const workspace = String(agents.json.workspace);
			fs.mkdirSync(workspace, { recursive: true });
			const file = `${unique('pic')}.png`;
			const picture = png(48, Date.now() % 250);
			fs.writeFileSync(path.join(workspace, file), picture);
			const session = unique('files');
			const executionId = unique('exec');

			const [item] = await readPicture(file, session, executionId);
			expect(item.binary?.data).toBeDefined();
			expect(Buffer.from(item.binary!.data.data, 'base64').equals(picture)).toBe(true);
			expect(item.binary!.data.mimeType).toBe('image/png');
			expect(item.json.files).toEqual([
				expect.objectContaining({
					property: 'data',
					mimeType: 'image/png',
					size: picture.length,
					type: 'image',
				}),
			]);
			expect(Object.keys(item.binary!)).toEqual(['data']);
			expectPaired([item], 1);
			expectNoSecrets(item.json, [gw.token]);

			// Retry On Fail (same execution, node, item): the same run, the same one file.
			const [again] = await readPicture(file, session, executionId);
			expect(again.json.runId).toBe(item.json.runId);
			expect(Object.keys(again.binary!)).toEqual(['data']);
			expect(Buffer.from(again.binary!.data.data, 'base64').equals(picture)).toBe(true);

			const listed = await gateway({
				resource: 'artifact',
				operation: 'getAll',
				session: rl(String(item.json.sessionKey)),
				options: { runId: String(item.json.runId) },
			});
			expect(listed).toHaveLength(1);
			expect(listed[0].json).toMatchObject({
				type: 'image',
				mimeType: 'image/png',
				runId: item.json.runId,
			});
			const [downloaded] = await gateway({
				resource: 'artifact',
				operation: 'download',
				session: rl(String(item.json.sessionKey)),
				artifact: rl(String(listed[0].json.id)),
				binaryPropertyName: 'picture',
				options: {},
			});
			expect(Buffer.from(downloaded.binary!.picture.data, 'base64').equals(picture)).toBe(true);
			expect(downloaded.json).toMatchObject({
				artifactId: listed[0].json.id,
				size: picture.length,
			});

			const noScope = await fails(
				gateway({ resource: 'artifact', operation: 'getAll', session: rl(''), options: {} }),
			);
			expect(errorKind(noScope)).toBe('bad-input');
			expect(noScope.message).toMatch(/Session parameter is empty/);

			// Artifact's picker: the session's files that download, named, typed and sized; it needs a
			// Session that is a key (a picker cannot resolve an expression).
			const { searchArtifacts } = gatewayNode.methods.listSearch;
			const picked = await searchArtifacts.call(
				loadOptionsContext(credentials, { session: rl(String(item.json.sessionKey), 'list') }),
			);
			expect(picked.results).toContainEqual({
				name: expect.stringMatching(/^\S.* \(image\/png, \d+ KB\)$/),
				value: listed[0].json.id,
			});
			expect(picked.results.every((r) => !String(r.value).startsWith('preview_'))).toBe(true);
			await expect(
				searchArtifacts.call(
					loadOptionsContext(credentials, { session: rl('={{ $json.sessionKey }}') }),
				),
			).rejects.toThrow('Choose the Session first');
		}, 240000);

		test("Download Files over the gateway's link: the PDF the agent replies with in a turn with a file (chat.send makes it managed media, download mode url) — the same bytes through n8n's request helper; Artifact → Download the same; Max File Size refuses it before any request", async () => {
			const [agents] = await gateway({ resource: 'agent', operation: 'getAll' });
			const workspace = String(agents.json.workspace);
			fs.mkdirSync(workspace, { recursive: true });
			const name = `${unique('report')}.pdf`;
			const doc = Buffer.concat([
				Buffer.from('%PDF-1.4\n'),
				crypto.randomBytes(1536 * 1024),
				Buffer.from('\n%%EOF\n'),
			]);
			fs.writeFileSync(path.join(workspace, name), doc);
			const session = `agent:main:${unique('linkfiles')}`;
			const httpLog: NonNullable<Parameters<typeof run>[1]['httpLog']> = [];
			// A file attached makes the turn a chat.send (2026.9); the reply's MEDIA: line becomes a
			// managed file the gateway hands out by a short-lived link of its own.
			const turn = (maxFileSizeMb: number) =>
				run(runAgent, {
					credentials,
					items: [
						{
							json: {},
							binary: { notes: binaryOf(Buffer.from('notes'), 'text/plain', 'notes.txt') },
						},
					],
					params: {
						...runAgentDefaults,
						sessionStrategy: 'custom',
						sessionKey: session,
						message: `echo:Your report\\nMEDIA:${path.join(workspace, name)}`,
						options: { timeout: 120, downloadFiles: true, attachments: 'notes', maxFileSizeMb },
					},
					executionId: unique('exec'),
					httpLog,
				});
			const [item] = await turn(25);
			expect(Buffer.from(item.binary!.data.data, 'base64').equals(doc)).toBe(true);
			expect(item.binary!.data).toMatchObject({ mimeType: 'application/pdf', fileName: name });
			expect(item.json.files).toEqual([
				expect.objectContaining({
					property: 'data',
					fileName: name,
					mimeType: 'application/pdf',
					size: doc.length,
					type: 'file',
				}),
			]);
			const artifactId = String((item.json.files as IDataObject[])[0].artifactId);
			expect(artifactId).toMatch(/^artifact_managed_media_/);
			// Over HTTP, to the gateway itself, with the credential.
			const gets = httpLog.filter((r) => r.method === 'GET');
			expect(gets).toHaveLength(1);
			expect(gets[0].url.startsWith(`${gw.url}/api/chat/media/outgoing/`)).toBe(true);
			expectNoSecrets(item.json, [gw.token]);
			expect(JSON.stringify(item.json)).not.toContain('mediaTicket');

			const [downloaded] = await gateway({
				resource: 'artifact',
				operation: 'download',
				session: rl(session),
				artifact: rl(artifactId),
				binaryPropertyName: 'report',
				options: {},
			});
			expect(Buffer.from(downloaded.binary!.report.data, 'base64').equals(doc)).toBe(true);
			expect(downloaded.json).toMatchObject({ fileName: name, mimeType: 'application/pdf' });

			// Max File Size (1 MB) under the file's size: refused from the size the gateway states, no request.
			httpLog.length = 0;
			const tooLarge = await fails(turn(1));
			expect(errorKind(tooLarge)).toBe('too-large');
			expect(tooLarge.message).toMatch(/over Max File Size/);
			expect(httpLog.filter((r) => r.method === 'GET')).toHaveLength(0);
		}, 240000);
	} else {
		test('2026.2.22: Download Files, Artifact → Get Many and Download refused, naming 2026.9', async () => {
			for (const attempt of [
				readPicture('x.png', unique('files'), unique('exec')),
				gateway({
					resource: 'artifact',
					operation: 'getAll',
					session: rl('agent:main:main'),
					options: {},
				}),
				gateway({
					resource: 'artifact',
					operation: 'download',
					session: rl('agent:main:main'),
					artifact: rl('a'),
					binaryPropertyName: 'data',
					options: {},
				}),
			]) {
				const error = await fails(attempt);
				expect(errorKind(error)).toBe('unknown-method');
				expect(error.message).toMatch(/has no artifacts/);
				expect(error.description).toMatch(/2026\.9/);
			}
		}, 180000);
	}
});
