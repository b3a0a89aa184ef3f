/**
 * End users' sign-in tokens (JWTs from the app's identity provider), verified with jose:
 * signature by a JWKS (src/jwks.ts: cached, refreshed in the background, kept through an
 * outage for a bounded time), a PEM public key or an HS256 secret; issuer, audience, time
 * claims (`exp` required; `nbf` and `iat` not in the future); the username claim must be a
 * valid Easemob username. A refusal says why in a few words only; keys that cannot be had
 * are not the token's fault, and say so (`unavailable`).
 */
import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import { errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { isUsername } from './easemob/limits.js';
import { createJwksKeySource, SignInKeysUnavailable } from './jwks.js';

export interface JwtConfig {
  /** Where the verification keys come from. */
  keys: { kind: 'jwks'; url: string } | { kind: 'publicKey'; pem: string } | { kind: 'secret'; secret: string };
  issuer: string;
  audience: string;
  /** Claim holding the Easemob username (default `sub`). */
  usernameClaim: string;
  /** Scope that grants admin rights, from `scope` (space-separated) or `scp`/`roles` (arrays). */
  adminScope: string;
  /** Least time between two JWKS fetches for unknown keys (default 30 s). */
  jwksCooldownMs?: number;
  /** The JWKS keys' clock: their age, backoff, cooldown (default `Date.now`); tests move it rather than wait. Token times use the wall clock. */
  jwksClock?: () => number;
}

export interface SignedIn {
  username: string;
  admin: boolean;
  /** When the token expires (its `exp`), epoch ms. */
  expiresAt: number;
}

/** The token could not be checked: no signing keys to be had now (the JWKS is down). */
export interface Unavailable {
  unavailable: true;
  retryAfterSeconds: number;
}

export type Verification = { user: SignedIn } | { refused: string } | Unavailable;

/** Leeway for `exp`, `nbf` and `iat` against clock skew between the identity provider and the gateway. */
const clockToleranceSeconds = 5;

/** The algorithm a PEM public key signs with: RS256, ES256 (P-256) or EdDSA; undefined for others. */
export function algorithmOf(key: KeyObject): 'RS256' | 'ES256' | 'EdDSA' | undefined {
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  return undefined;
}

/** The key (or the JWKS lookup) and the algorithms it may sign with: a token naming another is refused. */
function keyOf(config: JwtConfig): { getKey: JWTVerifyGetKey; algorithms: string[] } {
  const { keys } = config;
  if (keys.kind === 'secret') {
    const key = createSecretKey(Buffer.from(keys.secret, 'utf8'));
    return { getKey: async () => key, algorithms: ['HS256'] };
  }
  if (keys.kind === 'publicKey') {
    const key = createPublicKey(keys.pem);
    const algorithm = algorithmOf(key);
    if (!algorithm) throw new Error('unsupported public key type');
    return { getKey: async () => key, algorithms: [algorithm] };
  }
  const jwks = createJwksKeySource({ url: keys.url, cooldownMs: config.jwksCooldownMs, now: config.jwksClock });
  return { getKey: jwks, algorithms: ['RS256', 'ES256', 'EdDSA'] };
}

const scopesOf = (payload: JWTPayload): string[] => [
  ...(typeof payload.scope === 'string' ? payload.scope.split(' ') : []),
  ...(Array.isArray(payload.scp) ? payload.scp : []),
  ...(Array.isArray(payload.roles) ? payload.roles : []),
];

/** A short reason, never the token or the key. */
function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'token expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'exp' && error.reason === 'missing') return 'token has no expiry';
    if (error.claim === 'nbf') return 'token not yet valid';
    if (error.claim === 'iss') return 'token from another issuer';
    if (error.claim === 'aud') return 'token for another audience';
    return `invalid ${error.claim} claim`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) return 'algorithm not accepted';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad signature';
  if (error instanceof errors.JWKSNoMatchingKey) return 'unknown signing key';
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JOSEError) return 'token could not be verified';
  return 'malformed token';
}

/** A JWS in compact form: three base64url parts. API keys and Easemob tokens are not. */
export const looksLikeJwt = (token: string): boolean => /^[\w-]+\.[\w-]+\.[\w-]*$/.test(token);

export function createJwtVerifier(config: JwtConfig): (token: string) => Promise<Verification> {
  const { getKey, algorithms } = keyOf(config);
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, getKey, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms,
        clockTolerance: clockToleranceSeconds,
        // A token without an expiry would be good forever once leaked.
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      if (error instanceof SignInKeysUnavailable) return { unavailable: true, retryAfterSeconds: error.retryAfterSeconds };
      return { refused: reasonOf(error) };
    }
    // jose checks `iat` only with maxTokenAge, which would require it; a token from the future is forged or minted on a broken clock.
    if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + clockToleranceSeconds) return { refused: 'token issued in the future' };
    const username = payload[config.usernameClaim];
    if (typeof username !== 'string' || !isUsername(username)) return { refused: 'the username claim is not a valid Easemob username' };
    // Easemob tells no case apart in user ids and answers lower-cased: so do rules and budgets.
    return { user: { username: username.toLowerCase(), admin: scopesOf(payload).includes(config.adminScope), expiresAt: payload.exp! * 1000 } };
  };
}
