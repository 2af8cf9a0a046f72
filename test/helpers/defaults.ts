import type { IDataObject } from 'n8n-workflow';

import { rl } from './context';

/** Each node's parameters as the editor stores them by default, for tests and the benchmark. */
export const listSessionsDefaults: IDataObject = {
	agent: rl(''),
	returnAll: false,
	limit: 50,
	filters: {},
	simplify: true,
	options: {},
};

export const skillStatusDefaults: IDataObject = {
	agent: rl(''),
	filters: {},
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
