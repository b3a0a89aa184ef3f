/**
 * The cast of callers the rules are tried with, one gateway for them all: signed-in users
 * (HS256 tokens from the development secret) alice, who owns the rooms, bob, carol and dave;
 * `admin`, a user with the admin scope; `key`, a trusted backend's API key; `anonymous`,
 * who with sign-in on may only read.
 */
import { beforeAll } from 'vitest';
import { hs256, jwtWithSecret } from './identity.js';
import type { StackOptions } from './stack.js';

export type Who = 'alice' | 'bob' | 'carol' | 'dave' | 'admin' | 'key' | 'anonymous';

const backendKey = 'backend-key';

/** The gateway the cast signs in to: JWT sign-in, one API key, anonymous readers let in. */
export const castStack: StackOptions = { jwt: jwtWithSecret, apiKeys: [backendKey], allowAnonymous: true };

/** The cast's request headers; their tokens are signed before the file's tests run. */
export function useCast() {
  const tokens: Partial<Record<Who, string>> = { key: backendKey };
  beforeAll(async () => {
    for (const user of ['alice', 'bob', 'carol', 'dave'] as const) tokens[user] = await hs256(user);
    tokens.admin = await hs256('root', { scope: 'openid chatroom:admin' });
  });
  return (who: Who): Record<string, string> => (who === 'anonymous' ? {} : { authorization: `Bearer ${tokens[who]}` });
}

/** What a rule's refusal says to `who`: sign in first (UNAUTHENTICATED) to a caller without a credential, FORBIDDEN to the others. */
export const refusalFor = (who: Who): 'FORBIDDEN' | 'UNAUTHENTICATED' => (who === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
