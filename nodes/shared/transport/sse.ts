/**
 * Server-sent events, parsed incrementally from a byte or string stream (pure). Each chunk is
 * scanned once: a long line split over many chunks is kept as a list of pieces and joined once,
 * so a 1 MB event costs one copy, not one per network chunk. Lines end with CRLF, LF or CR (the
 * CR of a CRLF may end one chunk and its LF start the next). An event the stream cuts off before
 * its blank line is not delivered, and a line longer than the limit ends the stream with an error.
 */
export interface SseMessage {
	event?: string;
	data: string;
}

export interface SseOptions {
	/** The longest line accepted (default 32 MB, above the gateway's largest frame). */
	maxLineBytes?: number;
}

export class SseLineTooLongError extends Error {}

const DEFAULT_MAX_LINE = 32 * 1024 * 1024;

export async function* parseSse(
	chunks: AsyncIterable<Uint8Array | string>,
	options: SseOptions = {},
): AsyncGenerator<SseMessage> {
	const maxLine = options.maxLineBytes ?? DEFAULT_MAX_LINE;
	const decoder = new TextDecoder();
	let pieces: string[] = [];
	let pending = 0;
	let event: string | undefined;
	let data: string[] = [];
	/** The previous chunk ended with CR: an LF starting this one belongs to it. */
	let afterCr = false;

	const takeLine = (tail: string): string => {
		const line = pieces.length ? pieces.join('') + tail : tail;
		pieces = [];
		pending = 0;
		return line;
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
		let start = afterCr && text.startsWith('\n') ? 1 : 0;
		afterCr = false;
		for (;;) {
			const lf = text.indexOf('\n', start);
			const cr = text.indexOf('\r', start);
			const end = cr >= 0 && (lf < 0 || cr < lf) ? cr : lf;
			if (end < 0) break;
			const msg = apply(takeLine(text.slice(start, end)));
			if (text[end] === '\r') {
				if (end + 1 === text.length) afterCr = true;
				start = text[end + 1] === '\n' ? end + 2 : end + 1;
			} else start = end + 1;
			if (msg) yield msg;
		}
		if (start < text.length) {
			pieces.push(text.slice(start));
			pending += text.length - start;
			if (pending > maxLine)
				throw new SseLineTooLongError(
					`The gateway sent a line longer than ${Math.round(maxLine / 1024 / 1024)} MB in its event stream`,
				);
		}
	}
	// Whatever is left is an event the stream cut off before its blank line: not an event.
}
