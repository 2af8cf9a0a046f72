/* eslint-disable @n8n/community-nodes/no-restricted-globals -- benchmark children: sample their own memory */

/** What a memory child sends its parent: RSS before and at the peak, and the size it got. */
export interface PeakReport {
	baseline: number;
	peak: number;
	answer: number;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/**
 * Collects garbage (the child runs with --expose-gc), takes the RSS as the baseline, then samples it
 * every 2 ms while `work` runs: the peak above that baseline is what `work` cost.
 */
export async function peakRssDuring(work: () => Promise<number>): Promise<PeakReport> {
	gc();
	await new Promise((r) => setTimeout(r, 200));
	gc();
	const baseline = process.memoryUsage().rss;
	let peak = baseline;
	const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
	try {
		const answer = await work();
		peak = Math.max(peak, process.memoryUsage().rss);
		return { baseline, peak, answer };
	} finally {
		clearInterval(timer);
	}
}

/**
 * A memory child's whole life: warm up, measure `work`, check it got `expected` (bytes or
 * characters), report to the parent, exit (1 with the stack on any error).
 */
export function measureChild(
	warm: () => Promise<unknown>,
	work: () => Promise<number>,
	expected: number,
): void {
	const main = async () => {
		await warm();
		const report = await peakRssDuring(work);
		if (report.answer !== expected) throw new Error(`got ${report.answer}, expected ${expected}`);
		process.send!(report);
	};
	main().then(
		() => process.exit(0),
		(e) => {
			process.stderr.write(`${(e as Error).stack}\n`);
			process.exit(1);
		},
	);
}
