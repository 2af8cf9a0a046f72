import {
	createHash,
	createHmac,
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
 * A token is random, so seed = HMAC-SHA256(token, label). A password is chosen by a person, and the
 * device id appears in pairing errors: a fast hash would let anyone who sees the id test password
 * guesses offline at billions a second, so password mode uses scrypt (N = 2^15, r = 8), derived
 * once per password per n8n process.
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

const PASSWORD_SALT = `${DERIVATION_LABEL} (password)`;
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
/** Password seeds already derived in this process (scrypt costs ~0.1 s and 32 MB each time). */
const passwordSeeds = new Map<string, Buffer>();

function passwordSeed(password: string): Buffer {
	const cacheKey = createHash('sha256').update(PASSWORD_SALT).update(password).digest('hex');
	let seed = passwordSeeds.get(cacheKey);
	if (!seed) {
		seed = scryptSync(password, PASSWORD_SALT, 32, SCRYPT);
		if (passwordSeeds.size >= 64) passwordSeeds.clear();
		passwordSeeds.set(cacheKey, seed);
	}
	return seed;
}

export function deviceIdentity(
	secret: string,
	pastedKey?: string,
	authMode: 'token' | 'password' = 'token',
): DeviceIdentity {
	if (pastedKey && pastedKey.trim()) return parsePastedKey(pastedKey);
	if (authMode === 'password') return fromSeed(passwordSeed(secret));
	return fromSeed(createHmac('sha256', secret).update(DERIVATION_LABEL).digest());
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
