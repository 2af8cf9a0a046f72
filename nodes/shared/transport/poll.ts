/**
 * Waiting without timers (n8n's cloud rules forbid setTimeout in nodes): deadlines are AbortSignals.
 */

/** Resolves after `ms`, or at once when `signal` aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		const timeout = AbortSignal.timeout(Math.max(1, ms));
		const either = signal ? AbortSignal.any([timeout, signal]) : timeout;
		if (either.aborted) return resolve();
		either.addEventListener('abort', () => resolve(), { once: true });
	});
}

/**
 * Calls `attempt` until it returns a value, at most once per `intervalMs`; an attempt that throws
 * ends the polling with its error. Stops with the signal's reason when `signal` aborts.
 */
export async function pollUntil<T>(
	attempt: () => Promise<T | undefined>,
	intervalMs: number,
	signal?: AbortSignal,
): Promise<T> {
	for (;;) {
		signal?.throwIfAborted();
		const started = Date.now();
		const value = await attempt();
		if (value !== undefined) return value;
		await pause(intervalMs - (Date.now() - started), signal);
	}
}

/** Grace over the gateway's own timeout, so the gateway's answer (status "timeout") arrives first. */
const LOCAL_GRACE_MS = 10000;

/** The node's own deadline for an agent run the gateway was told to end after `seconds`. */
export function runDeadline(seconds: number): AbortSignal {
	return AbortSignal.timeout(seconds * 1000 + LOCAL_GRACE_MS);
}
