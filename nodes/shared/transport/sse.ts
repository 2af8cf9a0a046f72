/** Server-sent events, parsed incrementally from a byte or string stream (pure; no buffering of the whole body). */
export interface SseMessage {
	event?: string;
	data: string;
}

export async function* parseSse(
	chunks: AsyncIterable<Uint8Array | string>,
): AsyncGenerator<SseMessage> {
	const decoder = new TextDecoder();
	let buffer = '';
	let event: string | undefined;
	let data: string[] = [];
	const flush = (): SseMessage | undefined => {
		if (data.length === 0) {
			event = undefined;
			return undefined;
		}
		const msg = { event, data: data.join('\n') };
		event = undefined;
		data = [];
		return msg;
	};
	for await (const chunk of chunks) {
		buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
		let nl: number;
		while ((nl = buffer.indexOf('\n')) >= 0) {
			const line = buffer.slice(0, nl).replace(/\r$/, '');
			buffer = buffer.slice(nl + 1);
			if (line === '') {
				const msg = flush();
				if (msg) yield msg;
			} else if (line.startsWith(':')) {
				continue;
			} else {
				const colon = line.indexOf(':');
				const field = colon < 0 ? line : line.slice(0, colon);
				const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
				if (field === 'data') data.push(value);
				else if (field === 'event') event = value;
			}
		}
	}
	buffer += decoder.decode();
	if (buffer.trim()) {
		for (const line of buffer.split('\n'))
			if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
	}
	const last = flush();
	if (last) yield last;
}
