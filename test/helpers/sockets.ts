import { setSocketFactory, type SocketLike } from '../../nodes/shared/transport/rpc';

/** Counts the WebSocket connections the transport opens (through its injectable factory). */
export function countingSockets(): { count: number; restore: () => void } {
	const counter = { count: 0, restore: () => setSocketFactory(undefined) };
	setSocketFactory((url) => {
		counter.count++;
		return new WebSocket(url) as unknown as SocketLike;
	});
	return counter;
}
