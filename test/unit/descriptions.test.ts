/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- reads the package's own files */
import fs from 'node:fs';
import path from 'node:path';
import { Workflow, type INode, type INodeProperties, type INodeType } from 'n8n-workflow';

import { OpenClawGatewayApi } from '../../credentials/OpenClawGatewayApi.credentials';
import { OpenClawGateway } from '../../nodes/OpenClawGateway/OpenClawGateway.node';
import { OpenClawInvoke } from '../../nodes/OpenClawInvoke/OpenClawInvoke.node';
import { OpenClawListSessions } from '../../nodes/OpenClawListSessions/OpenClawListSessions.node';
import { OpenClawRunAgent } from '../../nodes/OpenClawRunAgent/OpenClawRunAgent.node';
import { OpenClawSkillStatus } from '../../nodes/OpenClawSkillStatus/OpenClawSkillStatus.node';
import { OpenClawTrigger } from '../../nodes/OpenClawTrigger/OpenClawTrigger.node';
import pkg from '../../package.json';
import { PACKAGE_VERSION } from '../../nodes/shared/constants';
import { example6Decision, HOSTILE_COMMANDS } from '../helpers/examples';

/** Lint-like invariants of what n8n (and an AI Agent) sees of the nodes. */
const root = path.join(__dirname, '..', '..');
const nodes: Array<[string, INodeType]> = [
	['OpenClawInvoke', new OpenClawInvoke()],
	['OpenClawListSessions', new OpenClawListSessions()],
	['OpenClawSkillStatus', new OpenClawSkillStatus()],
	['OpenClawRunAgent', new OpenClawRunAgent()],
	['OpenClawGateway', new OpenClawGateway()],
];

function walk(props: INodeProperties[], fn: (p: INodeProperties) => void): void {
	for (const p of props) {
		fn(p);
		if (p.options)
			walk(
				p.options.filter((o): o is INodeProperties => 'displayName' in o && 'type' in o),
				fn,
			);
	}
}

