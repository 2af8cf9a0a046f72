/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test reads the gateway's config file */
import crypto from 'node:crypto';
import fs from 'node:fs';

import type { ICredentialTestFunctions, IDataObject } from 'n8n-workflow';

import { OpenClawGateway } from '../../nodes/OpenClawGateway/OpenClawGateway.node';
import { openClawGatewayApiTest } from '../../nodes/shared/credentialTest';
import { errorKind } from '../../nodes/shared/errors';
import { expectNoSecrets, expectPaired } from '../helpers/assertions';
import { run, type Credentials } from '../helpers/context';
import { gatewayModule, type RunningGateway } from '../helpers/gatewayModule';
import { byLabel, GATEWAYS } from '../helpers/gateways';
import { until } from '../helpers/summaryReceiver';

/**
 * Agent → Wake and Run via Hook (the hooks ingress with its own token, no pairing) and the MCP server
 * operations, on real gateways of both pinned versions started here with hooks on; the suite's
 * shared gateways (hooks off) show the "hooks are off" error.
 */
const node = new OpenClawGateway();
const unique = (what: string) => `${what}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;
const started: RunningGateway[] = [];

const hooksConfig = (token: string) => ({
	hooks: {
		enabled: true,
		token,
		allowRequestSessionKey: true,
		allowedSessionKeyPrefixes: ['hook:'],
	},
});

/** The credential test's request helper as n8n hands it out (request-style options), on fetch. */
const credentialTestContext = {
	helpers: {
		request: async (o: {
			method?: string;
			uri: string;
			headers?: Record<string, string>;
			body?: unknown;
		}) => {
			const res = await fetch(o.uri, {
				method: o.method ?? 'GET',
				headers: {
					...o.headers,
					...(o.body !== undefined ? { 'content-type': 'application/json' } : {}),
				},
				body: o.body !== undefined ? JSON.stringify(o.body) : undefined,
			});
			const text = await res.text();
			let body: unknown = text;
			try {
				body = JSON.parse(text);
			} catch {
				/* text */
			}
			const headers: Record<string, string> = {};
			res.headers.forEach((v, k) => (headers[k] = v));
			return { statusCode: res.status, body, headers };
		},
	},
} as unknown as ICredentialTestFunctions;
const testCredential = (data: Credentials) =>
	openClawGatewayApiTest.call(credentialTestContext, {
		id: 'c1',
		name: 'OpenClaw',
		type: 'openClawGatewayApi',
		data: { ...data },
	});

afterAll(async () => {
	await Promise.all(started.map((g) => g.stop()));
});

describe.each(GATEWAYS)('Agent resource with hooks on, OpenClaw $version', ({ label, version }) => {
	const latest = label === 'latest';
	const hooksToken = crypto.randomBytes(16).toString('hex');
	let gw: RunningGateway;
	let plain: Credentials;
	let withHooks: Credentials;
	let admin: Credentials;

	beforeAll(async () => {
		gw = await gatewayModule.startGateway({ version, extraConfig: hooksConfig(hooksToken) });
		started.push(gw);
		plain = { url: gw.url, token: gw.token };
		withHooks = { ...plain, hooksToken };
		admin = { ...withHooks, adminAccess: true };
	}, 300000);

	const exec = (params: IDataObject, credentials: Credentials, executionId = unique('exec')) =>
		run(node, { credentials, params: { resource: 'agent', ...params }, executionId });
	const fails = (params: IDataObject, credentials: Credentials) =>
		exec(params, credentials).then(
			() => {
				throw new Error('expected an error');
			},
			(e: unknown) => e as Error & { description?: string },
		);
	const secrets = () => [gw.token, hooksToken];
	const modelSaw = async (marker: string) =>
		(await gw.fake.calls()).filter((c) => c.text.includes(marker)).length;

	test('Wake through the hooks (Auto with a Hooks Token), and through the WebSocket', async () => {
		const [hooked] = await exec(
			{ operation: 'wake', text: unique('wake'), options: {} },
			withHooks,
		);
		expect(hooked.json).toMatchObject({ ok: true, via: 'hooks', mode: 'now' });
		if (latest) expect(['queued', 'coalesced']).toContain(hooked.json.eventOutcome);
		const [socket] = await exec(
			{
				operation: 'wake',
				text: unique('wake'),
				options: { via: 'websocket', mode: 'next-heartbeat' },
			},
			plain,
		);
		expect(socket.json).toMatchObject({ ok: true, via: 'websocket', mode: 'next-heartbeat' });
		expectNoSecrets([hooked, socket], secrets());
		expectPaired([hooked], 1);
	});

	test('Run via Hook: the model gets the message once; a retry of the same item is the same run', async () => {
		const marker = unique('hookrun');
		const params = {
			operation: 'runViaHook',
			message: `echo:${marker}`,
			options: { timeout: 120 },
		};
		const executionId = unique('exec');
		const [first] = await exec(params, withHooks, executionId);
		expectNoSecrets(first, secrets());
		expect(first.json.runId).toEqual(expect.any(String));
		if (latest) {
			// 2026.9 holds the request until the run has finished.
			expect(first.json).toMatchObject({ status: 'ok', waited: true, httpStatus: 200 });
			expect((first.json.completion as IDataObject).replyDisposition).toBeDefined();
			expect(await modelSaw(marker)).toBe(1);
			// Retry On Fail, or the same item again: same key, same run, no second model call.
			const [again] = await exec(params, withHooks, executionId);
			expect(again.json.runId).toBe(first.json.runId);
			expect(again.json.idempotencyKey).toBe(first.json.idempotencyKey);
			expect(await modelSaw(marker)).toBe(1);
		} else {
			// 2026.2.x admits the run (202) and runs it after answering.
			expect(first.json).toMatchObject({ status: 'accepted', waited: false, httpStatus: 202 });
			await until(async () => (await modelSaw(marker)) === 1, 90000);
		}
	}, 180000);

	test('Run via Hook with a Session Key outside hooks.allowedSessionKeyPrefixes: says which prefixes', async () => {
		const error = await fails(
			{ operation: 'runViaHook', message: 'echo:x', options: { sessionKey: 'other:abc' } },
			withHooks,
		);
		expect(errorKind(error)).toBe('bad-request');
		expect(`${error.message} ${error.description}`).toMatch(
			/must start with one of: hook:.*allowedSessionKeyPrefixes/,
		);
		expectNoSecrets(error, secrets());
	});

	test('A wrong Hooks Token: 401 named as the Hooks Token, the token in no message', async () => {
		const wrong = crypto.randomBytes(16).toString('hex');
		const error = await fails(
			{ operation: 'wake', text: 'x', options: { via: 'hooks' } },
			{ ...plain, hooksToken: wrong },
		);
		expect(errorKind(error)).toBe('hooks-auth');
		expect(error.message).toMatch(/Hooks Token/);
		expect(error.description).toMatch(/hooks\.token/);
		expectNoSecrets(error, [wrong, gw.token]);
	});

	test('Only a Hooks Token: the hooks work, anything else says the gateway token is missing', async () => {
		const hooksOnly: Credentials = { url: gw.url, token: '', hooksToken };
		const [woken] = await exec({ operation: 'wake', text: unique('wake'), options: {} }, hooksOnly);
		expect(woken.json.via).toBe('hooks');
		const error = await fails({ operation: 'getAll' }, hooksOnly);
		expect(errorKind(error)).toBe('credential');
		expect(error.message).toMatch(/Token of the OpenClaw credential is empty/);
		expect(error.description).toMatch(/only a Hooks Token/);
	});

	test('The gateway token as the Hooks Token: refused before any request', async () => {
		const error = await fails(
			{ operation: 'wake', text: 'x', options: {} },
			{ ...plain, hooksToken: gw.token },
		);
		expect(errorKind(error)).toBe('credential');
		expect(error.message).toMatch(/Hooks Token .* gateway's own token/);
		expectNoSecrets(error, [gw.token]);
	});

	test('The credential test checks the Hooks Token without waking anyone', async () => {
		const ok = await testCredential(withHooks);
		expect(ok).toEqual({
			status: 'OK',
			message: expect.stringMatching(/Connected to OpenClaw .*; the hooks took the Hooks Token/),
		});
		expect(await testCredential({ url: gw.url, hooksToken })).toEqual({
			status: 'OK',
			message: 'The hooks took the Hooks Token',
		});
		const wrong = crypto.randomBytes(16).toString('hex');
		const refused = await testCredential({ ...plain, hooksToken: wrong });
		expect(refused.status).toBe('Error');
		expect(refused.message).toMatch(/rejected the Hooks Token/);
		expect(refused.message).not.toContain(wrong);
		const shared = byLabel(label);
		const off = await testCredential({ url: shared.url, token: shared.token, hooksToken: wrong });
		expect(off.message).toMatch(/hooks are off/);
	});

	test('Hooks off (the suite gateway): says how to turn them on', async () => {
		const shared = byLabel(label);
		const token = crypto.randomBytes(16).toString('hex');
		const error = await fails(
			{ operation: 'runViaHook', message: 'echo:x', options: {} },
			{ url: shared.url, token: shared.token, hooksToken: token },
		);
		expect(errorKind(error)).toBe('hooks-off');
		expect(error.description).toMatch(/hooks\.enabled/);
		expectNoSecrets(error, [shared.token, token]);
	});

	if (latest) {
		test('MCP servers: Connect (admin), Get Many without header values, replace, Disconnect', async () => {
			const name = `n8n${crypto.randomBytes(3).toString('hex')}`;
			const headerSecret = crypto.randomBytes(16).toString('hex');
			const connect = {
				operation: 'connectMcpServer',
				serverName: name,
				serverUrl: 'http://127.0.0.1:9/mcp/tools',
				transport: 'streamable-http',
				headers: { header: [{ name: 'Authorization', value: `Bearer ${headerSecret}` }] },
				options: { include: 'add, get_*' },
			};
			// Without Admin Access: said before anything is sent.
			const refused = await fails(connect, withHooks);
			expect(errorKind(refused)).toBe('missing-scope');
			expect(refused.description).toMatch(/Admin Access/);

			const [connected] = await exec(connect, admin);
			expect(connected.json).toMatchObject({
				name,
				transport: 'streamable-http',
				headerNames: ['Authorization'],
				connected: true,
				replaced: false,
				toolPrefix: `${name}__`,
			});
			const stored = JSON.parse(fs.readFileSync(gw.configPath, 'utf8')) as {
				mcp: { servers: Record<string, IDataObject> };
			};
			expect(stored.mcp.servers[name]).toMatchObject({
				url: 'http://127.0.0.1:9/mcp/tools',
				transport: 'streamable-http',
				headers: { Authorization: `Bearer ${headerSecret}` },
				toolFilter: { include: ['add', 'get_*'] },
			});
			const listed = await exec({ operation: 'getMcpServers' }, plain);
			const mine = listed.find((i) => i.json.name === name);
			expect(mine?.json).toMatchObject({ headerNames: ['Authorization'], enabled: true });
			expectNoSecrets([connected, listed], [headerSecret, gw.token, hooksToken]);

			// Connected again with other headers: the old header goes, nothing else is kept by accident.
			const [replaced] = await exec(
				{ ...connect, headers: { header: [{ name: 'X-Key', value: 'k2' }] }, options: {} },
				admin,
			);
			expect(replaced.json).toMatchObject({ replaced: true, headerNames: ['X-Key'] });
			const after = JSON.parse(fs.readFileSync(gw.configPath, 'utf8')) as {
				mcp: { servers: Record<string, IDataObject> };
			};
			expect(after.mcp.servers[name].headers).toEqual({ 'X-Key': 'k2' });
			expect(after.mcp.servers[name].toolFilter).toBeUndefined();

			const [gone] = await exec({ operation: 'disconnectMcpServer', serverName: name }, admin);
			expect(gone.json).toEqual({ name, disconnected: true });
			const none = await exec({ operation: 'getMcpServers' }, plain);
			expect(none.find((i) => i.json.name === name)).toBeUndefined();
			const missing = await fails({ operation: 'disconnectMcpServer', serverName: name }, admin);
			expect(errorKind(missing)).toBe('not-found');
		}, 120000);
	} else {
		test('MCP servers on 2026.2.x: a clear "needs 2026.9"', async () => {
			const error = await fails({ operation: 'getMcpServers' }, plain);
			expect(errorKind(error)).toBe('unknown-method');
			expect(error.message).toMatch(/has no MCP client/);
			expect(error.description).toMatch(/2026\.9/);
			const connect = await fails(
				{
					operation: 'connectMcpServer',
					serverName: 'n8n',
					serverUrl: 'http://127.0.0.1:9/mcp/x',
					transport: 'streamable-http',
				},
				admin,
			);
			expect(connect.message).toMatch(/has no MCP client/);
		});
	}
});
