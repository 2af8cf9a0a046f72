import type { IDataObject } from 'n8n-workflow';

import { rl } from './context';

/** Each node's parameters as the editor stores them by default, for tests and the benchmark. */
export const listSessionsDefaults: IDataObject = {
	transport: 'auto',
	agent: rl(''),
	returnAll: false,
	limit: 50,
	filters: {},
	historyLimit: 0,
	simplify: true,
};

export const skillStatusDefaults: IDataObject = {
	agent: rl(''),
	filters: {},
	skill: rl(''),
	simplify: true,
};

export const runAgentDefaults: IDataObject = {
	agent: rl(''),
	sessionStrategy: 'workflow',
	mode: 'wait',
	transport: 'webSocket',
	options: { timeout: 120 },
};

export const invokeToolDefaults: IDataObject = {
	args: '{}',
	agent: rl(''),
	session: rl(''),
	options: {},
};
