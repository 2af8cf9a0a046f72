#!/usr/bin/env node
// Copies the fault suite's measured tally (test-artifacts/fault-tally.md, written by the last
// `npm test`) into the README between its fault-tally markers, and the benchmark's table
// (bench-results/bench.md, written by the last `npm run bench`) between its bench markers, where
// that file exists. Nothing in the tables is typed by hand.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const tally = fs.readFileSync(path.join(root, 'test-artifacts', 'fault-tally.md'), 'utf8').trim();
const readme = path.join(root, 'README.md');
const text = fs.readFileSync(readme, 'utf8');
const start = '<!-- fault-tally:start -->';
const end = '<!-- fault-tally:end -->';
const a = text.indexOf(start);
const b = text.indexOf(end);
if (a < 0 || b < a) throw new Error(`README.md has no ${start} … ${end} section`);
fs.writeFileSync(readme, `${text.slice(0, a + start.length)}\n${tally}\n${text.slice(b)}`);
console.log(`README.md: fault tally replaced (${tally.split('\n').length} lines)`);

const bench = path.join(root, 'bench-results', 'bench.md');
if (fs.existsSync(bench)) {
	const table = fs.readFileSync(bench, 'utf8').trim();
	const now = fs.readFileSync(readme, 'utf8');
	const [bs, be] = ['<!-- bench:start -->', '<!-- bench:end -->'];
	const i = now.indexOf(bs);
	const j = now.indexOf(be);
	if (i < 0 || j < i) throw new Error(`README.md has no ${bs} … ${be} section`);
	fs.writeFileSync(readme, `${now.slice(0, i + bs.length)}\n${table}\n${now.slice(j)}`);
	console.log(`README.md: benchmark table replaced (${table.split('\n').length} lines)`);
}
