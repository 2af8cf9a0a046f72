/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- end-to-end: npm run load and npm run soak, short */
import fs from 'node:fs';
import path from 'node:path';

import { loadTable, loadTargetsMissed, runLoad } from '../../bench/load';
import { runSoak, soakTable } from '../../bench/soak';

/**
 * The short versions of `npm run load` and `npm run soak` (bench/load.ts, bench/soak.ts), in every
 * `npm test`: one round of 50 webhook executions at once in queue mode, and the trigger through a
 * gateway restart, a network drop and an n8n restart for 3 minutes. Their tables land in
 * test-artifacts/. Throughput is a benchmark's business (other suites share the machine here): this
 * asserts what must hold under load whatever the machine does.
 */
const artifacts = path.join(__dirname, '..', '..', 'test-artifacts');

test('50 executions at once in queue mode (2 workers): each answered correctly, once; one shared connection per worker', async () => {
	const report = await runLoad({
		concurrency: 50,
		waves: 1,
		modelDelayMs: 2000,
		workers: 2,
		workerConcurrency: 25,
		gatewayMaxConcurrent: 50,
		ceilings: false,
	});
	fs.mkdirSync(artifacts, { recursive: true });
	fs.writeFileSync(path.join(artifacts, 'load.md'), `${loadTable(report)}\n`);
	const ours = report.cases.filter((c) => c.client === 'n8n');
	expect(ours.map((c) => c.case)).toEqual([
		expect.stringMatching(/^Run Agent/),
		'Invoke Tool (sessions_list)',
		'List Sessions',
	]);
	for (const c of ours) {
		expect({
			case: c.case,
			failed: c.failed,
			duplicated: c.duplicated,
			lost: c.lost,
			failures: c.failures,
		}).toEqual({
			case: c.case,
			failed: 0,
			duplicated: 0,
			lost: 0,
			failures: [],
		});
	}
	const agent = ours[0];
	expect(agent.ok).toBe(50);
	expect(agent.modelCallsPerRequest).toBe(1);
	// Two workers, each with its one connection (a drop would add one): far from one per execution.
	expect(agent.webSocketsPerExecution).toBeLessThanOrEqual(4 / 50);
	expect(agent.signInsPerExecution).toBeLessThanOrEqual(4 / 50);
	expect(report.gatewayErrors).toEqual([]);
	// The throughput target is npm run load's (alone on the machine, with its ceilings).
	const missed = loadTargetsMissed(report).filter((c) => c.failed || c.duplicated || c.lost);
	expect(missed).toEqual([]);
}, 900000);

test('the trigger for 3 minutes in queue mode through a gateway restart, a 25 s network drop and an n8n restart: every run, message and cron run once or in a gap item', async () => {
	const report = await runSoak({
		durationMs: 180000,
		runEveryMs: 5000,
		cronEveryMs: 60000,
		dropMs: [25000, 25000],
		settleMs: 45000,
	});
	fs.mkdirSync(artifacts, { recursive: true });
	fs.writeFileSync(path.join(artifacts, 'soak.md'), `${soakTable(report)}\n`);
	expect(report.faults.map((f) => f.kind)).toEqual([
		'gateway killed and restarted',
		'network dropped',
		'n8n main restarted',
	]);
	// A gateway restart and an n8n restart lose events: each is said with a gap item. A 25 s silent
	// drop is shorter than the trigger's silence limit (two ticks: 60 s), so TCP carries the
	// connection through it and nothing is missed: no gap is needed (none outside a fault either way).
	for (const f of report.faults.filter((x) => x.kind !== 'network dropped'))
		expect({ fault: f.kind, gap: f.gapItemAfterMs !== undefined }).toEqual({
			fault: f.kind,
			gap: true,
		});
	expect(report.gaps.filter((g) => !g.matchesFault)).toEqual([]);
	for (const [name, t] of Object.entries({
		agentRuns: report.agentRuns,
		messages: report.messages,
		cronRuns: report.cronRuns,
	}))
		expect({ name, twice: t.twice, lost: t.lost, lostKeys: t.lostKeys }).toEqual({
			name,
			twice: 0,
			lost: 0,
			lostKeys: [],
		});
	// Not vacuous: runs were made and most reached n8n live. How many depends on the machine (a run
	// every 5 s while the gateway is up; a slow CI machine took 47 s to restart the gateway and 32 s
	// to restart n8n: 19 recorded, 12 once, 7 in a gap item), so the count is not a fixed number.
	expect(report.agentRuns.recorded).toBeGreaterThanOrEqual(10);
	expect(report.agentRuns.once).toBeGreaterThan(report.agentRuns.inGap);
	// The job's first run comes a minute in; the gateway's restart may move the next one out of the
	// 3 minutes (seen: 1 or 3 runs).
	expect(report.cronRuns.recorded).toBeGreaterThanOrEqual(1);
	// One subscription, no socket left behind by the faults.
	expect(report.sockets.last).toBe(1);
}, 1200000);
