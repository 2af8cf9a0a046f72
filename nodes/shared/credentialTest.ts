import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INode,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { errorKind, hooksErrorInfo, NO_WEBSOCKET, redact } from './errors';
import {
	credentialDomainRefusal,
	egressRefusalMessage,
	readCredential,
	type OpenClawCredentialData,
} from './transport/client';
import { GatewayRpc } from './transport/rpc';

const TEST_NODE: INode = {
	id: 'openclaw-credential-test',
	name: 'OpenClaw Gateway API',
	type: 'n8n-nodes-openclaw-gateway.credentialTest',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/**
 * n8n's credential test (every node declares `testedBy: 'openClawGatewayApiTest'`; the credential has
 * no declarative `test`, which n8n would prefer): the same checks and sign-in the nodes make, so the editor shows the nodes'
 * own messages (a URL without a scheme, a rejected token with where to find the right one, the
 * exact `openclaw devices approve` command) instead of "Unauthorized" or "ERR_INVALID_URL".
 */
export async function openClawGatewayApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const read = readCredential((credential.data ?? {}) as OpenClawCredentialData);
	if ('problem' in read) {
		return { status: 'Error', message: `${read.problem.message}. ${read.problem.fix}` };
	}
	const { settings } = read;
	const secrets = [settings.secret, settings.hooks?.token ?? ''].filter(Boolean);
	const hooksVerdict = async (connected: string): Promise<INodeCredentialTestResult> => {
		if (!settings.hooks) return { status: 'OK', message: connected };
		const problem = await probeHooks(this, settings.urls.http, settings.hooks);
		if (problem === NOT_CHECKED)
			return {
				status: 'OK',
				message: `${connected ? `${connected}; ` : ''}the Hooks Token was not checked (this n8n gives the credential test no HTTP helper)`,
			};
		if (problem) return { status: 'Error', message: redact(problem, secrets) };
		return {
			status: 'OK',
			message: connected
				? `${connected}; the hooks took the Hooks Token`
				: 'The hooks took the Hooks Token',
		};
	};
	// Only a Hooks Token: the hooks are all this credential opens (after the same egress rules).
	if (!settings.secret) {
		const refusal = credentialDomainRefusal(TEST_NODE, credential.data ?? {}, settings.urls.http);
		if (refusal) {
			const { message, fix } = egressRefusalMessage(settings.urls.http, refusal);
			return { status: 'Error', message: `${message}. ${fix}` };
		}
		return hooksVerdict('');
	}
	if (typeof WebSocket !== 'function') {
		return {
			status: 'Error',
			message: `${NO_WEBSOCKET.message}, so the credential cannot be checked. ${NO_WEBSOCKET.description}`,
		};
	}
	// The same egress rules as the nodes, before any socket is opened: the credential's allowed domains,
	// and n8n's SSRF policy, which its request helper applies (the WebSocket bypasses it otherwise).
	const domainRefusal = credentialDomainRefusal(
		TEST_NODE,
		credential.data ?? {},
		settings.urls.http,
	);
	const probe = domainRefusal ? undefined : await probeHealth(this, settings.urls.http);
	const refusal = domainRefusal ?? probe?.refusal;
	if (refusal) {
		const { message, fix } = egressRefusalMessage(settings.urls.http, refusal);
		return { status: 'Error', message: `${message}. ${fix}` };
	}
	try {
		const rpc = await GatewayRpc.connect({
			url: settings.urls.ws,
			node: TEST_NODE,
			authMode: settings.authMode,
			secret: settings.secret,
			device: settings.device,
			scopes: settings.scopes,
			handshakeTimeoutMs: 15000,
			// A gateway greets a new socket at once: a few seconds without it is not a gateway.
			challengeTimeoutMs: 5000,
			// A click on Retry after fixing the token on the gateway: tried, not the refusal of 3 s ago.
			retryRefused: true,
		});
		const { server, protocol } = rpc.hello;
		rpc.close();
		return await hooksVerdict(
			`Connected to OpenClaw${server?.version ? ` ${server.version}` : ''} (protocol ${protocol})`,
		);
	} catch (error) {
		const { message, description } = error as { message?: string; description?: string };
		// The WebSocket API cannot tell a refused connection from an HTTP server that declined the
		// upgrade; the health probe's answer can.
		const refused = /^No WebSocket connection to /.test(message ?? '');
		if (refused && probe?.status)
			return {
				status: 'Error',
				message:
					probe.status === 503
						? `The gateway at ${settings.urls.http} is starting or busy (HTTP 503) and refused the WebSocket. Test again in a few seconds.`
						: `Something at ${settings.urls.http} answered HTTP (status ${probe.status}), but did not take a WebSocket as an OpenClaw gateway does. Check the Gateway URL: the address and port of the gateway (default 18789), plus its path prefix behind a proxy.`,
			};
		if (refused)
			return {
				status: 'Error',
				message: `Nothing answered at ${settings.urls.http}. ${description ?? ''}`.trim(),
			};
		// The credential has no Timeout to raise: say what the sign-in waited for instead.
		const fix =
			errorKind(error) === 'timeout'
				? 'The gateway greeted n8n but did not answer the sign-in within 15 s: check that it is not overloaded, then test again.'
				: description;
		const text = [message ?? String(error), fix].filter(Boolean).join('. ');
		return { status: 'Error', message: redact(text, secrets) };
	}
}

