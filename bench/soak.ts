/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console, @n8n/community-nodes/require-node-api-error -- soak: real n8n in queue mode, a real gateway in a network namespace */
import fs from 'node:fs';
import path from 'node:path';

import { sleep, type IDataObject } from 'n8n-workflow';

import { OPERATOR_SCOPES } from '../nodes/shared/constants';
import { deviceIdentity } from '../nodes/shared/device';
import { errorKind } from '../nodes/shared/errors';
import { GatewayRpc } from '../nodes/shared/transport/rpc';
import { TEST_NODE } from '../test/helpers/context';
import { gatewayModule, type RunningGateway } from '../test/helpers/gatewayModule';
import { createNetns, type TestNetns } from '../test/helpers/netns';
import { gatewaySockets, startReceiver, type Receiver } from '../test/helpers/summaryReceiver';
import {
	CREDENTIAL,
	groupRss,
	mb,
	percentile,
	SCALE_ROOT,
	startQueueN8n,
	type QueueN8n,
} from './queue';

/**
 * npm run soak: the OpenClaw Trigger (Agent Run Finished, Cron Job Finished, New Session Message)
 * active in n8n's queue mode for a while, agent runs arriving every few seconds and a cron job every
 * minute, through faults on a schedule: the gateway killed and restarted, the network to it dropped
 * (the gateway runs in a network namespace of its own; its end of the link goes down), n8n's main
 * process restarted. Then every finished run, message and cron run the gateway recorded is looked up
 * among the executions: exactly one each, or inside a gap item (agent runs and messages of a span
 * the trigger could not hear; cron runs are recovered, so never only in a gap).
 */
export interface SoakOptions {
	durationMs: number;
	runEveryMs: number;
	cronEveryMs: number;
	/** How long the network stays down (drawn from [min, max] per drop). */
	dropMs: [number, number];
	/** After the last run started: time for the last runs to finish and be heard. */
	settleMs: number;
}

interface Fault {
	kind: 'gateway killed and restarted' | 'network dropped' | 'n8n main restarted';
	from: number;
	to: number;
	/** The first execution's arrival after the fault ended. */
	firstEventAfterMs?: number;
	gapItemAfterMs?: number;
}

interface Tally {
	recorded: number;
	once: number;
	inGap: number;
	twice: number;
	lost: number;
	lostKeys: string[];
}

export interface SoakReport {
	options: SoakOptions;
	gatewayVersion: string;
	n8nVersion: string;
	startedRuns: number;
	events: number;
	faults: Fault[];
	gaps: Array<{ from: string; to: string; reason: string; matchesFault: boolean }>;
	agentRuns: Tally;
	messages: Tally;
	cronRuns: Tally;
	mainRss: { first: number; last: number; max: number; samples: number };
	sockets: { max: number; last: number };
}

const unique = (s: string) => `${s}${Date.now().toString(36)}`;

function triggerWorkflow(receiverUrl: string) {
	return {
		id: 'oclSoakTrigger01',
		name: 'Soak: OpenClaw Trigger → receiver',
		active: false,
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'none' },
		nodes: [
			{
				id: 'f1000000-0000-4000-8000-000000000001',
				name: 'OpenClaw Trigger',
				type: 'n8n-nodes-openclaw-gateway.openClawTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					events: ['agentRunFinished', 'cronJobFinished', 'sessionMessage'],
					filters: {},
					options: {},
				},
				credentials: { openClawGatewayApi: CREDENTIAL },
			},
			{
				id: 'f1000000-0000-4000-8000-000000000002',
				name: 'Post',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [260, 0],
				parameters: {
					method: 'POST',
					url: receiverUrl,
					sendBody: true,
					specifyBody: 'json',
					jsonBody: '={{ $json }}',
					options: {},
				},
			},
		],
		connections: {
			'OpenClaw Trigger': { main: [[{ node: 'Post', type: 'main', index: 0 }]] },
		},
	};
}

/** An operator connection with admin rights; on a remote gateway the device is approved first. */
async function adminRpc(gw: RunningGateway, url: string): Promise<GatewayRpc> {
	const connect = () =>
		GatewayRpc.connect({
			url,
			node: TEST_NODE,
			authMode: 'token',
			secret: gw.token,
			device: deviceIdentity(gw.token),
			scopes: [...OPERATOR_SCOPES, 'operator.admin'],
		});
	for (let i = 0; ; i++) {
		try {
			return await connect();
		} catch (e) {
			if (errorKind(e) !== 'pairing-required' || i > 2) throw e;
			const id = /openclaw devices approve (\S+)/.exec(
				String((e as { description?: string }).description),
			)?.[1];
			if (!id) throw e;
			await gw.cli(['devices', 'approve', id]);
		}
	}
}

