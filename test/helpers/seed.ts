import type { TestGateway } from './gateways';

/** Creates a session by running one agent turn over HTTP (the fake model answers). */
export async function seedSession(
	gw: TestGateway,
	sessionKey: string,
	text = 'seed',
): Promise<void> {
	const res = await fetch(`${gw.url}/v1/chat/completions`, {
		method: 'POST',
		headers: {
			authorization: `Bearer ${gw.token}`,
			'content-type': 'application/json',
			'x-openclaw-session-key': sessionKey,
		},
		body: JSON.stringify({
			model: 'openclaw',
			messages: [{ role: 'user', content: `echo:${text}` }],
		}),
	});
	if (res.status !== 200)
		throw new Error(`seeding ${sessionKey}: ${res.status} ${await res.text()}`);
}
