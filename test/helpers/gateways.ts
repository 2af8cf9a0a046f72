/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test helper reading the run's gateway list */
import fs from 'node:fs';
import path from 'node:path';

export interface TestGateway {
	label: 'latest' | 'legacy';
	version: string;
	url: string;
	wsUrl: string;
	token: string;
	runDir: string;
}

const file = path.join(__dirname, '..', '..', '.run', 'gateways.json');

function load(): { fakeUrl: string; gateways: Record<string, Omit<TestGateway, 'label'>> } {
	if (!fs.existsSync(file))
		throw new Error(
			`${file} is missing: run the tests with "npm test" (jest global setup starts the gateways)`,
		);
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

export const GATEWAYS: TestGateway[] = Object.entries(load().gateways).map(([label, g]) => ({
	...g,
	label: label as TestGateway['label'],
}));

export const FAKE_LLM_URL = load().fakeUrl;

/** What the fake model saw of one request (scripts/fake-llm.mjs). */
export interface ModelCall {
	path: string;
	text: string;
	at: number;
	/** The last user message's images. */
	images: Array<{ mimeType: string; bytes: number; sha256: string }>;
}

export async function fakeLlmCalls(): Promise<ModelCall[]> {
	return ((await (await fetch(`${FAKE_LLM_URL}/__log`)).json()) as { calls: ModelCall[] }).calls;
}

export function byLabel(label: TestGateway['label']): TestGateway {
	const g = GATEWAYS.find((x) => x.label === label);
	if (!g) throw new Error(`no ${label} gateway`);
	return g;
}
