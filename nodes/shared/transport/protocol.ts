import type { IDataObject } from 'n8n-workflow';

/**
 * What crosses the wire, as observed on gateways 2026.2.22 (protocol 3) and 2026.9.6 (protocol 4).
 * Only the fields the package reads are typed; everything else passes through untouched.
 */

// ------------------------------------------------------------------------------ frames

export interface EventFrame {
	type: 'event';
	event: string;
	payload?: IDataObject;
	seq?: number;
}

export interface ResponseFrame {
	type: 'res';
	id: string;
	ok: boolean;
	payload?: IDataObject;
	error?: GatewayErrorShape;
}

/** The gateway's error shape on the WebSocket. */
export interface GatewayErrorShape {
	code?: string;
	message?: string;
	details?: Record<string, unknown>;
	retryable?: boolean;
	retryAfterMs?: number;
}

/** Whether the gateway is newer than 2026.2.x (by its version, else by its protocol: 2026.2.x speaks 3). */
export function newerThan2026_2(hello: HelloOk): boolean {
	const version = /^(\d{4})\.(\d+)\./.exec(hello.server?.version ?? '');
	if (version) return Number(version[1]) > 2026 || Number(version[2]) > 2;
	return (hello.protocol ?? 0) >= 4;
}

/** The answer to `connect`. */
export interface HelloOk {
	type: 'hello-ok';
	protocol: number;
	server?: { version?: string; connId?: string };
	features?: { methods?: string[]; events?: string[]; capabilities?: string[] };
	snapshot?: {
		/** How long the gateway has been up: a restart since a moment shows as less than the time since. */
		uptimeMs?: number;
		sessionDefaults?: {
			defaultAgentId?: string;
			mainKey?: string;
			mainSessionKey?: string;
			scope?: string;
		};
	};
	auth?: { scopes?: string[]; role?: string };
	policy?: {
		maxPayload?: number;
		maxBufferedBytes?: number;
		tickIntervalMs?: number;
		/** Decoded-size ceilings of attachments (2026.9; absent on 2026.2.x). */
		attachments?: { maxBytes?: number; maxImageBytes?: number };
	};
}

// ------------------------------------------------------------------------------ agent runs

/** Parameters of the `agent` method (limited to what 2026.2.x's closed schema accepts). */
export interface AgentParams {
	message: string;
	sessionKey: string;
	idempotencyKey: string;
	deliver: boolean;
	/** seconds */
	timeout: number;
	agentId?: string;
	thinking?: string;
	channel?: string;
	to?: string;
	attachments?: AgentAttachment[];
}

/**
 * An image or file sent with an agent message (`content` is base64). Images go with `agent` on both
 * versions; files only with `chat.send` on 2026.9 (the `agent` method refuses them, 2026.2.x drops them).
 */
export interface AgentAttachment {
	type: 'image' | 'file';
	mimeType: string;
	fileName: string;
	content: string;
}

/** Whether a turn carries files, so it goes by `chat.send` (2026.9) rather than `agent`. */
export const hasFiles = (params: AgentParams): boolean =>
	(params.attachments ?? []).some((a) => a.type === 'file');

/** The first answer to `chat.send`: the run started (or is already running under this key). */
export interface ChatSendAck {
	runId?: string;
	status: 'started' | 'in_flight' | string;
}

/** The first answer to `agent`: the run was accepted (or is already running under this key). */
export interface AgentAck {
	runId?: string;
	status: 'accepted' | 'in_flight';
	acceptedAt?: number;
	sessionKey?: string;
	agentId?: string;
}

export interface AgentPayload {
	text?: string;
	mediaUrl?: string;
	mediaUrls?: string[];
}

/** The final answer to `agent` (also what replaying a finished idempotency key returns). */
export interface AgentFinal {
	runId?: string;
	status?: string;
	summary?: string;
	sessionKey?: string;
	agentId?: string;
	result?: {
		payloads?: AgentPayload[];
		meta?: {
			durationMs?: number;
			stopReason?: string;
			aborted?: boolean;
			recovered?: boolean;
			/** The whole text could not be had: what is here was cut by the gateway. */
			truncated?: boolean;
			agentMeta?: { model?: string; provider?: string; usage?: IDataObject };
		};
	};
}

/** `agent` events of stream "lifecycle". */
export interface AgentLifecycle {
	phase?: 'start' | 'end' | 'error';
	error?: string;
}

/** The answer to `agent.wait`. */
export interface AgentWait {
	status?: 'ok' | 'error' | 'timeout' | 'pending' | string;
	/** When the run ended (absent while it runs, and on 2026.2.x's "timeout" for a failed run). */
	endedAt?: number;
	error?: string;
	stopReason?: string;
	/**
	 * 2026.9+: the run's last reply, cut at 4,096 characters (AGENT_RUN_TERMINAL_REPLY_MAX_CHARS);
	 * `disposition` "silent" or "empty" when the run ended without a text answer.
	 */
	terminalReply?: { text?: string; disposition?: string };
	/** 2026.9+: the model that answered. */
	terminalReceipt?: { effective?: { provider?: string; model?: string } };
}

