import type { IDataObject } from 'n8n-workflow';

import { agentOfSessionKey, isoTime } from './transport/protocol';

/**
 * What the agent asks a human, as the trigger emits it: the agent's questions (`ask_user`, OpenClaw
 * 2026.9; Question → Get Many gives the same shape) and exec and plugin approvals.
 */

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const obj = (v: unknown): IDataObject =>
	v && typeof v === 'object' && !Array.isArray(v) ? (v as IDataObject) : {};
const list = (v: unknown): IDataObject[] => (Array.isArray(v) ? v.map(obj) : []);

/** One question of a request: its key, what it asks, the choices and what an answer may be. */
export interface QuestionPart extends IDataObject {
	id: string;
	header: string;
	question: string;
	choices: string[];
	/** Several choices may be picked. */
	multiSelect: boolean;
	/** Free text is accepted besides the choices (every `ask_user` question). */
	allowsOther: boolean;
	/** A secret the agent asks for (the secrets tool): answered in the Control UI, never by n8n. */
	secret: boolean;
}

export function questionParts(record: IDataObject): QuestionPart[] {
	return list(record.questions).map((q) => ({
		id: str(q.questionId) || str(q.id),
		header: str(q.header),
		question: str(q.question),
		choices: list(q.options)
			.map((o) => str(o.label))
			.filter(Boolean),
		multiSelect: q.multiSelect === true,
		allowsOther: q.isOther === true || !list(q.options).length,
		secret: q.isSecret === true,
	}));
}

/** A question request (`question.requested`, or an entry of `question.list`) as an item. */
export function questionItem(record: IDataObject): IDataObject {
	const sessionKey = str(record.sessionKey);
	return {
		id: str(record.id),
		questions: questionParts(record),
		agentId: str(record.agentId) || agentOfSessionKey(sessionKey) || null,
		sessionKey: sessionKey || null,
		runId: str(record.runId) || null,
		status: str(record.status) || 'pending',
		createdAt: isoTime(record.createdAtMs),
		expiresAt: isoTime(record.expiresAtMs),
	};
}

/** A plugin approval (`plugin.approval.requested`, or an entry of `plugin.approval.list`) as an item. */
export function pluginApprovalItem(record: IDataObject): IDataObject {
	const request = obj(record.request);
	const sessionKey = str(request.sessionKey);
	return {
		id: str(record.id),
		kind: 'plugin',
		pluginId: str(request.pluginId) || null,
		title: str(request.title),
		description: str(request.description),
		severity: str(request.severity) || null,
		toolName: str(request.toolName) || null,
		agentId: str(request.agentId) || agentOfSessionKey(sessionKey) || null,
		sessionKey: sessionKey || null,
		runId: str(request.runId) || null,
		allowedDecisions: Array.isArray(request.allowedDecisions)
			? request.allowedDecisions
			: ['allow-once', 'allow-always', 'deny'],
		createdAt: isoTime(record.createdAtMs),
		expiresAt: isoTime(record.expiresAtMs),
	};
}

/** An exec approval (`exec.approval.requested`, or an entry of `exec.approval.list`) as an item. */
export function execApprovalItem(record: IDataObject): IDataObject {
	const request = obj(record.request);
	const sessionKey = str(request.sessionKey);
	return {
		id: str(record.id),
		kind: str(record.approvalKind) || 'exec',
		command: str(request.command),
		agentId: str(request.agentId) || agentOfSessionKey(sessionKey) || null,
		sessionKey: sessionKey || null,
		host: str(request.host) || null,
		cwd: str(request.cwd) || null,
		allowedDecisions: Array.isArray(request.allowedDecisions)
			? request.allowedDecisions
			: ['allow-once', 'allow-always', 'deny'],
		createdAt: isoTime(record.createdAtMs),
		expiresAt: isoTime(record.expiresAtMs),
	};
}
