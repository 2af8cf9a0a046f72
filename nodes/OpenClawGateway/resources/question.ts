import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { asNodeError, operationError } from '../../shared/errors';
import { questionItem, questionParts, type QuestionPart } from '../../shared/humanLoop';
import type { GatewayClient } from '../../shared/transport/client';
import { listOf } from '../../shared/transport/protocol';
import {
	assertToolMayChange,
	notice,
	on,
	operationList,
	required,
	requireMethod,
	type Operation,
} from './common';

/** Question: the agent's own questions (ask_user, OpenClaw 2026.9): Answer, Get Many Pending. */

export const description: INodeProperties[] = [
	operationList('question', 'answer', [
		{
			name: 'Answer',
			value: 'answer',
			action: 'Answer a question of the agent',
			description:
				'Answer the questions an agent asked (question.resolve), checked against them before sending (OpenClaw 2026.9)',
		},
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many pending questions',
			description:
				'The pending questions of agents, waiting for an answer (question.list; OpenClaw 2026.9)',
		},
	]),
	{
		displayName: 'Question ID',
		name: 'questionId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. ask_1a7b7f84…',
		description: 'The ID of the question request',
		hint: "After the OpenClaw Trigger (Question Asked), its item's <code>id</code>: {{ $('OpenClaw Trigger').item.json.id }}",
		...on('question', 'answer'),
	},
	{
		displayName: 'Answers As',
		name: 'answerInput',
		type: 'options',
		default: 'fields',
		options: [
			{ name: 'Fields Below', value: 'fields' },
			{
				name: 'JSON',
				value: 'json',
				description: 'An object of question key → answer, e.g. from a form or a webhook',
			},
		],
		...on('question', 'answer'),
	},
	{
		displayName: 'Answers (JSON)',
		name: 'answersJson',
		type: 'json',
		default: '{}',
		placeholder: '{ "colour": "Blue", "sizes": ["S", "M"] }',
		description:
			'Question key → answer: a choice (its label) or free text, or an array of choices where the question allows several',
		hint: 'From a Wait node resumed by a webhook, e.g. {{ $json.body.answers }}',
		displayOptions: {
			show: { resource: ['question'], operation: ['answer'], answerInput: ['json'] },
		},
	},
	{
		displayName: 'Answers',
		name: 'answers',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Answer',
		default: {},
		description:
			'One answer per question of the request. A choice is given by its label; free text is accepted where the question allows it (every question of ask_user does).',
		options: [
			{
				displayName: 'Answer',
				name: 'answer',
				values: [
					{
						displayName: 'Question Key',
						name: 'key',
						type: 'string',
						default: '',
						placeholder: 'e.g. colour',
						description:
							"The question's key (questions[].ID in the trigger's item). Empty: the only question of the request.",
					},
					{
						displayName: 'Answer',
						name: 'value',
						type: 'string',
						typeOptions: { rows: 2 },
						default: '',
						placeholder: 'e.g. Blue',
						description:
							'A choice (its label) or free text. Several choices, where the question allows them: one per line.',
					},
				],
			},
		],
		displayOptions: {
			show: { resource: ['question'], operation: ['answer'], answerInput: ['fields'] },
		},
	},
	notice(
		"With no question pending this returns no items, and the workflow stops here: to go on, turn on Always Output Data in the node's Settings.",
		'question',
		'getAll',
	),
];

/** The request as the gateway has it now, or an error saying why it cannot be answered. */
async function pendingRequest(client: GatewayClient, id: string, i: number): Promise<IDataObject> {
	let record: IDataObject | undefined;
	try {
		record = (await client.call<{ question?: IDataObject }>('question.get', { id })).question;
	} catch (error) {
		if (!/not found/i.test((error as Error).message))
			throw asNodeError(client.node, error, client.secrets);
	}
	if (!record)
		throw operationError(
			client.node,
			`Question ${id} is not pending on the gateway`,
			'Check the Question ID (the id of the Question Asked item, not a question key). The gateway forgets a question 15 seconds after it was answered, cancelled or expired: the agent went on without this answer.',
			'not-found',
			i,
		);
	const status = String(record.status ?? 'pending');
	if (status !== 'pending')
		throw operationError(
			client.node,
			`Question ${id} was already ${status}`,
			status === 'expired'
				? 'The agent waited for its timeout (ask_user: 15 minutes unless the agent set another) and went on with its best judgment. Answer sooner, e.g. a shorter Wait in the workflow.'
				: 'Someone answered it first (the Control UI, a chat reply in the session, another workflow), or the run ended. Nothing was sent.',
			'conflict',
			i,
		);
	return record;
}