/**
 * Whether agent.wait says the run ended: ok, error, or the run's own timeout (2026.9 gives that an
 * end). "timeout" without an end is agent.wait's own wait running out: still running, or unknown.
 */
export function runEnded(w: AgentWait): boolean {
	return (
		w.status === 'ok' ||
		w.status === 'error' ||
		(w.status === 'timeout' && typeof w.endedAt === 'number')
	);
}

/** A row of `chat.history`. */
export interface HistoryMessage {
	role?: string;
	content?: unknown;
	timestamp?: number;
	idempotencyKey?: string;
	__openclaw?: {
		idempotencyKey?: string;
		id?: string;
		seq?: number;
		runId?: string;
		truncated?: boolean;
	};
}

/**
 * `chat.history` parameters asking for whole texts: 2026.9 cuts each message's text at 8,000
 * characters unless `maxChars` says otherwise (up to 500,000); 2026.2.x's closed schema has no
 * `maxChars` and cuts at 12,000. Both leave out a message over 128 KiB of JSON (a placeholder).
 */
export const HISTORY_MAX_CHARS = 500_000;
export function historyParams(protocol: number, sessionKey: string, limit: number): IDataObject {
	return { sessionKey, limit, ...(protocol >= 4 ? { maxChars: HISTORY_MAX_CHARS } : {}) };
}

/**
 * The marks where the gateway cut a text: "\n...(truncated)..." (2026.9's display cap, 8,000 by
 * default; 2026.2.x's chat.history at 12,000), and the placeholder of a message over 128 KiB.
 */
const CUT_MARKS = [
	/\.\.\.\(truncated\)\.\.\.\s*$/,
	/…\(truncated\)…\s*$/,
	/^\[chat\.history omitted: message too large\]$/,
];
/** Whether the gateway cut this text (its display projection or agent.wait's terminal reply). */
export function isCutText(text: string): boolean {
	return CUT_MARKS.some((m) => m.test(text));
}

/** A list field of a frame, or an empty list where the gateway sent none (or something else). */
export function listOf<T = unknown>(value: unknown): T[] {
	return Array.isArray(value) ? (value as T[]) : [];
}

/** The text of a transcript message (a string, or text parts). */
export function messageText(content: unknown): string {
	if (typeof content === 'string') return content;
	if (!Array.isArray(content)) return '';
	return content
		.map((c) =>
			c && typeof c === 'object' && (c as IDataObject).type === 'text'
				? String((c as IDataObject).text ?? '')
				: '',
		)
		.join('');
}

// ------------------------------------------------------------------------------ sessions

/** A row of `sessions.list` (and of the `sessions_list` tool). */
export interface SessionRow extends IDataObject {
	key?: string;
	updatedAt?: number;
}

/** The text of a final answer: its payloads' texts, a blank line apart. */
export function answerText(final: AgentFinal): string {
	return listOf<AgentPayload | undefined>(final.result?.payloads)
		.map((p) => (typeof p?.text === 'string' ? p.text : ''))
		.filter((t) => t)
		.join('\n\n');
}

/** The agent of a session key of the form agent:<agentId>:<name>. */
export function agentOfSessionKey(key: string): string | undefined {
	const m = /^agent:([^:]+):/.exec(key);
	return m ? m[1] : undefined;
}

/**
 * The session key for what a user wrote, one rule for every node that takes a session (Run Agent's
 * Custom Key, the Gateway node's Session): a key that starts with "agent:" goes as written (the
 * gateway canonicalises it itself, and 2026.9 keeps the case of opaque peer ids such as Signal groups
 * and Matrix rooms); a bare name is the given agent's session of that name, in lower case as the
 * gateway stores it (the callers pass the gateway's default agent when none is chosen).
 */
export function sessionKeyOfInput(written: string, agentId: string): string {
	const key = written.trim();
	if (!key || /^agent:/i.test(key)) return key;
	if (key.toLowerCase() === 'global') return 'global';
	return `agent:${agentId.toLowerCase()}:${key.toLowerCase()}`;
}

export const newestFirst = (a: SessionRow, b: SessionRow) =>
	Number(b.updatedAt ?? 0) - Number(a.updatedAt ?? 0);

// ------------------------------------------------------------------------------ tools

/** The body of POST /tools/invoke. */
export interface ToolEnvelope {
	ok?: boolean;
	result?: ToolResult;
	error?: { type?: string; message?: string };
}

/** What a tool returns: text parts and, for most tools, structured `details`. */
export interface ToolResult {
	content?: Array<{ type?: string; text?: string }>;
	details?: unknown;
}

/** A time as the nodes output it: ISO 8601 (the gateway sends epoch milliseconds). */
export function isoTime(value: unknown): string | null {
	if (typeof value === 'string' && value) return value;
	return typeof value === 'number' && Number.isFinite(value) && value > 0
		? new Date(value).toISOString()
		: null;
}
