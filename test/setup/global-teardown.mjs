export default async function globalTeardown() {
	const state = globalThis.__OPENCLAW__;
	if (!state) return;
	await Promise.all(Object.values(state.gateways).map((g) => g.stop()));
	await state.fake.stop();
}