const ms = (t: number) => (Number.isFinite(t) ? `${(t / 1000).toFixed(1)} s` : '–');

export async function runSoak(opts: SoakOptions): Promise<SoakReport> {
	let ns: TestNetns | undefined;
	let gw: RunningGateway | undefined;
	let receiver: Receiver | undefined;
	let queue: QueueN8n | undefined;
	let admin: GatewayRpc | undefined;
	try {
		ns = createNetns();
		const net = ns;
		gw = await gatewayModule.startGateway({ netns: ns.name, host: ns.nsIp, port: 18789 });
		const g = gw;
		const url = `ws://${ns.nsIp}:18789`;
		// The nodes' device (derived from the token) paired once, with every scope they may ask for.
		admin = await adminRpc(g, url);
		receiver = await startReceiver();
		const r = receiver;
		queue = await startQueueN8n({
			gateway: { url: g.url, token: g.token },
			workflows: [triggerWorkflow(receiver.url)],
			workers: 1,
			concurrency: 10,
			name: 'soak',
		});
		const q = queue;
		const deadline = (t: number) => Date.now() + t;
		const waitUntil = async (check: () => boolean, timeoutMs: number, what: string) => {
			const end = deadline(timeoutMs);
			while (!check()) {
				if (Date.now() > end) throw new Error(`soak: ${what} did not happen in ${timeoutMs} ms`);
				await sleep(250);
			}
		};
		const listening = () => gatewaySockets(g.url, q.main.pid) > 0;
		const gapSince = (t: number) => r.posts.some((p, i) => p.event === 'gap' && r.arrivals[i] >= t);
		await waitUntil(listening, 120000, "the trigger's subscription");

		const tag = unique('soak');
		const job = await admin.call<{ id: string }>('cron.add', {
			name: tag,
			enabled: true,
			schedule: { kind: 'every', everyMs: opts.cronEveryMs },
			sessionTarget: 'isolated',
			wakeMode: 'now',
			payload: { kind: 'agentTurn', message: `echo:${tag} cron` },
			delivery: { mode: 'none' },
		});

		// The driver: a run every few seconds on its own connection (reconnected after faults).
		let driver: GatewayRpc | undefined = admin;
		let started = 0;
		let stopDriving = false;
		const drive = (async () => {
			for (let n = 0; !stopDriving; n++) {
				const next = Date.now() + opts.runEveryMs;
				try {
					if (!driver?.isOpen) driver = await adminRpc(g, url);
					await driver.call(
						'agent',
						{
							message: `echo:${tag} run ${n}`,
							sessionKey: `agent:main:${tag}-${n}`,
							idempotencyKey: `${tag}-${n}`,
							deliver: false,
						},
						{ signal: AbortSignal.timeout(10000) },
					);
					started++;
				} catch {
					driver?.close();
					driver = undefined;
				}
				await sleep(Math.max(0, next - Date.now()));
			}
		})();

		// Resources every 5 s: n8n main's memory, its sockets to the gateway.
		const samples: Array<{ at: number; rss: number; sockets: number; events: number }> = [];
		const sampling = setInterval(() => {
			samples.push({
				at: Date.now(),
				rss: groupRss(q.main.pid),
				sockets: gatewaySockets(g.url, q.main.pid),
				events: r.posts.length,
			});
		}, 5000);

		// Faults: one cycle per 10 minutes (at least one); n8n's main process is restarted once.
		const faults: Fault[] = [];
		const t0 = Date.now();
		const cycleMs = Math.min(opts.durationMs, 600000);
		const cycles = Math.max(1, Math.floor(opts.durationMs / cycleMs));
		const at = async (offset: number) => sleep(Math.max(0, t0 + offset - Date.now()));
		for (let c = 0; c < cycles; c++) {
			const base = c * cycleMs;
			await at(base + cycleMs * 0.25);
			let from = Date.now();
			await g.kill();
			await g.restart();
			faults.push({ kind: 'gateway killed and restarted', from, to: Date.now() });
			// Faults do not overlap: the next begins once the trigger is back and its gap item is in.
			// The trigger may be in its longest backoff (10 s) when the gateway is back, plus the
			// handshake (15 s) and the cron recovery: 75 s at most before the drop begins anyway.
			// Not coming is judged from the report (the fault without its gap item), not here.
			await waitUntil(() => gapSince(from), 75000, "the restart's gap item").catch(() => undefined);
			await at(base + cycleMs * 0.45);
			const [lo, hi] = opts.dropMs;
			from = Date.now();
			net.link(false);
			await sleep(lo + Math.random() * (hi - lo));
			net.link(true);
			faults.push({ kind: 'network dropped', from, to: Date.now() });
			if (c === 0) {
				await at(base + cycleMs * 0.7);
				from = Date.now();
				await q.restartMain();
				await waitUntil(listening, 120000, 'the trigger listening again after the restart');
				faults.push({ kind: 'n8n main restarted', from, to: Date.now() });
			}
		}
		await at(opts.durationMs);
		stopDriving = true;
		await drive;
		driver?.close();
		// The last runs finish and are heard; the last gap items arrive.
		await sleep(opts.settleMs);
		clearInterval(sampling);

		// The gateway's own record.
		if (!admin.isOpen) admin = await adminRpc(g, url);
		const rpc = admin;
		const posts = [...r.posts];
		const arrivals = [...r.arrivals];
		const gapPosts = posts.filter((p) => p.event === 'gap');
		const slack = 10000;
		const matchesFault = (from: number, to: number) =>
			faults.some((f) => from <= f.to + slack && to >= f.from - slack);
		const gaps = gapPosts.map((p) => ({
			from: String(p.from),
			to: String(p.to),
			reason: String(p.reason),
			matchesFault: matchesFault(Date.parse(String(p.from)), Date.parse(String(p.to))),
		}));
		const inGap = (t: number) =>
			gapPosts.some(
				(p) => t >= Date.parse(String(p.from)) - slack && t <= Date.parse(String(p.to)) + slack,
			);
		const tally = (): Tally => ({
			recorded: 0,
			once: 0,
			inGap: 0,
			twice: 0,
			lost: 0,
			lostKeys: [],
		});
		const count = (t: Tally, key: string, seen: number, endedAt: number) => {
			t.recorded++;
			if (seen === 1) t.once++;
			else if (seen > 1) t.twice++;
			else if (inGap(endedAt)) t.inGap++;
			else {
				t.lost++;
				t.lostKeys.push(key);
			}
		};
		const agentRuns = tally();
		const messages = tally();
		const listed = await rpc.call<{ sessions: IDataObject[] }>('sessions.list', {
			limit: 5000,
			search: tag,
		});
		for (const session of listed.sessions) {
			const key = String(session.key);
			if (!key.startsWith(`agent:main:${tag}-`)) continue;
			const history = await rpc.call<{ messages: IDataObject[] }>('chat.history', {
				sessionKey: key,
				limit: 50,
			});
			const assistant = history.messages.filter((m) => m.role === 'assistant');
			if (assistant.length) {
				const endedAt = Number(assistant.at(-1)!.timestamp);
				const seen = posts.filter((p) => p.event === 'agentRunFinished' && p.sessionKey === key);
				count(agentRuns, key, seen.length, endedAt);
			}
			for (const m of history.messages) {
				if (m.role !== 'user' && m.role !== 'assistant') continue;
				const id = String(((m.__openclaw ?? {}) as IDataObject).id ?? '');
				if (!id) continue;
				const seen = posts.filter((p) => p.event === 'sessionMessage' && p.messageId === id);
				count(messages, `${key} ${id}`, seen.length, Number(m.timestamp));
			}
		}
		const cronRuns = tally();
		const runs = await rpc.call<{ entries: IDataObject[] }>('cron.runs', {
			id: job.id,
			limit: 200,
		});
		for (const e of runs.entries) {
			const runAt = Number(e.runAtMs ?? e.ts);
			const seen = posts.filter(
				(p) =>
					p.event === 'cronJobFinished' &&
					p.jobId === job.id &&
					(e.runId ? p.runId === e.runId : Date.parse(String(p.runAt)) === runAt),
			);
			// Cron runs are recovered after a gap: one only in a gap item is lost.
			cronRuns.recorded++;
			if (seen.length === 1) cronRuns.once++;
			else if (seen.length > 1) cronRuns.twice++;
			else {
				cronRuns.lost++;
				cronRuns.lostKeys.push(`${job.id} ${new Date(runAt).toISOString()}`);
			}
		}
		await rpc.call('cron.remove', { id: job.id }).catch(() => undefined);

		faults.forEach((f, n) => {
			const after = arrivals.findIndex((a) => a >= f.to);
			if (after >= 0) f.firstEventAfterMs = arrivals[after] - f.to;
			// This fault's own gap item: arrived after it began and before the next fault, its span
			// overlapping this fault.
			const next = faults[n + 1]?.from ?? Infinity;
			const gapAt = posts.findIndex(
				(p, i) =>
					p.event === 'gap' &&
					arrivals[i] >= f.from &&
					arrivals[i] < next &&
					Date.parse(String(p.from)) <= f.to + slack &&
					Date.parse(String(p.to)) >= f.from - slack,
			);
			if (gapAt >= 0) f.gapItemAfterMs = arrivals[gapAt] - f.to;
		});
		// Memory after the main restart (the process that ran longest with the trigger), from its
		// first minute on.
		const restart = faults.find((f) => f.kind === 'n8n main restarted');
		const after = samples.filter((s) => !restart || s.at > restart.to + 60000);
		const series = after.length >= 4 ? after : samples;
		const third = Math.max(1, Math.floor(series.length / 3));
		return {
			options: opts,
			gatewayVersion: g.version,
			n8nVersion: process.env.OPENCLAW_N8N_VERSION ?? '2.41.1',
			startedRuns: started,
			events: posts.length,
			faults,
			gaps,
			agentRuns,
			messages,
			cronRuns,
			mainRss: {
				first: percentile(
					series.slice(0, third).map((s) => s.rss),
					50,
				),
				last: percentile(
					series.slice(-third).map((s) => s.rss),
					50,
				),
				max: Math.max(...series.map((s) => s.rss)),
				samples: series.length,
			},
			sockets: {
				max: Math.max(...samples.map((s) => s.sockets)),
				last: samples.at(-1)?.sockets ?? 0,
			},
		};
	} finally {
		admin?.close();
		await queue?.stop();
		await receiver?.stop();
		await gw?.stop();
		ns?.remove();
	}
}

