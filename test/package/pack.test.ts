/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- packs the package with npm */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import pkg from '../../package.json';

/** What `npm publish` would ship (dist/ is built by `npm test` before jest starts). */
const root = path.join(__dirname, '..', '..');
const [packed] = JSON.parse(
	execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: root,
		encoding: 'utf8',
	}),
) as Array<{ name: string; filename: string; files: Array<{ path: string }> }>;
const files = packed.files.map((f) => f.path).sort();

test('the tarball is n8n-nodes-openclaw-gateway', () => {
	expect(packed.name).toBe('n8n-nodes-openclaw-gateway');
	expect(packed.filename).toBe(`n8n-nodes-openclaw-gateway-${pkg.version}.tgz`);
});

test('it holds only dist/ code, icons and codex files, package.json, README and LICENSE', () => {
	const allowed = [
		/^package\.json$/,
		/^README\.md$/,
		/^LICENSE$/,
		/^dist\/(nodes|credentials)\/.+\.js$/,
		/^dist\/nodes\/[A-Za-z]+\/[A-Za-z]+\.node\.json$/,
		/^dist\/icons\/[a-z.]+\.svg$/,
	];
	expect(files.filter((f) => !allowed.some((re) => re.test(f)))).toEqual([]);
	expect(files.filter((f) => /\.(png|jpe?g|gif|webp)$/i.test(f))).toEqual([]);
	for (const f of ['package.json', 'README.md', 'LICENSE']) expect(files).toContain(f);
});

test('every node and credential package.json registers is in it, with its codex file', () => {
	for (const entry of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) expect(files).toContain(entry);
	for (const entry of pkg.n8n.nodes) expect(files).toContain(entry.replace(/\.js$/, '.json'));
	const credential = fs.readFileSync(path.join(root, pkg.n8n.credentials[0]), 'utf8');
	expect(credential).toContain("'openClawGatewayApi'");
	expect(credential).toContain("'OpenClaw Gateway API'");
});
