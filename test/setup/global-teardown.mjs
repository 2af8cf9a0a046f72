import fs from 'node:fs';

export default async function globalTeardown() {
	const state = globalThis.__OPENCLAW__;
	if (!state) return;
	await Promise.all(Object.values(state.gateways).map((g) => g.stop()));
	await state.fake.stop();
	for (const g of Object.values(state.gateways))
		fs.rmSync(g.runDir, { recursive: true, force: true });
	fs.rmSync(state.fakeDir, { recursive: true, force: true });
}