export function soakTable(r: SoakReport): string {
	const row = (name: string, t: Tally) =>
		`| ${name} | ${t.recorded} | ${t.once} | ${t.inGap} | ${t.twice} | ${t.lost} |`;
	const lines = [
		`n8n ${r.n8nVersion} in queue mode (main + 1 worker), OpenClaw ${r.gatewayVersion} in a network namespace; ${(r.options.durationMs / 60000).toFixed(0)} min, an agent run every ${r.options.runEveryMs / 1000} s (${r.startedRuns} started), a cron job every ${r.options.cronEveryMs / 1000} s; ${r.events} executions.`,
		'',
		'| Recorded by the gateway | Recorded | Exactly one execution | Only in a gap item | Twice | Lost |',
		'| --- | ---: | ---: | ---: | ---: | ---: |',
		row('Finished agent runs (Agent Run Finished)', r.agentRuns),
		row('Messages (New Session Message)', r.messages),
		row('Cron runs (Cron Job Finished)', r.cronRuns),
		'',
		'| Fault | Lasted | Gap item after its end (none: nothing was missed) | First execution after its end |',
		'| --- | ---: | ---: | ---: |',
		...r.faults.map(
			(f) =>
				`| ${f.kind} | ${ms(f.to - f.from)} | ${ms(f.gapItemAfterMs ?? NaN)} | ${ms(f.firstEventAfterMs ?? NaN)} |`,
		),
		'',
		`Gap items: ${r.gaps.length} (${r.gaps.filter((g) => !g.matchesFault).length} outside a fault). n8n main RSS (after its restart): ${mb(r.mainRss.first)} in the first third, ${mb(r.mainRss.last)} in the last, ${mb(r.mainRss.max)} at most (${r.mainRss.samples} samples). Sockets from n8n main to the gateway: at most ${r.sockets.max}, ${r.sockets.last} at the end.`,
	];
	return lines.join('\n');
}

