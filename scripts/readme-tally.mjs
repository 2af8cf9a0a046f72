#!/usr/bin/env node
// Copies measured tables into the README between their markers, from the files the last runs wrote:
// the fault suite's tally (test-artifacts/fault-tally.md, by `npm test`), the benchmark's table
// (bench-results/bench.md, by `npm run bench`; bench-files.md, by `BENCH_CASES=files npm run bench`), the load and soak tables (bench-results/load.md and
// soak.md, by `npm run load` and `npm run soak`). A table whose file is missing is left as it is.
// Nothing in the tables is typed by hand.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const readme = path.join(root, 'README.md');
const sections = [
	['fault-tally', 'test-artifacts/fault-tally.md'],
	['bench', 'bench-results/bench.md'],
	['bench-files', 'bench-results/bench-files.md'],
	['load', 'bench-results/load.md'],
	['soak', 'bench-results/soak.md'],
];
for (const [name, source] of sections) {
	const file = path.join(root, source);
	if (!fs.existsSync(file)) {
		console.log(`README.md: ${name} kept (no ${source})`);
		continue;
	}
	const table = fs.readFileSync(file, 'utf8').trim();
	const text = fs.readFileSync(readme, 'utf8');
	const [start, end] = [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`];
	const a = text.indexOf(start);
	const b = text.indexOf(end);
	if (a < 0 || b < a) throw new Error(`README.md has no ${start} … ${end} section`);
	fs.writeFileSync(readme, `${text.slice(0, a + start.length)}\n${table}\n${text.slice(b)}`);
	console.log(`README.md: ${name} replaced from ${source} (${table.split('\n').length} lines)`);
}
