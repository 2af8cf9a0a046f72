import { createHash, randomUUID } from 'crypto';
import type { IBinaryData, IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';

import { AGENT_FAILED_HELP, apiError, operationError } from './errors';
import { runsAsTool } from './params';
import type { GatewayClient } from './transport/client';
import type { HumanWait } from './transport/agentRun';
import {
	agentOfSessionKey,
	answerText,
	hasFiles,
	isoTime,
	listOf,
	type AgentAttachment,
	type AgentFinal,
	type AgentParams,
	type AgentPayload,
} from './transport/protocol';

/**
 * One agent turn as an n8n item, shared by Run Agent and the Gateway node's Send Message: the
 * idempotency key that makes a retry the same run, start only (the ack) or wait (the final answer,
 * through the transport's wait, reconnect and recovery), and the errors of a run that did not end well.
 */

/**
 * The same execution, node, call and item always give the same key, so n8n's Retry On Fail (same
 * run) or an AI Agent retrying the same tool call reuses the run, while each pass of a loop (a new
 * run index) or a new tool call starts its own. `call` is "run:<run index>" or "tool-call:<id>".
 */
export function idempotencyKeyFor(
	executionId: string,
	nodeId: string,
	call: string,
	itemIndex: number,
): string {
	// "run:N" hashes as N did before, so keys of plain runs stay as they were.
	const part = call.startsWith('run:') ? call.slice(4) : call;
	const digest = createHash('sha256')
		.update(`${executionId}\u0000${nodeId}\u0000${part}\u0000${itemIndex}`)
		.digest('hex');
	return `n8n-${digest.slice(0, 40)}`;
}

/** The output item of a finished run (WebSocket transport). */
export function agentOutput(final: AgentFinal, sessionKey: string, startedAt: number): IDataObject {
	const meta = final.result?.meta ?? {};
	const agentMeta = meta.agentMeta ?? {};
	const payloads = listOf<AgentPayload | undefined>(final.result?.payloads).map((o) => {
		const media = [...listOf<string>(o?.mediaUrls), ...(o?.mediaUrl ? [o.mediaUrl] : [])];
		return { text: typeof o?.text === 'string' ? o.text : '', mediaUrls: [...new Set(media)] };
	});
	const status = String(final.status ?? '');
	return {
		text: answerText(final),
		payloads,
		runId: final.runId ?? null,
		sessionKey: final.sessionKey ?? sessionKey,
		agentId: final.agentId ?? agentOfSessionKey(sessionKey) ?? null,
		model: agentMeta.model ?? null,
		provider: agentMeta.provider ?? null,
		usage: agentMeta.usage ?? null,
		durationMs: typeof meta.durationMs === 'number' ? meta.durationMs : Date.now() - startedAt,
		stopReason: meta.stopReason ?? (meta.aborted ? 'aborted' : status === 'ok' ? 'stop' : status),
		status,
		// Read back after a dropped connection (or for a turn with files) rather than from the reply.
		...(meta.recovered ? { recovered: true } : {}),
		// The gateway would not give the whole text: what is here is cut (never silently).
		...(meta.truncated ? { truncated: true } : {}),
	};
}

/**
 * What makes this call the same call when n8n runs it again: as an AI Agent's tool, the model's
 * tool-call id (n8n 2.x puts it in the item as `toolCallId` and runs each call as a new run of the
 * node, so a retry of the call gets a new run index); otherwise n8n's run index of the node.
 */
export function callOf(fns: IExecuteFunctions, itemIndex: number): string {
	const toolCallId = fns.getInputData()[itemIndex]?.json?.toolCallId;
	if (typeof toolCallId === 'string' && toolCallId) return `tool-call:${toolCallId}`;
	const runIndex = (fns.getWorkflowDataProxy(itemIndex) as { $runIndex?: unknown }).$runIndex;
	return `run:${typeof runIndex === 'number' ? runIndex : 0}`;
}

const ZWSP = '\u200B';

/**
 * Whole messages the gateway takes as "stop the run" on chat.send (OpenClaw 2026.9.6's ABORT_TRIGGERS,
 * and 2026.2.x's "wait"), compared lower-cased, spaces folded, trailing punctuation dropped.
 */
const STOP_PHRASES = new Set([
	'stop',
	'esc',
	'abort',
	'exit',
	'interrupt',
	'wait',
	'detente',
	'deten',
	'detén',
	'arrete',
	'arrête',
	'停止',
	'停下来',
	'暂停',
	'やめて',
	'止めて',
	'रुको',
	'توقف',
	'стоп',
	'остановись',
	'останови',
	'остановить',
	'прекрати',
	'halt',
	'anhalten',
	'aufhören',
	'hoer auf',
	'stopp',
	'pare',
	'stop openclaw',
	'openclaw stop',
	'stop action',
	'stop current action',
	'stop run',
	'stop current run',
	'stop agent',
	'stop the agent',
	"stop don't do anything",
	'stop dont do anything',
	'stop do not do anything',
	'stop doing anything',
	'do not do that',
	'please stop',
	'stop please',
]);
const isStopPhrase = (message: string) =>
	STOP_PHRASES.has(
		message
			.trim()
			.toLowerCase()
			.replace(/[’`]/g, "'")
			.replace(/\s+/g, ' ')
			.replace(/[.!?！？…,，。;；:：'"’”)\]}]+$/u, '')
			.trim(),
	);

/**
 * The message as text the gateway does not act on: OpenClaw treats a message that starts with "/" as
 * a command (`agent`: /new, /reset; `chat.send`, the path of a turn with files: every command, as the
 * owner with an admin credential), acts on "/exec", "/status", "/elevated"… anywhere after whitespace
 * (also behind "[tag] " or "Name: "), runs a leading "!" as shell, and stops the run on a message that
 * is only "stop", "exit", "please stop"… A zero-width space (U+200B), which the gateway neither trims
 * nor counts as whitespace, goes before each "/" that starts a word, before a leading "!" and before a
 * stop phrase; the model reads the same text, and other messages are sent as they are.
 */
export function asPlainText(message: string): string {
	const out = message
		// "/name" as a command or directive: at the start, after whitespace or a "[…]" envelope, a word
		// followed by the end, whitespace or ":" (paths such as /etc/hosts or /a.txt stay as they are).
		.replace(/(^|[\s\]])\/(?=[\p{L}][\p{L}\p{N}_-]*(?:$|[\s:]))/gu, `$1${ZWSP}/`)
		// "$skill-name" references (2026.9 expands a skill named anywhere in the text).
		.replace(/(^|[\s\]])\$(?=\p{L})/gu, `$1$${ZWSP}`)
		// A leading "!" (shell), also behind "[…]" envelopes.
		.replace(/^((?:\s*\[[^\]]*\])*\s*)!/u, `$1${ZWSP}!`);
	return isStopPhrase(out) ? out.replace(/^(\s*)/u, `$1${ZWSP}`) : out;
}

/** Options → Commands in Message: "text" (the default) sends the message as plain text. */
export function messageFor(message: string, commands: unknown): string {
	return commands === 'run' ? message : asPlainText(message);
}

/** What the gateway accepts as one agent message (bytes). */
export const MAX_MESSAGE_BYTES = 20 * 1024 * 1024;

/** Refuses a message the gateway would refuse, before anything is sent. */
export function assertMessageSize(node: INode, message: string, i: number): void {
	const bytes = Buffer.byteLength(message);
	if (bytes > MAX_MESSAGE_BYTES)
		throw operationError(
			node,
			`The Message parameter is ${bytes} bytes; the gateway accepts at most ${MAX_MESSAGE_BYTES}`,
			'Shorten the message, or pass large content as a file the agent can read.',
			'bad-input',
			i,
		);
}

/** 2026.2.x states no limit in its hello; its `agent` method takes images up to this many bytes. */
const LEGACY_MAX_IMAGE_BYTES = 5_000_000;

/** The image type by its first bytes (what the gateway goes by too), or undefined. */
export function imageTypeOf(data: Buffer): string | undefined {
	if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
		return 'image/png';
	if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
	if (data.subarray(0, 4).toString('latin1') === 'GIF8') return 'image/gif';
	if (
		data.subarray(0, 4).toString('latin1') === 'RIFF' &&
		data.subarray(8, 12).toString('latin1') === 'WEBP'
	)
		return 'image/webp';
	return undefined;
}

/** What one WebSocket message may carry when the hello does not say (the gateway's default). */
const DEFAULT_MAX_PAYLOAD = 25 * 1024 * 1024;
/** Room in the message for the text and the frame around the attachments. */
const FRAME_OVERHEAD = 64 * 1024;

/** A binary's size in bytes where n8n knows it without reading the file, else undefined. */
function knownSize(binary: IBinaryData | undefined): number | undefined {
	if (!binary) return undefined;
	const bytes = (binary as { bytes?: unknown }).bytes;
	if (typeof bytes === 'number') return bytes;
	// In-memory binary data is base64 in the item itself.
	if (!binary.id && typeof binary.data === 'string') {
		const padding = (/=*$/.exec(binary.data)?.[0].length ?? 0) % 3;
		return Math.floor((binary.data.length * 3) / 4) - padding;
	}
	return undefined;
}

/** Refuses attachments whose encoded total cannot fit one message, naming each with its size. */
function assertTotal(
	node: INode,
	i: number,
	names: string[],
	sizes: Array<number | undefined>,
	frameMax: number,
): void {
	const total = sizes.reduce<number>((sum, n) => sum + (n ?? 0), 0);
	const encoded = Math.ceil(total / 3) * 4;
	if (encoded + FRAME_OVERHEAD <= frameMax) return;
	const listed = names
		.map((name, k) => (sizes[k] === undefined ? name : `${name} (${sizes[k]} bytes)`))
		.join(', ');
	throw operationError(
		node,
		`The attachments ${listed} come to ${encoded} bytes once encoded; one message to the gateway carries at most ${frameMax}`,
		'Send fewer or smaller files per item (e.g. one file per item), or shrink them first.',
		'bad-input',
		i,
	);
}

/** 2026.9's ceiling for any attachment when its hello does not state one (bytes). */
const DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024;

/**
 * The binary properties of item `i` named by the Attachments option (comma-separated), as
 * attachments. Images (PNG, JPEG, GIF, WebP by their first bytes, as the gateway goes by) go with the
 * `agent` method on both versions, up to the gateway's ceiling per image (2026.9 states it in its
 * hello). Other files only 2026.9 takes, by `chat.send`, up to its ceiling per attachment; 2026.2.x
 * would drop them without a word. All checked here, naming the property, before anything is sent.
 */
export async function attachmentsOf(
	fns: IExecuteFunctions,
	client: GatewayClient,
	i: number,
	names: string | undefined,
): Promise<AgentAttachment[] | undefined> {
	const wanted = (names ?? '')
		.split(',')
		.map((n) => n.trim())
		.filter((n) => n);
	if (!wanted.length) return undefined;
	const node = client.node;
	const binaries = fns.getInputData()[i]?.binary ?? {};
	const hello = await client.hello();
	const limits = hello.policy?.attachments;
	const maxImageBytes = limits?.maxImageBytes ?? LEGACY_MAX_IMAGE_BYTES;
	const maxFileBytes = limits?.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
	// One WebSocket message carries them all, base64 (4/3 of their size): a total over what the gateway
	// takes is refused before any file is read or encoded, naming the files. Sizes n8n knows up front
	// (in-memory data, or its byte count) count now; the rest as they are read, one file at a time.
	// (One file alone is held to its own limit below, which is less than a message carries.)
	const frameMax = hello.policy?.maxPayload ?? DEFAULT_MAX_PAYLOAD;
	const known = wanted.map((name) => knownSize(binaries[name]));
	if (wanted.length > 1) assertTotal(node, i, wanted, known, frameMax);
	const out: AgentAttachment[] = [];
	for (const name of wanted) {
		const binary = binaries[name];
		if (!binary) {
			const have = Object.keys(binaries);
			throw operationError(
				node,
				`The Attachments option names the binary property "${name}", which item ${i} does not have`,
				have.length
					? `This item's binary properties: ${have.join(', ')}. Use one of them, or clear Attachments.`
					: 'This item has no binary data: read the file first (e.g. HTTP Request with Response Format File, or Read/Write Files from Disk).',
				'bad-input',
				i,
			);
		}
		const data = await fns.helpers.getBinaryDataBuffer(i, name);
		known[wanted.indexOf(name)] = data.length;
		if (wanted.length > 1) assertTotal(node, i, wanted, known, frameMax);
		const label = binary.fileName || name;
		const imageType = imageTypeOf(data);
		if (!imageType && hello.protocol < 4)
			throw operationError(
				node,
				`The attachment "${label}" (binary property "${name}") is not an image (${binary.mimeType || 'unknown type'}); this OpenClaw gateway takes images only`,
				"Update OpenClaw to 2026.9 or later to send files, attach PNG, JPEG, GIF or WebP images, or put the document's text in the Message (e.g. with the Extract from File node).",
				'bad-input',
				i,
			);
		const max = imageType ? maxImageBytes : maxFileBytes;
		if (data.length > max)
			throw operationError(
				node,
				`The attachment "${label}" (binary property "${name}") is ${data.length} bytes; this gateway takes ${imageType ? 'images' : 'files'} up to ${max} bytes`,
				imageType
					? 'Make the image smaller first (e.g. with the Edit Image node: resize or lower the quality).'
					: 'Send a smaller file, or split it. The gateway states this limit: agents.defaults.mediaMaxMb in openclaw.json on its host, at most what one WebSocket message carries (about 18.5 MB).',
				'bad-input',
				i,
			);
		out.push({
			type: imageType ? 'image' : 'file',
			mimeType: imageType ?? (binary.mimeType || 'application/octet-stream'),
			fileName: label,
			content: data.toString('base64'),
		});
	}
	return out;
}

