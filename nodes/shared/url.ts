/**
 * Gateway URL handling (pure). Users paste http(s):// or ws(s):// URLs, with trailing slashes or a
 * path prefix behind a reverse proxy; the gateway serves HTTP and WebSocket on the same base.
 */
export interface GatewayUrls {
	/** e.g. https://gw.example.com/openclaw (no trailing slash) */
	http: string;
	/** e.g. wss://gw.example.com/openclaw/ (the WebSocket endpoint is the root of the base) */
	ws: string;
}

export class GatewayUrlError extends Error {}

const USER_INFO =
	'The Gateway URL contains a user name or password; remove it and put the secret in the Token or Password field';

export function parseGatewayUrl(raw: unknown): GatewayUrls {
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (!text) throw new GatewayUrlError('The Gateway URL is empty');
	// A user name or password in the URL is refused before the URL is shown in any message.
	const shown = text.replace(/^((?:[a-z][a-z0-9+.-]*:\/\/)?)[^/?#@\s]*@/i, '$1');
	if (shown !== text) throw new GatewayUrlError(USER_INFO);
	if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
		throw new GatewayUrlError(
			`The Gateway URL "${shown}" has no scheme; write it as http://host:18789 (or https://, ws://, wss://)`,
		);
	}
	if (!URL.canParse(text))
		throw new GatewayUrlError(`The Gateway URL "${shown}" is not a valid URL`);
	const url = new URL(text);
	const scheme = url.protocol.replace(/:$/, '').toLowerCase();
	const secure = scheme === 'https' || scheme === 'wss';
	if (!['http', 'https', 'ws', 'wss'].includes(scheme)) {
		throw new GatewayUrlError(
			`The Gateway URL must start with http://, https://, ws:// or wss://, not ${scheme}://`,
		);
	}
	if (url.username || url.password) throw new GatewayUrlError(USER_INFO);
	const base = url.pathname.replace(/\/+$/, '');
	const hostPart = url.host;
	return {
		http: `${secure ? 'https' : 'http'}://${hostPart}${base}`,
		ws: `${secure ? 'wss' : 'ws'}://${hostPart}${base}/`,
	};
}
