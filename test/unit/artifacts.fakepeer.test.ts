/* eslint-disable @n8n/community-nodes/no-restricted-imports -- a fake gateway on loopback */
import crypto from 'node:crypto';
import type http from 'node:http';

import { OpenClawGateway } from '../../nodes/OpenClawGateway/OpenClawGateway.node';
import { OpenClawRunAgent } from '../../nodes/OpenClawRunAgent/OpenClawRunAgent.node';
import { errorKind } from '../../nodes/shared/errors';
import { expectNoSecrets } from '../helpers/assertions';
import { run } from '../helpers/context';
import { runAgentDefaults } from '../helpers/defaults';
import { FakePeer } from '../helpers/fakePeer';
import { binaryOf } from '../helpers/png';

/**
 * A file the gateway hands out by link when it does not state the file's size (2026.9.6 states it for
 * the files it makes; a link written elsewhere need not): Max File Size stops the download as soon
 * as the bytes pass it, instead of reading the whole file first. A real gateway cannot be made to
 * serve an endless file, so a fake peer does, on the WebSocket's port as the gateway does.
 */
const TOKEN = crypto.randomBytes(16).toString('hex');
const TICKET = `v1.${crypto.randomBytes(16).toString('hex')}`;
const LINK = `/api/chat/media/outgoing/agent%3Amain%3Amain/f1/full?mediaTicket=${TICKET}`;
const CHUNK = Buffer.alloc(64 * 1024, 7);
let sent = 0;
let closed: Promise<void>;
let fileLength: number | undefined;
/** The size the gateway states for the file (none: undefined). */
let statedSize: number | undefined;
let gets = 0;

const serve: http.RequestListener = (req, res) => {
	sent = 0;
	gets++;
	closed = new Promise((resolve) => res.once('close', () => resolve()));
	if (req.url !== LINK || req.headers.authorization !== `Bearer ${TOKEN}`) {
		res.writeHead(404).end();
		return;
	}
	res.writeHead(200, { 'content-type': 'application/pdf' });
	// A file of fileLength bytes, or one that never ends: chunks as fast as the reader takes them.
	const more = () => {
		while (fileLength === undefined || sent < fileLength) {
			const part = fileLength === undefined ? CHUNK : CHUNK.subarray(0, fileLength - sent);
			sent += part.length;
			if (!res.write(part)) return void res.once('drain', more);
		}
		res.end();
	};
	more();
};

const artifact = { id: 'artifact_managed_media_f1', type: 'file', title: 'report.pdf' };
const peer = new FakePeer({
	http: serve,
	methods: ['health', 'artifacts.list', 'artifacts.get', 'artifacts.download'],
	handlers: {
		'artifacts.get': (req, ws) =>
			FakePeer.reply(ws, req.id, {
				artifact: {
					...artifact,
					mimeType: 'application/pdf',
					download: { mode: 'url' },
					...(statedSize === undefined ? {} : { sizeBytes: statedSize }),
				},
			}),
		'artifacts.download': (req, ws) => FakePeer.reply(ws, req.id, { artifact, url: LINK }),
	},
});
beforeAll(() => peer.start());
afterAll(() => peer.stop());

const download = (maxFileSizeMb: number) =>
	run(new OpenClawGateway(), {
		credentials: { url: peer.url.replace(/^ws/, 'http').replace(/\/$/, ''), token: TOKEN },
		params: {
			resource: 'artifact',
			operation: 'download',
			session: 'agent:main:main',
			artifact: artifact.id,
			binaryPropertyName: 'data',
			options: { maxFileSizeMb },
		},
	});

test('a link with no size: Max File Size stops the download once the bytes pass it, the link is closed, the ticket never shown', async () => {
	fileLength = undefined;
	statedSize = undefined;
	const error = await download(1).then(
		() => undefined,
		(e: unknown) => e as Error,
	);
	expect(errorKind(error)).toBe('too-large');
	expect(error?.message).toMatch(
		/^The file "report\.pdf" is over Max File Size \(1 MB\): the download stopped after 1\.\d MB/,
	);
	await closed;
	// Stopped at the limit: what the socket buffers took beyond it, not an endless file.
	expect(sent).toBeLessThan(16 * 1048576);
	expectNoSecrets(error, [TOKEN, TICKET]);
});

test('a link with no size, under Max File Size: the whole file, byte for byte', async () => {
	fileLength = 3 * CHUNK.length + 5;
	statedSize = undefined;
	const [item] = await download(1);
	const bytes = Buffer.from(item.binary!.data.data, 'base64');
	expect(bytes.length).toBe(fileLength);
	expect(bytes.every((b) => b === 7)).toBe(true);
	expect(item.json).toMatchObject({ fileName: 'report.pdf', size: fileLength });
	expectNoSecrets(item, [TOKEN, TICKET]);
});

test.each([
	['less than it has', 2 * CHUNK.length],
	['more than it has', 5 * CHUNK.length],
	['exactly its size', 3 * CHUNK.length + 5],
])('a size the gateway states %s: the bytes the link gives, byte for byte', async (_, stated) => {
	fileLength = 3 * CHUNK.length + 5;
	statedSize = stated;
	const [item] = await download(1);
	const bytes = Buffer.from(item.binary!.data.data, 'base64');
	expect(bytes.length).toBe(fileLength);
	expect(bytes.every((b) => b === 7)).toBe(true);
});

