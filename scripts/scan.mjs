#!/usr/bin/env node
// n8n's Creator-Portal scanner (@n8n/scan-community-package), run the way verification runs it:
// on the source (package.json, nodes/, credentials/) and on the packed tarball's JavaScript.
// Installs the pinned scanner into the project cache on first use.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const SCANNER_VERSION = '0.32.0';
const project = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const cache = process.env.OPENCLAW_N8N_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-openclaw-gateway');
const dir = path.join(cache, `scanner-${SCANNER_VERSION}`);
const entry = path.join(dir, 'node_modules', '@n8n', 'scan-community-package', 'scanner', 'scanner.mjs');
if (!fs.existsSync(entry)) {
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"scanner-holder","private":true}');
	execFileSync('npm', ['install', '--prefix', dir, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', `@n8n/scan-community-package@${SCANNER_VERSION}`], { stdio: 'inherit' });
}
const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(pathToFileURL(entry).href);

let failed = false;
const report = (label, result) => {
	console.log(`scanner (${label}): ${result.passed ? 'PASSED' : 'FAILED'}`);
	if (!result.passed) {
		failed = true;
		console.log(result.message ?? '');
		if (result.details) console.log(result.details);
	}
};

report('source', await analyzePackage(project, SOURCE_FILE_PATTERNS));

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'openclaw-scan-'));
try {
	const tgz = execFileSync('npm', ['pack', '--silent', '--pack-destination', tmp], { cwd: project, encoding: 'utf8' }).trim().split('\n').pop();
	execFileSync('tar', ['-xzf', path.join(tmp, tgz), '-C', tmp]);
	report('packed tarball', await analyzePackage(path.join(tmp, 'package'), ['**/*.js', 'package.json']));
} finally {
	fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
