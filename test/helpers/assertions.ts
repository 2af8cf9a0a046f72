import type { INodeExecutionData } from 'n8n-workflow';

/** Every output item is paired with an input item in range. */
export function expectPaired(items: INodeExecutionData[], inputs: number): void {
	for (const item of items) {
		const paired = item.pairedItem as { item: number } | undefined;
		expect(paired).toBeDefined();
		expect(paired!.item).toBeGreaterThanOrEqual(0);
		expect(paired!.item).toBeLessThan(inputs);
	}
}

/** Everything a user or a log could see of a value or an error, as one string. */
export function visibleText(value: unknown): string {
	const parts = [JSON.stringify(value) ?? ''];
	if (value instanceof Error) {
		const e = value as Error & { description?: unknown; context?: unknown; cause?: unknown };
		parts.push(
			e.message,
			e.stack ?? '',
			String(e.description ?? ''),
			JSON.stringify(e.context ?? {}),
			JSON.stringify(e.cause ?? {}),
		);
	}
	return parts.join('\n');
}

export function expectNoSecrets(value: unknown, secrets: string[]): void {
	const text = visibleText(value);
	for (const s of secrets) expect(text).not.toContain(s);
}