test('a stated size over Max File Size: refused before any request', async () => {
	fileLength = 3 * CHUNK.length;
	statedSize = 2 * 1048576;
	gets = 0;
	const error = await download(1).then(
		() => undefined,
		(e: unknown) => e as Error,
	);
	expect(errorKind(error)).toBe('too-large');
	expect(error?.message).toBe(
		'The file "report.pdf" is 2.0 MB, over Max File Size (1 MB) [item 0]',
	);
	expect(gets).toBe(0);
});

describe("a turn with a file (chat.send): the gateway makes the answer's MEDIA: lines into files after the run has ended", () => {
	// As 2026.9.6 does: the answer's row first holds the directive line; a moment after agent.wait
	// says the run ended, the file is in the gateway's media store and the row is rewritten without
	// the line. Only then does artifacts.list show the file. (Seen on the real gateway with a 10 MB file.)
	const PDF = Buffer.from('%PDF-1.4 the report');
	let rewrittenAt = 0;
	/**
	 * Seen in the bench on a gateway slowed by 1 MB answers: the answer's row is in the history and
	 * the session has no active run, but agent.wait does not yet say the run ended (it runs out
	 * its own 5 s) while the gateway is still making the file.
	 */
	let endedOnlyWhenRewritten = false;
	/** When the gateway rewrites the answer (Infinity: never, e.g. a file it refuses). */
	let rewriteAfterMs = 2500;
	let turnPeer: FakePeer;
	beforeAll(async () => {
		turnPeer = await new FakePeer({
			methods: ['chat.send', 'agent.wait', 'chat.history', 'artifacts.list', 'artifacts.download'],
			handlers: {
				'chat.send': (req, ws) => {
					rewrittenAt = Date.now() + rewriteAfterMs;
					FakePeer.reply(ws, req.id, { runId: req.params.idempotencyKey, status: 'started' });
				},
				'agent.wait': (req, ws) =>
					FakePeer.reply(
						ws,
						req.id,
						endedOnlyWhenRewritten && Date.now() < rewrittenAt
							? { runId: req.params.runId, status: 'timeout' }
							: { runId: req.params.runId, status: 'ok', endedAt: Date.now() },
					),
				'chat.history': (req, ws) => {
					const send = turnPeer.sent('chat.send').at(-1);
					const key = String(send?.params.idempotencyKey);
					const done = Date.now() >= rewrittenAt;
					FakePeer.reply(ws, req.id, {
						...(endedOnlyWhenRewritten ? { sessionInfo: { hasActiveRun: false } } : {}),
						messages: [
							{
								role: 'user',
								content: String(send?.params.message),
								idempotencyKey: `${key}:user`,
							},
							{
								role: 'assistant',
								content: done
									? [
											{ type: 'text', text: 'Your report' },
											{ type: 'file', title: 'report.pdf' },
										]
									: [
											{
												type: 'text',
												text: 'Your report\nMEDIA:/home/claw/.openclaw/workspace/report.pdf',
											},
										],
								__openclaw: { runId: key },
							},
						],
					});
				},
				'artifacts.list': (req, ws) =>
					FakePeer.reply(ws, req.id, {
						artifacts:
							Date.now() >= rewrittenAt
								? [
										{
											id: 'artifact_managed_media_r1',
											type: 'file',
											title: 'report.pdf',
											mimeType: 'application/pdf',
											sizeBytes: PDF.length,
											runId: req.params.runId,
											download: { mode: 'bytes' },
										},
									]
								: [],
					}),
				'artifacts.download': (req, ws) =>
					FakePeer.reply(ws, req.id, { encoding: 'base64', data: PDF.toString('base64') }),
			},
		}).start();
	});
	afterAll(() => turnPeer.stop());

	/** Run Agent with a file attached (so a chat.send turn) and Download Files, within `timeout` s. */
	const reportTurn = (timeout: number) =>
		run(new OpenClawRunAgent(), {
			credentials: { url: turnPeer.url.replace(/^ws/, 'http').replace(/\/$/, ''), token: TOKEN },
			items: [
				{ json: {}, binary: { notes: binaryOf(Buffer.from('notes'), 'text/plain', 'notes.txt') } },
			],
			params: {
				...runAgentDefaults,
				message: 'Write the report',
				options: { timeout, attachments: 'notes', downloadFiles: true },
			},
		});

	test.each([
		['agent.wait says the run ended', false],
		['agent.wait not yet saying so, the session idle', true],
	])(
		"Run Agent waits for it (%s): the answer without the line (no path of the gateway's host), the file downloaded",
		async (_, notYet) => {
			endedOnlyWhenRewritten = notYet;
			const [item] = await reportTurn(30);
			expect(item.json.text).toBe('Your report');
			expect(item.json.files).toEqual([
				expect.objectContaining({
					fileName: 'report.pdf',
					mimeType: 'application/pdf',
					size: PDF.length,
				}),
			]);
			expect(Buffer.from(item.binary!.data.data, 'base64').equals(PDF)).toBe(true);
		},
		40000,
	);

	test('a line the gateway never makes a file: the wait ends a second before the Timeout, the answer as it stands (not a timeout)', async () => {
		endedOnlyWhenRewritten = false;
		rewriteAfterMs = Infinity;
		try {
			const started = Date.now();
			const [item] = await reportTurn(4);
			expect(item.json.status).toBe('ok');
			expect(item.json.text).toMatch(/^Your report\nMEDIA:/);
			expect(item.json.files).toEqual([]);
			expect(Date.now() - started).toBeLessThan(4000);
		} finally {
			rewriteAfterMs = 2500;
		}
	}, 40000);
});
