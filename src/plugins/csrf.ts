/**
 * CSRF protection where it protects something. A browser sends "simple" requests cross-site
 * without a CORS preflight; yoga's check refuses those unless they carry a header only a
 * preflighted request can. Here it applies to every request but GET: yoga runs only queries
 * over GET (a mutation is 405), and this gateway reads no credential a browser adds by itself
 * (no cookies, no HTTP authentication), so a cross-site GET can neither change anything nor
 * act as anyone, and its answer stays unreadable to the other site without CORS. That lets
 * clients that send queries as plain GETs (urql's default) work as shipped.
 */
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { say } from '../error-codes.js';

/** Headers a browser can only send after a CORS preflight, so their presence proves one. */
const preflightHeaders = ['x-graphql-yoga-csrf', 'authorization'];

/** yoga's refusal, with a code and in the gateway's words (it has neither). */
const refused = () =>
  createGraphQLError(
    say('FORBIDDEN', 'a request that could change something needs the x-graphql-yoga-csrf or Authorization header (CSRF protection)'),
    { extensions: { code: 'FORBIDDEN', http: { status: 403 } } },
  );

export function useCsrfPreventionForWrites(): Plugin {
  const check = useCSRFPrevention({ requestHeaders: preflightHeaders }).onRequestParse!;
  return {
    onRequestParse(payload) {
      if (payload.request.method === 'GET') return;
      try {
        return check(payload);
      } catch {
        throw refused();
      }
    },
  };
}
