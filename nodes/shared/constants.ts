/** Values shared by the credential, the transport and the nodes. */
export const CREDENTIAL_NAME = 'openClawGatewayApi';
export const PACKAGE_VERSION = '0.1.0';

/** What the WebSocket path identifies as (closed enums on the gateway; see the protocol notes). */
export const CLIENT_ID = 'gateway-client';
export const CLIENT_MODE = 'backend';
export const CLIENT_PLATFORM = 'n8n';
export const CLIENT_DISPLAY_NAME = 'n8n';
export const ROLE = 'operator';
/** Every scope the nodes need, requested at first pairing so no scope upgrade is ever needed. */
export const OPERATOR_SCOPES = ['operator.read', 'operator.write'] as const;
export const MIN_PROTOCOL = 3;
export const MAX_PROTOCOL = 4;

/** Tools the gateway denies over HTTP by default (2026.2.x and latest). */
export const HTTP_DENIED_TOOLS = [
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
	'whatsapp_login',
];

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