/** The node's answers, checked against the request's questions: the values per question key. */
export function checkAnswers(
	parts: QuestionPart[],
	rows: AnswerRow[],
	fail: (message: string, fix: string) => Error,
): Record<string, string[]> {
	const out: Record<string, string[]> = {};
	const keys = parts.map((p) => p.id);
	for (const row of rows) {
		const key = String(row.key ?? '').trim() || (parts.length === 1 ? parts[0].id : '');
		const part = parts.find((p) => p.id === key);
		if (!part)
			throw fail(
				key
					? `Answers: the request has no question "${key}"`
					: 'Answers: a Question Key is empty, and the request has several questions',
				`Its question keys: ${keys.join(', ')}.`,
			);
		if (out[key])
			throw fail(`Answers: question "${key}" is answered twice`, 'Keep one answer per question.');
		// A secret (the secrets tool asks through questions) never travels through a workflow: its
		// value would stay in n8n's execution data.
		if (part.secret)
			throw fail(
				`Question "${key}" asks for a secret, which n8n does not answer`,
				'Enter it in the OpenClaw Control UI, where the gateway stores it without showing it to anyone; nothing was sent.',
			);
		// Several values: an array (JSON), or lines where the question takes several choices. Free
		// text keeps its line breaks.
		const values = (
			Array.isArray(row.value)
				? row.value.map(String)
				: part.multiSelect
					? String(row.value ?? '').split('\n')
					: [String(row.value ?? '')]
		)
			.map((v) => v.trim())
			.filter(Boolean);
		if (!values.length)
			throw fail(
				`Answers: the answer to "${key}" is empty`,
				`Give a choice (${part.choices.join(', ') || 'free text'}).`,
			);
		if (values.length > 1 && !part.multiSelect)
			throw fail(
				`Answers: question "${key}" takes one answer, and ${values.length} were given`,
				'Give one choice (several are for questions that allow several).',
			);
		const matched = values.map(
			(v) => part.choices.find((c) => c.toLowerCase() === v.toLowerCase()) ?? v,
		);
		const unknown = matched.filter((v) => !part.choices.includes(v));
		if (unknown.length && !part.allowsOther)
			throw fail(
				`Answers: "${unknown[0]}" is not a choice of question "${key}"`,
				`Its choices: ${part.choices.join(', ')}.`,
			);
		out[key] = matched;
	}
	const missing = parts.filter((p) => !out[p.id]);
	if (missing.length)
		throw fail(
			`Answers: no answer to ${missing.map((p) => `"${p.id}" (${p.header || p.question})`).join(', ')}`,
			'The gateway takes an answer to every question of a request at once: add one per question.',
		);
	return out;
}

/** One answer: a question key and its value (text, or several choices). */
export type AnswerRow = { key?: string; value?: string | string[] };

/** The node's answers as rows, from the fields or the JSON. */
function answerRows(fns: IExecuteFunctions, i: number): AnswerRow[] {
	if (fns.getNodeParameter('answerInput', i, 'fields') !== 'json')
		return ((fns.getNodeParameter('answers', i, {}) as IDataObject).answer as AnswerRow[]) ?? [];
	let value = fns.getNodeParameter('answersJson', i, {}) as unknown;
	const bad = () =>
		operationError(
			fns.getNode(),
			'Answers (JSON) is not an object of question key → answer',
			'Give e.g. { "colour": "Blue", "sizes": ["S", "M"] }: a string or an array of strings per question key.',
			'bad-input',
			i,
		);
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value || '{}');
		} catch {
			throw bad();
		}
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) throw bad();
	return Object.entries(value as IDataObject).map(([key, v]) => {
		if (Array.isArray(v) ? v.some((x) => typeof x === 'object') : typeof v === 'object')
			throw bad();
		return { key, value: Array.isArray(v) ? v.map(String) : String(v ?? '') };
	});
}

const answerQuestion: Operation = async function (client, i) {
	await requireMethod(client, 'question.resolve', i);
	const id = required(this, 'questionId', 'Question ID', i);
	assertToolMayChange(this, `answer question ${id} for a human`, i);
	const rows = answerRows(this, i);
	const record = await pendingRequest(client, id, i);
	const answers = checkAnswers(questionParts(record), rows, (message, fix) =>
		operationError(client.node, message, fix, 'bad-input', i),
	);
	try {
		await client.call('question.resolve', { id, answers: { answers }, resolvedBy: 'n8n' });
	} catch (error) {
		// Answered or expired between the check and the answer.
		if (/already|not found/i.test((error as Error).message)) await pendingRequest(client, id, i);
		throw asNodeError(client.node, error, client.secrets);
	}
	return {
		id,
		status: 'answered',
		answers,
		agentId: (record.agentId as string) ?? null,
		sessionKey: (record.sessionKey as string) ?? null,
		runId: (record.runId as string) ?? null,
	};
};

const listQuestions: Operation = async function (client, i) {
	await requireMethod(client, 'question.list', i);
	const res = await client.call<{ questions?: IDataObject[] }>('question.list', {});
	return listOf<IDataObject>(res.questions).map(questionItem);
};

export const operations: Record<string, Operation> = {
	answer: answerQuestion,
	getAll: listQuestions,
};