async function main() {
	const minutes = Number(process.env.SOAK_MINUTES ?? 30);
	const opts: SoakOptions = {
		durationMs: minutes * 60000,
		runEveryMs: Number(process.env.SOAK_RUN_EVERY_MS ?? 5000),
		cronEveryMs: 60000,
		dropMs: minutes >= 10 ? [20000, 90000] : [25000, 25000],
		settleMs: 45000,
	};
	const report = await runSoak(opts);
	const out = path.join(SCALE_ROOT, 'bench-results');
	fs.mkdirSync(out, { recursive: true });
	fs.writeFileSync(path.join(out, 'soak.json'), `${JSON.stringify(report, null, 2)}\n`);
	const table = soakTable(report);
	fs.writeFileSync(path.join(out, 'soak.md'), `${table}\n`);
	console.log(table);
	const bad =
		report.agentRuns.twice +
		report.agentRuns.lost +
		report.messages.twice +
		report.messages.lost +
		report.cronRuns.twice +
		report.cronRuns.lost +
		report.gaps.filter((g) => !g.matchesFault).length;
	if (bad) console.log(`soak: ${bad} promise(s) broken`, JSON.stringify(report, null, 2));
	process.exitCode = bad ? 1 : 0;
}

if (require.main === module)
	main().catch((e) => {
		console.error(e);
		process.exit(1);
	});
