import type { IExecuteFunctions } from 'n8n-workflow';

import { operationError } from './errors';

/**
 * Whether the node runs as a tool of n8n's AI Agent (or an MCP client through n8n): n8n 2.x runs a
 * tool call as a run of the node whose item holds the model's toolCallId; other tool paths run it in
 * a context that says so (isToolExecution, where n8n has it).
 */
export function runsAsTool(fns: IExecuteFunctions, i: number): boolean {
	if (fns.getInputData()[i]?.json?.toolCallId) return true;
	return typeof fns.isToolExecution === 'function' && fns.isToolExecution();
}

/** Reading node parameters, with errors that name the parameter as the user sees it. */
export function stringParam(
	fns: IExecuteFunctions,
	name: string,
	i: number,
	fallback = '',
): string {
	const value = fns.getNodeParameter(name, i, fallback);
	return value === undefined || value === null ? fallback : String(value).trim();
}

/** The value of a resource locator (From List / By ID); only these may be read with extractValue. */
export function locatorParam(fns: IExecuteFunctions, name: string, i: number): string {
	const value = fns.getNodeParameter(name, i, '', { extractValue: true });
	return value === undefined || value === null ? '' : String(value).trim();
}

export function optionsParam<T extends object>(fns: IExecuteFunctions, name: string, i: number): T {
	return (fns.getNodeParameter(name, i, {}) ?? {}) as T;
}

/** Parses a JSON-object parameter (string or already-parsed object). */
export function jsonObjectParam(
	fns: IExecuteFunctions,
	name: string,
	displayName: string,
	i: number,
): Record<string, unknown> {
	const raw = fns.getNodeParameter(name, i, '{}');
	if (raw && typeof raw === 'object' && !Array.isArray(raw)) return raw as Record<string, unknown>;
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (!text) return {};
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (e) {
		throw operationError(
			fns.getNode(),
			`The ${displayName} parameter is not valid JSON (${(e as Error).message})`,
			`Write ${displayName} as a JSON object, e.g. {"limit": 5}.`,
			'bad-input',
			i,
		);
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw operationError(
			fns.getNode(),
			`The ${displayName} parameter must be a JSON object, not ${Array.isArray(parsed) ? 'an array' : typeof parsed}`,
			`Write ${displayName} as a JSON object, e.g. {"limit": 5}.`,
			'bad-input',
			i,
		);
	}
	return parsed as Record<string, unknown>;
}

/** A number of seconds, validated against a range. */
export function secondsParam(
	fns: IExecuteFunctions,
	name: string,
	displayName: string,
	i: number,
	fallback: number,
	max: number,
): number {
	const value = Number(fns.getNodeParameter(name, i, fallback));
	if (!Number.isFinite(value) || value <= 0 || value > max) {
		throw operationError(
			fns.getNode(),
			`The ${displayName} parameter must be between 1 and ${max} seconds, not ${String(value)}`,
			`Set ${displayName} to a number of seconds from 1 to ${max}.`,
			'bad-input',
			i,
		);
	}
	return Math.ceil(value);
}