/** The identity of calls that have no execution yet (see executionIdOf), one per node run. */
const callIdentities = new WeakMap<object, string>();

/**
 * n8n's execution id, or, where there is none yet, an id of this run of the node: n8n 2.41 runs a
 * tool of its MCP Server Trigger inside the MCP client's request, before any execution exists
 * (getExecutionId() is undefined), so keys and "per execution" sessions derived from it would be
 * the same for every MCP call. Such a call gets its own id (its items share it); it cannot be told
 * from a retry of itself, so a retried MCP call is a new run.
 */
export function executionIdOf(fns: IExecuteFunctions): string {
	const id = fns.getExecutionId();
	if (id) return id;
	let own = callIdentities.get(fns);
	if (!own) callIdentities.set(fns, (own = `call-${randomUUID()}`));
	return own;
}

/** The idempotency key of item `i`'s turn: the user's own, or one derived from execution, node and call. */
export function turnKey(fns: IExecuteFunctions, i: number, own?: string): string {
	return own?.trim() || idempotencyKeyFor(executionIdOf(fns), fns.getNode().id, callOf(fns, i), i);
}

/**
 * What of a growing answer the chat has not seen yet. The `assistant` events carry the whole text so
 * far, so only what is new is handed on. A text that does not continue the last one is a new message
 * of the run (after a tool call): it follows after a blank line, as the final answer joins its
 * payloads. At the end the chat always ends with the item's answer: what the final has beyond what
 * was sent (events the transport did not read) when it continues the chat or its last message, else
 * (a resumed or resent run wrote another text) the whole final after a blank line.
 */
