import { operationError } from './errors';
import type { GatewayClient } from './transport/client';
import { newerThan2026_2 } from './transport/protocol';

/** Fails naming 2026.9 when the gateway is a 2026.2.x, which lacks `what` (e.g. "a task ledger"). */
export async function requireNewGateway(
	client: GatewayClient,
	what: string,
	i: number,
): Promise<void> {
	const hello = await client.hello();
	if (newerThan2026_2(hello)) return;
	throw operationError(
		client.node,
		`The OpenClaw gateway (version ${hello.server?.version ?? 'unknown'}) has no ${what}`,
		`Update OpenClaw to 2026.9 or later: ${what} is new there.`,
		'unknown-method',
		i,
	);
}
