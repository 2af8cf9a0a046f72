/**
 * Server-sent events, parsed incrementally from a byte or string stream (pure). Each chunk is
 * scanned once: a long line split over many chunks is kept as a list of pieces and joined once,
 * so a 1 MB event costs one copy, not one per network chunk.
 */
export interface SseMessage {
	event?: string;
	data: string;
}

export async function* parseSse(
	chunks: AsyncIterable<Uint8Array | string>,
): AsyncGenerator<SseMessage> {
	const decoder = new TextDecoder();
	let pieces: string[] = [];
	let event: string | undefined;
	let data: string[] = [];

	const takeLine = (tail: string): string => {
		const line = pieces.length ? pieces.join('') + tail : tail;
		pieces = [];
		return line.endsWith('\r') ? line.slice(0, -1) : line;
	};
	/** Applies one line; returns a finished message at a blank line. */
	const apply = (line: string): SseMessage | undefined => {
		if (line === '') {
			if (data.length === 0) {
				event = undefined;
				return undefined;
			}
			const msg = { event, data: data.length === 1 ? data[0] : data.join('\n') };
			event = undefined;
			data = [];
			return msg;
		}
		if (line.startsWith(':')) return undefined;
		const colon = line.indexOf(':');
		const field = colon < 0 ? line : line.slice(0, colon);
		let value = colon < 0 ? '' : line.slice(colon + 1);
		if (value.startsWith(' ')) value = value.slice(1);
		if (field === 'data') data.push(value);
		else if (field === 'event') event = value;
		return undefined;
	};

	for await (const chunk of chunks) {
		const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
		let start = 0;
		let nl: number;
		while ((nl = text.indexOf('\n', start)) >= 0) {
			const msg = apply(takeLine(text.slice(start, nl)));
			start = nl + 1;
			if (msg) yield msg;
		}
		if (start < text.length) pieces.push(text.slice(start));
	}
	const rest = decoder.decode();
	if (rest) pieces.push(rest);
	if (pieces.length) apply(takeLine(''));
	const last = apply('');
	if (last) yield last;
}
