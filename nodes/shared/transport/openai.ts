import type { IDataObject } from 'n8n-workflow';

import type { HttpAnswer, HttpCall } from './http';
import { runDeadline } from './poll';
import { parseSse } from './sse';

/**
 * The gateway's OpenAI-style endpoints (POST /v1/chat/completions and /v1/responses): request
 * bodies and the decoding of their answers, streamed (server-sent events) or not. Pure apart from
 * the HTTP call it is handed.
 */
export type OpenAiApi = 'chatCompletions' | 'responses';

export interface OpenAiRun {
	message: string;
	agentId?: string;
	sessionKey: string;
	stream: boolean;
	/** The Timeout the user set; the request ends a little after it (see runDeadline). */
	timeoutSeconds: number;
	/** Streamed only: hears the answer so far after each piece. */
	onAnswerText?: (textSoFar: string) => void;
}

export interface OpenAiAnswer {
	text: string;
	id: string | null;
	model: string | null;
	usage: IDataObject | null;
	/** Why the answer ended, as chat completions says (stop, length, …); responses end "stop" or fail. */
	finishReason?: string;
	/** Set when the gateway reported the run as failed (or a stream ended without an answer). */
	failure?: string;
}

export const OPENAI_PATHS: Record<OpenAiApi, string> = {
	chatCompletions: '/v1/chat/completions',
	responses: '/v1/responses',
};

export function openAiRequest(api: OpenAiApi, run: OpenAiRun): HttpCall {
	const model = run.agentId ? `openclaw:${run.agentId}` : 'openclaw';
	const headers: Record<string, string> = { 'x-openclaw-session-key': run.sessionKey };
	if (run.agentId) headers['x-openclaw-agent-id'] = run.agentId;
	return {
		method: 'POST',
		path: OPENAI_PATHS[api],
		body:
			api === 'chatCompletions'
				? {
						model,
						stream: run.stream,
						// A streamed answer carries its usage only when asked (as a last chunk).
						...(run.stream ? { stream_options: { include_usage: true } } : {}),
						messages: [{ role: 'user', content: run.message }],
					}
				: { model, stream: run.stream, input: run.message },
		headers,
		stream: run.stream,
		signal: runDeadline(run.timeoutSeconds),
	};
}

export async function decodeOpenAiAnswer(
	api: OpenAiApi,
	answer: HttpAnswer,
	stream: boolean,
	onAnswerText?: (textSoFar: string) => void,
): Promise<OpenAiAnswer> {
	const out: OpenAiAnswer = { text: '', id: null, model: null, usage: null };
	if (stream) {
		const finished = await decodeStream(
			api,
			answer.body as AsyncIterable<Uint8Array>,
			out,
			onAnswerText,
		);
		if (!out.failure && !finished)
			out.failure = `the stream ended before the gateway finished the answer (${out.text.length} characters received)`;
		if (!out.failure && !out.text) out.failure = 'the stream ended without an answer';
		return out;
	}
	const body = (answer.body ?? {}) as IDataObject;
	out.id = (body.id as string) ?? null;
	out.model = (body.model as string) ?? null;
	out.usage = (body.usage as IDataObject) ?? null;
	if (body.error)
		out.failure = String((body.error as IDataObject).message ?? JSON.stringify(body.error));
	if (api === 'chatCompletions') {
		const choice = (body.choices as IDataObject[] | undefined)?.[0];
		out.text = String((choice?.message as IDataObject)?.content ?? '');
		if (typeof choice?.finish_reason === 'string') out.finishReason = choice.finish_reason;
		if (!choice && !out.failure) out.failure = 'the gateway answered without a completion';
	} else {
		if (body.status && body.status !== 'completed')
			out.failure = String((body.error as IDataObject)?.message ?? body.status);
		for (const item of (body.output ?? []) as IDataObject[]) {
			for (const part of (item.content ?? []) as IDataObject[])
				if (part.type === 'output_text') out.text += String(part.text ?? '');
		}
	}
	return out;
}

/** Reads the stream into `out`; whether it reached its terminal event ([DONE], response.completed, …). */
async function decodeStream(
	api: OpenAiApi,
	body: AsyncIterable<Uint8Array>,
	out: OpenAiAnswer,
	onAnswerText?: (textSoFar: string) => void,
): Promise<boolean> {
	let finished = false;
	for await (const ev of parseSse(body)) {
		if (ev.data === '[DONE]') return true;
		let data: IDataObject;
		try {
			data = JSON.parse(ev.data) as IDataObject;
		} catch {
			continue;
		}
		if (data.error)
			out.failure = String((data.error as IDataObject).message ?? JSON.stringify(data.error));
		if (api === 'chatCompletions') {
			out.id ??= (data.id as string) ?? null;
			out.model ??= (data.model as string) ?? null;
			const choice = (data.choices as IDataObject[] | undefined)?.[0];
			if (typeof choice?.finish_reason === 'string') out.finishReason = choice.finish_reason;
			const delta = (choice?.delta ?? {}) as IDataObject;
			if (typeof delta.content === 'string' && delta.content) {
				out.text += delta.content;
				onAnswerText?.(out.text);
			}
			if (data.usage) out.usage = data.usage as IDataObject;
		} else if (data.type === 'response.output_text.delta') {
			out.text += String(data.delta ?? '');
			onAnswerText?.(out.text);
		} else if (
			data.type === 'response.completed' ||
			data.type === 'response.failed' ||
			data.type === 'response.incomplete'
		) {
			finished = true;
			const r = (data.response ?? {}) as IDataObject;
			out.id = (r.id as string) ?? null;
			out.model = (r.model as string) ?? null;
			out.usage = (r.usage as IDataObject) ?? null;
			if (data.type !== 'response.completed')
				out.failure = String((r.error as IDataObject)?.message ?? r.status);
		}
	}
	return finished;
}
