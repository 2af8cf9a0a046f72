import type { Operation } from './resources/common';
import * as agent from './resources/agent';
import * as approval from './resources/approval';
import * as artifact from './resources/artifact';
import * as cronJob from './resources/cronJob';
import * as gateway from './resources/gateway';
import * as message from './resources/message';
import * as question from './resources/question';
import * as run from './resources/run';
import * as session from './resources/session';
import * as task from './resources/task';

/** Every operation of the Gateway node, by "resource.operation". */
export const OPERATIONS: Record<string, Operation> = Object.fromEntries(
	Object.entries({
		agent,
		artifact,
		approval,
		cronJob,
		gateway,
		message,
		question,
		run,
		session,
		task,
	}).flatMap(([resource, r]) =>
		Object.entries(r.operations).map(([operation, run]) => [`${resource}.${operation}`, run]),
	),
);