describe.each(nodes)('%s description', (dir, node) => {
	const d = node.description;

	test('is an AI tool with a subtitle, icons, the shared credential and one input/output', () => {
		expect(d.usableAsTool).toBe(true);
		expect(d.subtitle).toMatch(/^=\{\{/);
		expect(d.displayName).toMatch(/^OpenClaw /);
		expect(d.name).toBe(dir.charAt(0).toLowerCase() + dir.slice(1));
		// n8n's editor treats every node type containing "tool" (package name included) as an AI
		// tool: a normal run then shows "No parameters are set up to be filled by AI".
		expect(`${pkg.name}.${d.name}`.toLowerCase()).not.toContain('tool');
		expect(d.credentials).toEqual([
			{ name: 'openClawGatewayApi', required: true, testedBy: 'openClawGatewayApiTest' },
		]);
		const tests = (node.methods?.credentialTest ?? {}) as Record<string, unknown>;
		expect(typeof tests.openClawGatewayApiTest).toBe('function');
		expect(d.inputs).toEqual(['main']);
		expect(d.outputs).toEqual(['main']);
		const icon = d.icon as { light: string; dark: string };
		for (const f of [icon.light, icon.dark])
			expect(fs.existsSync(path.join(root, 'nodes', dir, f.replace('file:', '')))).toBe(true);
		expect(icon.light).not.toBe(icon.dark);
	});

	test('has a codex file naming it, outside the AI Tools subcategory, registered in package.json', () => {
		const codex = JSON.parse(
			fs.readFileSync(path.join(root, 'nodes', dir, `${dir}.node.json`), 'utf8'),
		);
		expect(codex.node).toBe(`n8n-nodes-openclaw-gateway.${d.name}`);
		// The node creator lists no actions of a node whose codex puts it under AI → Tools (editor-ui
		// useActionsGeneration); n8n makes the "… Tool" variant from usableAsTool with that codex itself.
		expect(codex.subcategories).toBeUndefined();
		expect(codex.alias).toContain('OpenClaw');
		expect(pkg.n8n.nodes).toContain(`dist/nodes/${dir}/${dir}.node.js`);
	});

	test('parameters: options sorted, booleans start with "Whether", locators default to From List, names shared', () => {
		walk(d.properties, (p) => {
			if (p.type === 'boolean') expect(p.description).toMatch(/^Whether /);
			if (p.type === 'options' && p.options && p.options.length >= 5) {
				const names = p.options.map((o) => (o as { name: string }).name);
				expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
			}
			if (p.type === 'resourceLocator') {
				// From List, or By ID mapped from the same field of the input item (Run → Wait after
				// Run Agent → Start Only: the run to wait for is the one the item names).
				if ((p.default as { mode?: string }).mode === 'id')
					expect(p.default).toEqual({
						mode: 'id',
						value: expect.stringMatching(/^={{ \$json\.\w+ }}$/),
					});
				else expect(p.default).toEqual({ mode: 'list', value: '' });
				expect(p.modes?.map((m) => m.name)).toEqual(['list', 'id']);
			}
			if (/token|password|secret/i.test(p.name)) expect(p.typeOptions?.password).toBe(true);
		});
		const names = d.properties.map((p) => p.name);
		if (names.includes('agent'))
			expect(d.properties.find((p) => p.name === 'agent')?.displayName).toBe('Agent');
	});

	test('its list searches exist for every picker it shows', () => {
		const methods = (node.methods?.listSearch ?? {}) as Record<string, unknown>;
		walk(d.properties, (p) => {
			for (const m of p.modes ?? []) {
				const method = m.typeOptions?.searchListMethod;
				if (method) expect(typeof methods[method]).toBe('function');
			}
		});
	});
});

test('the version the nodes tell the gateway (client.version of connect) is the package version', () => {
	expect(PACKAGE_VERSION).toBe(pkg.version);
});

test("the credential: secrets are password fields, no `authenticate` (no Custom API Call in the Gateway node's lists), tested by the nodes' sign-in", () => {
	const c = new OpenClawGatewayApi();
	expect(c.name).toBe('openClawGatewayApi');
	expect(c.displayName).toMatch(/API$/);
	for (const p of c.properties.filter((x) =>
		['token', 'password', 'devicePrivateKey'].includes(x.name),
	)) {
		expect(p.typeOptions?.password).toBe(true);
	}
	// With `authenticate`, n8n adds "Custom API Call" to every Resource and Operation list of a node
	// using the credential (load-nodes-and-credentials injectCustomApiCallOptions): the nodes send
	// the bearer header themselves.
	expect((c as { authenticate?: unknown }).authenticate).toBeUndefined();
	// n8n prefers a credential's declarative test over the nodes' test function: it must have none.
	expect((c as { test?: unknown }).test).toBeUndefined();
	expect(pkg.n8n.credentials).toEqual(['dist/credentials/OpenClawGatewayApi.credentials.js']);
});

test('package.json: no runtime dependencies, n8n-workflow as the only peer, strict mode', () => {
	expect((pkg as { dependencies?: unknown }).dependencies).toBeUndefined();
	expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	expect(pkg.n8n.strict).toBe(true);
	expect(pkg.devDependencies['@n8n/node-cli']).toMatch(/^\d+\.\d+\.\d+$/);
});

describe('one place holds the repository URL (package.json repository.url)', () => {
	const repo = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
	const linked = (url: string) => {
		expect(url.startsWith(`${repo}/`) || url.startsWith(`${repo}#`)).toBe(true);
		return url;
	};

	test('homepage and bugs', () => {
		expect(repo).toMatch(/^https:\/\/github\.com\/[^/]+\/n8n-nodes-openclaw-gateway$/);
		linked(pkg.homepage);
		linked(pkg.bugs.url);
	});

	test.each(nodes)('%s: codex links are pages of the repository, without an #anchor', (dir) => {
		const codex = JSON.parse(
			fs.readFileSync(path.join(root, 'nodes', dir, `${dir}.node.json`), 'utf8'),
		) as { resources: Record<string, Array<{ url: string }>> };
		const urls = Object.values(codex.resources).flat();
		expect(urls.length).toBeGreaterThanOrEqual(2);
		for (const { url } of urls) {
			expect(linked(url)).not.toContain('#');
			// The page exists in this checkout.
			const file = url.replace(`${repo}/blob/main/`, '');
			expect(fs.existsSync(path.join(root, file))).toBe(true);
		}
	});

	test("the credential's documentation", () => {
		const url = linked(new OpenClawGatewayApi().documentationUrl);
		expect(url).not.toContain('#');
		expect(fs.existsSync(path.join(root, url.replace(`${repo}/blob/main/`, '')))).toBe(true);
	});

	test('a LICENSE file that matches "license"', () => {
		expect(pkg.license).toBe('MIT');
		expect(fs.readFileSync(path.join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
	});

	test('no invented e-mail domain in "author"', () => {
		expect(pkg.author.email).toMatch(/@users\.noreply\.github\.com$/);
	});
});

test('Run Agent offers each option only where it applies', () => {
	const options = new OpenClawRunAgent().description.properties.find((p) => p.name === 'options')!
		.options as INodeProperties[];
	const show = (name: string) => options.find((o) => o.name === name)!.displayOptions;
	// What HTTP's OpenAI-style endpoints have no field for is shown over the WebSocket only.
	const overWebSocket = { hide: { '/transport': ['chatCompletions', 'responses'] } };
	expect(show('channel')).toEqual({ ...overWebSocket, show: { deliver: [true] } });
	expect(show('to')).toEqual({ ...overWebSocket, show: { deliver: [true] } });
	for (const name of ['deliver', 'thinking', 'attachments', 'idempotencyKey'])
		expect([name, show(name)]).toEqual([name, overWebSocket]);
	expect(show('stream')).toEqual({ show: { '/transport': ['chatCompletions', 'responses'] } });
});

const layout = (node: INodeType) =>
	node.description.properties.map((p) => ({
		name: p.name,
		...(p.type === 'collection'
			? { options: (p.options as INodeProperties[]).map((o) => o.name).sort() }
			: {}),
	}));

test("List Sessions follows n8n's Get Many layout: Return All/Limit, Filters, Options", () => {
	expect(layout(new OpenClawListSessions())).toEqual([
		{ name: 'agent' },
		{ name: 'returnAll' },
		{ name: 'limit' },
		{ name: 'filters', options: ['activeMinutes', 'label', 'search'] },
		{ name: 'simplify' },
		{
			name: 'options',
			options: [
				'historyLimit',
				'includeDerivedTitles',
				'includeLastMessage',
				'parallelItems',
				'transport',
			],
		},
	]);
	const transport = (
		new OpenClawListSessions().description.properties.find((p) => p.name === 'options')!
			.options as INodeProperties[]
	).find((o) => o.name === 'transport')!;
	expect((transport.options as Array<{ name: string }>).map((o) => o.name)).toEqual([
		'Auto',
		'HTTP (Sessions List Tool)',
		'WebSocket',
	]);
});

test('Skill Status: one Status choice and the Skill under Filters', () => {
	expect(layout(new OpenClawSkillStatus())).toEqual([
		{ name: 'agent' },
		{ name: 'filters', options: ['skill', 'status'] },
		{ name: 'simplify' },
		{ name: 'options', options: ['parallelItems'] },
	]);
	const status = (
		new OpenClawSkillStatus().description.properties.find((p) => p.name === 'filters')!
			.options as INodeProperties[]
	).find((o) => o.name === 'status')!;
	expect((status.options as Array<{ value: string }>).map((o) => o.value)).toEqual([
		'all',
		'eligible',
		'missing',
	]);
});

test('docs show the screenshots the editor e2e takes, and only those', () => {
	const e2e = fs.readFileSync(path.join(root, 'test', 'e2e', 'n8n.e2e.test.ts'), 'utf8');
	const taken = [...e2e.matchAll(/shot\('([a-z0-9-]+)'\)/g)].map((m) => `${m[1]}.png`).sort();
	const docs = [
		'README.md',
		'docs/credentials.md',
		...fs.readdirSync(path.join(root, 'docs', 'nodes')).map((f) => `docs/nodes/${f}`),
	];
	const shown = docs
		.flatMap((f) =>
			[...fs.readFileSync(path.join(root, f), 'utf8').matchAll(/\]\(([^)]+\.png)\)/g)].map((m) =>
				path.resolve(root, path.dirname(f), m[1]),
			),
		)
		.map((p) => path.relative(path.join(root, 'docs', 'images'), p));
	expect([...new Set(shown)].sort()).toEqual(taken);
	expect(fs.readdirSync(path.join(root, 'docs', 'images')).sort()).toEqual(taken);
});

describe('example 6 (approve agent actions): its rule on hostile commands', () => {
	const decide = example6Decision();
	test.each([
		...HOSTILE_COMMANDS,
		'ls ~/.openclaw',
		'ls ../../etc',
		"echo 'a' ; id",
		'touch a* b',
		'rm -f kept.txt',
		'ls $HOME',
	])('%j → deny', (command) => {
		expect(decide({ command })).toBe('deny');
	});
	test.each(['ls', 'ls -la', 'date', 'pwd', 'echo hello world', 'touch /tmp/approved-1.txt'])(
		'%j → allow-once',
		(command) => {
			expect(decide({ command })).toBe('allow-once');
		},
	);
});

test('no text the nodes show holds an <angle-bracket> placeholder (n8n renders error descriptions as HTML and drops them: "openclaw devices approve " would lose its id)', () => {
	// HTML n8n renders on purpose, and TypeScript's own type names (a literal's edge is found by a
	// regex here, which a quote inside a regular expression can mislead into code).
	const allowed = new Set(['a', 'b', 'i', 'br', 'code', 'em', 'strong', 'ul', 'li', 'p']);
	for (const t of ['string', 'number', 'boolean', 'unknown', 'void', 'never', 'any', 'object'])
		allowed.add(t);
	const files: string[] = [];
	const walk = (dir: string) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (entry.name.endsWith('.ts')) files.push(full);
		}
	};
	walk(path.join(__dirname, '..', '..', 'nodes'));
	walk(path.join(__dirname, '..', '..', 'credentials'));
	const found: string[] = [];
	for (const file of files) {
		const code = fs
			.readFileSync(file, 'utf8')
			.replace(/\/\*[\s\S]*?\*\//g, '')
			.replace(/(^|[^:])\/\/.*$/gm, '$1');
		// String literals only (type parameters such as Promise<T> are code, not text).
		for (const literal of code.match(
			/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g,
		) ?? [])
			// Placeholders are lower case (<requestId>, <name>); type parameters are capitalised.
			for (const [tag, name] of literal.matchAll(/<([a-z][\w-]*)>/g))
				if (!allowed.has(name)) found.push(`${path.relative(process.cwd(), file)}: ${tag}`);
	}
	expect(found).toEqual([]);
});

describe('the Gateway node', () => {
	const props = new OpenClawGateway().description.properties;
	const operations = (resource: string) =>
		(
			props.find(
				(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.[0] === resource,
			)!.options as Array<{ name: string; value: string; description?: string }>
		).map((o) => ({ ...o, resource }));

	test('marks every operation that needs operator.admin "needs Admin Access", and the credential names the same ones', () => {
		// The gateway's method scopes (openclaw 2026.9.6 method-scopes: cron.add/update/remove/run,
		// sessions.reset/compact and sessions.delete with its transcript are operator.admin; 2026.9
		// lists exec approvals to admin connections only).
		const admin = ['cronJob.create', 'cronJob.delete', 'cronJob.run', 'cronJob.update'].concat([
			'agent.connectMcpServer',
			'agent.disconnectMcpServer',
			'session.compact',
			'session.delete',
			'session.reset',
		]);
		const on2026_9 = ['approval.getAll'];
		const on2026_2 = ['session.update'];
		const all = [
			'agent',
			'approval',
			'cronJob',
			'gateway',
			'message',
			'question',
			'session',
		].flatMap(operations);
		const marked = all.filter((o) => /\bneeds Admin Access\)$/.test(o.description ?? ''));
		expect(marked.map((o) => `${o.resource}.${o.value}`).sort()).toEqual(
			[...admin, ...on2026_9, ...on2026_2].sort(),
		);
		for (const o of marked) {
			const op = `${o.resource}.${o.value}`;
			expect(o.description).toMatch(
				on2026_9.includes(op)
					? /; on OpenClaw 2026\.9 needs Admin Access\)$/
					: on2026_2.includes(op)
						? /; on OpenClaw 2026\.2\.x needs Admin Access\)$/
						: /; needs Admin Access\)$/,
			);
		}
		const tooltip = new OpenClawGatewayApi().properties.find(
			(p) => p.name === 'adminAccess',
		)!.description!;
		const named: Record<string, string> = {
			cronJob: 'Cron Job → Create, Update, Delete and Run Now',
			session: 'Session → Reset, Compact and Delete',
			approval: 'Approval → Get Many',
			agent: 'Agent → Connect MCP Server and Disconnect MCP Server',
		};
		expect(tooltip).toContain('on 2026.2.x, Session → Update');
		for (const text of Object.values(named)) expect(tooltip).toContain(text);
		for (const o of marked.filter((m) => !on2026_2.includes(`${m.resource}.${m.value}`)))
			expect(named[o.resource]).toContain(o.name);
	});

	test('Cron Job → Create shows the field of the chosen Schedule only; Update has one Schedule group', () => {
		const shown = (name: string) =>
			props.find((p) => p.name === name && p.displayOptions?.show?.operation?.includes('create'))!
				.displayOptions!.show!;
		expect(shown('cronExpression').scheduleKind).toEqual(['cron']);
		expect(shown('everyMinutes').scheduleKind).toEqual(['every']);
		expect(shown('at').scheduleKind).toEqual(['at']);
		expect(shown('scheduleKind').scheduleKind).toBeUndefined();
		const update = props.find(
			(p) => p.name === 'updateFields' && p.displayOptions?.show?.resource?.[0] === 'cronJob',
		)!.options as INodeProperties[];
		expect(update.map((o) => o.name).sort()).toEqual(['enabled', 'message', 'name', 'schedule']);
		const group = update.find((o) => o.name === 'schedule')!;
		expect(group.type).toBe('fixedCollection');
		const values = (group.options as Array<{ values: INodeProperties[] }>)[0].values;
		const kindOf = (name: string) =>
			values.find((v) => v.name === name)!.displayOptions?.show?.scheduleKind;
		expect(values.map((v) => [v.name, kindOf(v.name)])).toEqual([
			['scheduleKind', undefined],
			['cronExpression', ['cron']],
			['tz', ['cron']],
			['everyMinutes', ['every']],
			['at', ['at']],
		]);
	});
});