/**
 * An HTTP request to the gateway's health endpoint through the credential test's own request helper:
 * what n8n's SSRF protection says of the address (n8n's refusal names itself, SsrfBlocked…; any
 * other answer or failure means the policy let it through), and the status of an HTTP answer.
 */
async function probeHealth(
	fns: ICredentialTestFunctions,
	url: string,
): Promise<{ refusal?: string; status?: number }> {
	const request = (fns.helpers as { request?: (options: object) => Promise<unknown> }).request;
	if (typeof request !== 'function') return {};
	try {
		const res = (await request({
			method: 'GET',
			uri: `${url}/health`,
			timeout: 5000,
			simple: false,
			resolveWithFullResponse: true,
			followRedirect: false,
		})) as { statusCode?: number } | undefined;
		return { status: res?.statusCode ?? 200 };
	} catch (error) {
		const e = error as {
			name?: string;
			message?: string;
			cause?: { name?: string; message?: string };
		};
		for (const candidate of [e, e.cause]) {
			if (candidate && /^Ssrf/.test(String(candidate.name)))
				return { refusal: candidate.message ?? 'blocked' };
		}
		return {};
	}
}

const NOT_CHECKED = 'not-checked';

/**
 * The Hooks Token against the gateway's hooks, with no side effect: a wake without its text is
 * refused (400) only after the token was accepted; 401 is the token, 404/405 hooks that are off.
 * Undefined: the hooks took the token.
 */
async function probeHooks(
	fns: ICredentialTestFunctions,
	url: string,
	hooks: { token: string; path: string },
): Promise<string | undefined> {
	const request = (fns.helpers as { request?: (options: object) => Promise<unknown> }).request;
	if (typeof request !== 'function') return NOT_CHECKED;
	const path = `${hooks.path}/wake`;
	try {
		const res = (await request({
			method: 'POST',
			uri: `${url}${path}`,
			headers: { authorization: `Bearer ${hooks.token}` },
			body: {},
			json: true,
			timeout: 5000,
			simple: false,
			resolveWithFullResponse: true,
			followRedirect: false,
		})) as { statusCode?: number; body?: unknown; headers?: Record<string, string> } | undefined;
		const status = res?.statusCode ?? 0;
		if (status === 400 || (status >= 200 && status < 300)) return undefined;
		const info = hooksErrorInfo(status, res?.body, {
			path,
			retryAfter: res?.headers?.['retry-after'],
		});
		return `${info.message}. ${info.description}`;
	} catch (error) {
		return `Could not reach the gateway's hooks at ${url}${path}: ${(error as Error).message}`;
	}
}