export function answerGrowth(onIncrement: (increment: string) => void): {
	grow: (textSoFar: string) => void;
	finish: (finalText: string) => void;
} {
	let shown = '';
	let sent = '';
	const emit = (increment: string) => {
		sent += increment;
		onIncrement(increment);
	};
	return {
		grow(text) {
			if (text.startsWith(shown)) {
				if (text.length > shown.length) emit(text.slice(shown.length));
				shown = text;
			} else if (!shown.startsWith(text)) {
				emit(`\n\n${text}`);
				shown = text;
			}
		},
		finish(finalText) {
			// Already shown (the final may differ only by trailing whitespace).
			if (!finalText.trim() || sent.trimEnd().endsWith(finalText.trimEnd())) return;
			if (finalText.startsWith(sent)) emit(finalText.slice(sent.length));
			else if (shown && finalText.startsWith(shown) && sent.endsWith(shown))
				emit(finalText.slice(shown.length));
			else emit(sent ? `\n\n${finalText}` : finalText);
		},
	};
}

/**
 * Item `i`'s answer into n8n's chat, when n8n streams the execution (a Chat Trigger or Webhook set
 * to stream; n8n 1.101+, older versions have no isStreaming): `begin`, the new text of each step as
 * n8n's AI Agent sends it, `end`. Undefined when n8n does not stream, or the node runs as a tool.
 */