test('canvas subtitles read as the editor names the choices ("Session: Send Message", "Agent Run Finished"), evaluated by n8n-workflow', () => {
	const subtitleOf = (type: INodeType, parameters: Record<string, unknown>) => {
		const node = {
			id: '1',
			name: 'N',
			type: 'n8n-nodes-openclaw-gateway.x',
			typeVersion: 1,
			position: [0, 0] as [number, number],
			parameters: parameters as INode['parameters'],
		};
		const nodeTypes = {
			getByName: () => type,
			getByNameAndVersion: () => type,
			getKnownTypes: () => ({}),
		};
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
		return workflow.expression.getSimpleParameterValue(
			node,
			type.description.subtitle as string,
			'manual',
			{},
		);
	};
	const gateway = new OpenClawGateway();
	expect(subtitleOf(gateway, { resource: 'session', operation: 'sendMessage' })).toBe(
		'Session: Send Message',
	);
	expect(subtitleOf(gateway, { resource: 'cronJob', operation: 'create' })).toBe(
		'Cron Job: Create',
	);
	expect(subtitleOf(gateway, { resource: 'message', operation: 'send' })).toBe(
		'Message: Send to a Channel',
	);
	expect(
		subtitleOf(new OpenClawTrigger(), { events: ['agentRunFinished', 'approvalRequested'] }),
	).toBe('Agent Run Finished, Approval Requested');
});
