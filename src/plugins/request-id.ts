/**
 * A request id a user can quote: taken from a well-formed incoming `x-request-id`, or
 * made up, put in the request's scope (and so the context), answered in the
 * `x-request-id` header and attached to masked errors.
 */
import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import { requestScope } from '../request-scope.js';

export function useRequestId(): Plugin {
  return {
    onRequest({ request }) {
      const incoming = request.headers.get('x-request-id');
      requestScope(request).requestId = incoming && /^[\w.:-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    },
    onResponse({ request, response }) {
      response.headers.set('x-request-id', requestScope(request).requestId);
    },
  };
}