function chatStream(
	fns: IExecuteFunctions | undefined,
	i: number,
): { grow: (textSoFar: string) => void; end: (finalText?: string) => void } | undefined {
	if (typeof fns?.isStreaming !== 'function' || !fns.isStreaming()) return undefined;
	// As a tool of n8n's AI Agent the answer is the model's, not the chat's: the AI Agent streams its
	// own reply.
	if (runsAsTool(fns, i)) return undefined;
	const growth = answerGrowth((increment) => fns.sendChunk('item', i, increment));
	fns.sendChunk('begin', i);
	return {
		grow: growth.grow,
		end(finalText) {
			// The transport drops very large streamed events unread (memory): the end comes from the final.
			if (finalText !== undefined) growth.finish(finalText);
			fns.sendChunk('end', i);
		},
	};
}

/**
 * Runs an agent turn (`run`, over either transport) with n8n's chat hearing its answer as it grows
 * when n8n streams the execution: `run` gets the listener for the answer so far (none when n8n does
 * not stream), `finalText` reads the complete answer of its result (undefined: no answer). The chat's
 * stream is ended whatever happens.
 */
export async function streamingToChat<T>(
	fns: IExecuteFunctions | undefined,
	i: number,
	run: (onAnswerText?: (textSoFar: string) => void) => Promise<T>,
	finalText: (result: T) => string | undefined,
): Promise<T> {
	const chat = chatStream(fns, i);
	if (!chat) return run();
	let answer: string | undefined;
	try {
		const result = await run(chat.grow);
		answer = finalText(result);
		return result;
	} finally {
		chat.end(answer);
	}
}

