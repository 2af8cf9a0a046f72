/** Values shared by the credential, the transport and the nodes. */
export const CREDENTIAL_NAME = 'openClawGatewayApi';
export const PACKAGE_VERSION = '0.4.0';

/** What the WebSocket path identifies as (closed enums on the gateway; see the protocol notes). */
export const CLIENT_ID = 'gateway-client';
export const CLIENT_MODE = 'backend';
export const CLIENT_PLATFORM = 'n8n';
export const CLIENT_DISPLAY_NAME = 'n8n';
export const ROLE = 'operator';
/**
 * Every scope the nodes and the trigger need, requested at first pairing so adding a node later needs
 * no scope upgrade. `operator.questions` (OpenClaw 2026.9; older gateways ignore it): a run started
 * from n8n may ask the human (ask_user fails in runs of a device without it), and the Question
 * resource and Question Asked answer and watch. `operator.admin` only when Admin Access is on.
 */
export const OPERATOR_SCOPES = [
	'operator.read',
	'operator.write',
	'operator.approvals',
	'operator.questions',
] as const;
export const ADMIN_SCOPE = 'operator.admin';
/** The scopes a credential asks for. */
export function scopesFor(adminAccess: boolean | undefined): readonly string[] {
	return adminAccess ? [...OPERATOR_SCOPES, ADMIN_SCOPE] : OPERATOR_SCOPES;
}
export const MIN_PROTOCOL = 3;
export const MAX_PROTOCOL = 4;

/**
 * Tools the gateway denies over HTTP by default (`DEFAULT_GATEWAY_HTTP_TOOL_DENY`): 2026.2.x's short
 * list, and the longer one of later gateways (where `cron` is an alias of `automations`).
 */
const HTTP_DENIED_2026_2 = ['gateway', 'sessions_send', 'sessions_spawn', 'whatsapp_login'];
const HTTP_DENIED_LATER = [
	'apply_patch',
	'automations',
	'computer',
	'conversations_list',
	'conversations_send',
	'conversations_turn',
	'cron',
	'exec',
	'fs_delete',
	'fs_move',
	'fs_write',
	'gateway',
	'mobile_ui',
	'nodes',
	'openclaw',
	'plugins',
	'portal',
	'sessions_send',
	'sessions_spawn',
	'shell',
	'spawn',
	'terminal',
];
/** Both lists: what some gateway denies over HTTP by default. */
export const HTTP_DENIED_TOOLS = [...new Set([...HTTP_DENIED_2026_2, ...HTTP_DENIED_LATER])].sort();

/**
 * Tools 2026.9 gives only to the gateway's owner (GATEWAY_OWNER_ONLY_CORE_TOOLS, 2026.9.6;
 * "automations" is its control-plane name): `tools.invoke` over the WebSocket counts this device as
 * the owner only with operator.admin, whatever gateway.tools.allow says.
 */
export const OWNER_ONLY_TOOLS = [
	'automations',
	'computer',
	'conversations_list',
	'conversations_send',
	'conversations_turn',
	'gateway',
	'mobile_ui',
	'nodes',
	'openclaw',
	'plugins',
	'portal',
	'screen',
	'sessions',
	'terminal',
];

/**
 * The default HTTP deny list of this gateway: by its version where it reports one (2026.2.x may say
 * "dev"), else by its protocol (2026.2.x speaks 3); both lists when the gateway is not known.
 */
export function httpDeniedTools(server?: {
	version?: string;
	protocol?: number;
}): readonly string[] {
	const version = /^(\d{4})\.(\d+)\./.exec(server?.version ?? '');
	if (version) {
		const [year, month] = [Number(version[1]), Number(version[2])];
		return year < 2026 || (year === 2026 && month <= 2) ? HTTP_DENIED_2026_2 : HTTP_DENIED_LATER;
	}
	if (server?.protocol === undefined) return HTTP_DENIED_TOOLS;
	return server.protocol <= 3 ? HTTP_DENIED_2026_2 : HTTP_DENIED_LATER;
}

/** Tools offered in the Invoke Tool picker when the gateway has no `tools.catalog` (2026.2.x). */
export const KNOWN_TOOLS = [
	{ id: 'agents_list', description: 'List the agents this session may target' },
	{ id: 'cron', description: 'Manage scheduled jobs (2026.2.x; HTTP-denied on newer gateways)' },
	{ id: 'memory_get', description: 'Read a memory entry (memory plugin)' },
	{ id: 'memory_search', description: 'Search memory (memory plugin)' },
	{ id: 'message', description: 'Send or read channel messages' },
	{ id: 'session_status', description: 'Status of a session, or change its model' },
	{ id: 'sessions_history', description: 'Messages of a session' },
	{ id: 'sessions_list', description: 'List sessions' },
	{ id: 'web_fetch', description: 'Fetch a URL as markdown or text' },
	{ id: 'web_search', description: 'Search the web (needs a search provider key)' },
];

/**
 * Gateway methods that only read (by name: list, get, status, history…), except those whose answer
 * holds the gateway's configuration or secrets. Anything else changes the gateway: Call Method marks
 * it, and refuses it when an AI Agent drives the node unless the user allowed changes.
 */
export function isReadOnlyMethod(method: string): boolean {
	if (/^(config|secrets|logs|wizard)\./.test(method)) return false;
	return /^(health|status)$|\.(list|get|status|history|preview|runs|catalog|effective|search|describe|usage|info)$/.test(
		method,
	);
}
