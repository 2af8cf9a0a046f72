import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

export class OpenClawGatewayApi implements ICredentialType {
	name = 'openClawGatewayApi';

	displayName = 'OpenClaw Gateway API';

	icon: Icon = { light: 'file:../icons/openclaw.svg', dark: 'file:../icons/openclaw.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-openclaw-gateway/n8n-nodes-openclaw-gateway/blob/main/docs/credentials.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Gateway URL',
			name: 'url',
			type: 'string',
			default: 'http://127.0.0.1:18789',
			placeholder: 'e.g. http://127.0.0.1:18789 or https://gateway.tailnet.ts.net',
			hint: 'Starts with http://, https://, ws:// or wss://',
			description:
				'Base URL of the OpenClaw gateway (http, https, ws or wss). Include the path prefix if it sits behind a reverse proxy.',
			required: true,
		},
		{
			displayName: 'Authentication',
			name: 'authMode',
			type: 'options',
			options: [
				{ name: 'Token', value: 'token', description: 'gateway.auth.mode "token" (the default)' },
				{ name: 'Password', value: 'password', description: 'gateway.auth.mode "password"' },
			],
			default: 'token',
		},
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The gateway token: gateway.auth.token in openclaw.json, or OPENCLAW_GATEWAY_TOKEN',
			displayOptions: { show: { authMode: ['token'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The gateway password: gateway.auth.password, or OPENCLAW_GATEWAY_PASSWORD',
			displayOptions: { show: { authMode: ['password'] } },
		},
		{
			displayName: 'Device Private Key',
			name: 'devicePrivateKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Optional Ed25519 key (PEM, or a 32-byte seed as hex or base64url) that identifies n8n to the gateway over WebSocket. Leave empty to derive a stable one from the token or password; approve it once with "openclaw devices approve".',
		},
		{
			displayName: 'Admin Access',
			name: 'adminAccess',
			type: 'boolean',
			default: false,
			description:
				'Whether n8n asks the gateway for operator.admin too (off: read, write, approvals and questions). The operations marked "needs Admin Access" need it: Session → Reset, Compact and Delete; Cron Job → Create, Update, Delete and Run Now; Agent → Connect MCP Server and Disconnect MCP Server; and on OpenClaw 2026.9, which sends approvals to admin connections only, Approval → Get Many and the trigger\'s Approval Requested and Plugin Approval Requested (Resolve takes operator.approvals there); on 2026.2.x, Session → Update. Give it only to workflows you trust: a public chat or webhook should use a credential without it. Turning it on later asks once for a scope upgrade ("openclaw devices approve").',
		},
		{
			displayName: 'Hooks Token',
			name: 'hooksToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Optional: hooks.token of the gateway (hooks.enabled true in openclaw.json). Opens its hooks ingress, which needs no device pairing: Agent → Wake and Agent → Run via Hook. Must differ from the gateway token. With only this set (Token empty), n8n can use the hooks and nothing else.',
		},
		{
			displayName: 'Hooks Path',
			name: 'hooksPath',
			type: 'string',
			default: '/hooks',
			description: "The gateway's hooks.path (default /hooks); used with the Hooks Token",
		},
	];

	// No `authenticate`: n8n would add "Custom API Call" (the HTTP Request node, which cannot reach the
	// gateway's WebSocket methods) to every Resource and Operation list of the Gateway node. The nodes
	// send the bearer header themselves (GatewayClient.http), still through n8n's request helper.
}