/**
 * Sends the turn; `start` returns once the gateway accepted it, `wait` with the final answer. When
 * n8n streams the execution (`fns` given), the answer also goes to the chat as it grows.
 */
export async function agentTurn(
	client: GatewayClient,
	i: number,
	params: AgentParams,
	mode: 'start' | 'wait',
	resolvedAgent?: string,
	fns?: IExecuteFunctions,
): Promise<IDataObject> {
	const node = client.node;
	const { sessionKey, timeout: timeoutS } = params;
	const started = Date.now();
	if (hasFiles(params) && (params.channel || params.to))
		throw operationError(
			node,
			'Files in Attachments cannot go with a Delivery Channel or Delivery Target',
			'The gateway takes files with chat.send, which answers in the session (Deliver to Channel: its own channel) and has no other target. Clear Delivery Channel and Delivery Target, or attach images only.',
			'bad-input',
			i,
		);
	if (mode === 'start') {
		const ack = await client.startAgent(params);
		return {
			runId: ack.runId ?? params.idempotencyKey,
			sessionKey: ack.sessionKey ?? sessionKey,
			agentId: ack.agentId ?? resolvedAgent ?? agentOfSessionKey(sessionKey) ?? null,
			status: ack.status ?? 'accepted',
			acceptedAt: isoTime('acceptedAt' in ack ? ack.acceptedAt : undefined),
		};
	}

	// One record of what the chat has seen, across reconnects: a recovered run repeats nothing.
	const outcome = await streamingToChat(
		fns,
		i,
		(onAnswerText) => client.runAgent(params, onAnswerText),
		(o) => (o.kind === 'answered' ? answerText(o.final) : undefined),
	);
	const waited = waitedForHuman(outcome.humanWaits);
	switch (outcome.kind) {
		case 'answered':
			return outcome.resent
				? {
						...agentOutput(outcome.final, sessionKey, started),
						...waited,
						resent: true,
						note: 'The gateway restarted during the run and lost it (2026.2.x has no restart recovery), so the message was sent again, once, under the same idempotency key.',
					}
				: { ...agentOutput(outcome.final, sessionKey, started), ...waited };
		case 'failed':
			throw apiError(
				node,
				{
					kind: 'agent-failed',
					message: `The agent run did not complete: ${outcome.error}`,
					description: AGENT_FAILED_HELP,
				},
				{ runId: outcome.runId, status: String(outcome.final.status ?? '') },
				client.secrets,
				i,
			);
		case 'timeout':
			throw operationError(
				node,
				`The agent run did not finish within the Timeout (${timeoutS} s)`,
				stillAsking(outcome.humanWaits)
					? `The run was stopped on the gateway while the agent waited for a human (${stillAsking(outcome.humanWaits)}), which counts against the Timeout. Raise the Timeout, answer sooner, or start the run with Mode: Start Only and answer through the OpenClaw Trigger (Question Asked).`
					: 'The run was stopped on the gateway. Raise the Timeout option, or give the agent a smaller task.',
				'timeout',
				i,
			);
		case 'cancelled':
			throw operationError(
				node,
				'The execution was cancelled while the agent was running',
				'The run was stopped on the gateway.',
				'cancelled',
				i,
			);
	}
}

/** The item's account of the time the run waited for a human (only when it did). */
export function waitedForHuman(waits: HumanWait[] | undefined, now = Date.now()): IDataObject {
	if (!waits?.length) return {};
	const list = waits.map((w) => ({
		kind: w.kind,
		id: w.id,
		status: w.status,
		askedAt: isoTime(w.askedAt),
		waitedMs: (w.endedAt ?? now) - w.askedAt,
	}));
	return {
		waitedForHuman: { totalMs: list.reduce((sum, w) => sum + w.waitedMs, 0), waits: list },
	};
}

/** The questions unanswered when the run ended (the gateway cancels them as it stops the run). */
function stillAsking(waits: HumanWait[] | undefined): string {
	return (waits ?? [])
		.filter((w) => w.status !== 'answered')
		.map((w) => `question ${w.id}`)
		.join(', ');
}
