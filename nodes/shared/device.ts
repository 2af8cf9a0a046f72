import {
	createHash,
	createPrivateKey,
	createPublicKey,
	scryptSync,
	sign,
	type KeyObject,
} from 'crypto';

/**
 * Device identity for the WebSocket path. OpenClaw strips every scope from remote WebSocket clients
 * that present no signed device identity, so the nodes always sign with an Ed25519 key.
 *
 * The key must be the same in every execution, after restarts and in every n8n worker, without
 * touching the filesystem. It is therefore either pasted by the user (Device Private Key) or derived
 * deterministically from the credential's secret. Anyone holding the secret already has full
 * operator rights over HTTP, so the derived key grants nothing new; a new secret means a new device,
 * which must be approved once more.
 *
 * The device id appears in pairing errors, n8n's logs and `openclaw devices list`, and gateways accept
 * any configured token or password, weak ones too: a fast derivation would let anyone who sees the id
 * test guesses of the secret offline quickly. So both modes derive the seed with scrypt (N = 2^15,
 * r = 8: about 0.1 s and 32 MB a guess), once per secret per n8n process. (Token mode used
 * HMAC-SHA256 before 0.2.0: such a device is approved once more.)
 */
export interface DeviceIdentity {
	id: string;
	publicKey: string;
	privateKey: KeyObject;
}

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX_LENGTH = 12;
const DERIVATION_LABEL = 'n8n-nodes-openclaw device identity v1';

export class DeviceKeyError extends Error {}

function fromSeed(seed: Buffer): DeviceIdentity {
	const privateKey = createPrivateKey({
		key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
		format: 'der',
		type: 'pkcs8',
	});
	const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
	const raw = spki.subarray(SPKI_ED25519_PREFIX_LENGTH);
	return {
		id: createHash('sha256').update(raw).digest('hex'),
		publicKey: raw.toString('base64url'),
		privateKey,
	};
}

/** Parses a pasted key: an Ed25519 PKCS#8 PEM, or a 32-byte seed as base64/base64url/hex. */
function parsePastedKey(pasted: string): DeviceIdentity {
	const text = pasted.trim();
	if (text.includes('-----BEGIN')) {
		let key: KeyObject | undefined;
		try {
			key = createPrivateKey(text);
		} catch {
			key = undefined;
		}
		if (!key) throw new DeviceKeyError('The Device Private Key is not a readable PEM private key');
		if (key.asymmetricKeyType !== 'ed25519') {
			throw new DeviceKeyError(
				`The Device Private Key must be an Ed25519 key, not ${key.asymmetricKeyType}`,
			);
		}
		const der = key.export({ format: 'der', type: 'pkcs8' });
		return fromSeed(der.subarray(der.length - 32));
	}
	const seed = /^[0-9a-f]{64}$/i.test(text)
		? Buffer.from(text, 'hex')
		: Buffer.from(text, 'base64url');
	if (seed.length !== 32) {
		throw new DeviceKeyError(
			'The Device Private Key must be an Ed25519 PEM key or a 32-byte seed (64 hex characters or 43 base64url characters)',
		);
	}
	return fromSeed(seed);
}

const SALTS = { password: `${DERIVATION_LABEL} (password)`, token: `${DERIVATION_LABEL} (token)` };
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
/** Seeds already derived in this process (scrypt costs ~0.1 s and 32 MB each time); at most 64. */
const seeds = new Map<string, Buffer>();

function slowSeed(secret: string, mode: 'token' | 'password'): Buffer {
	const cacheKey = createHash('sha256').update(SALTS[mode]).update(secret).digest('hex');
	let seed = seeds.get(cacheKey);
	if (!seed) {
		seed = scryptSync(secret, SALTS[mode], 32, SCRYPT);
		if (seeds.size >= 64) seeds.clear();
		seeds.set(cacheKey, seed);
	}
	return seed;
}

export function deviceIdentity(
	secret: string,
	pastedKey?: string,
	authMode: 'token' | 'password' = 'token',
): DeviceIdentity {
	if (pastedKey && pastedKey.trim()) return parsePastedKey(pastedKey);
	return fromSeed(slowSeed(secret, authMode));
}

export interface DeviceSignatureInput {
	clientId: string;
	clientMode: string;
	role: string;
	scopes: readonly string[];
	signedAt: number;
	/** auth.token (empty in password mode: a password is not part of the signed payload) */
	token: string;
	nonce: string;
}

/** The v2 payload: the only one 2026.2.x verifies, and still accepted by the newest gateways. */
export function devicePayloadV2(deviceId: string, input: DeviceSignatureInput): string {
	return [
		'v2',
		deviceId,
		input.clientId,
		input.clientMode,
		input.role,
		input.scopes.join(','),
		String(input.signedAt),
		input.token,
		input.nonce,
	].join('|');
}

export function signDevice(identity: DeviceIdentity, input: DeviceSignatureInput) {
	const signature = sign(
		null,
		Buffer.from(devicePayloadV2(identity.id, input), 'utf8'),
		identity.privateKey,
	);
	return {
		id: identity.id,
		publicKey: identity.publicKey,
		signature: signature.toString('base64url'),
		signedAt: input.signedAt,
		nonce: input.nonce,
	};
}
