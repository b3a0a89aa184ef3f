/**
 * The one place that talks HTTP to Easemob: builds URLs under /{org}/{app}, adds the
 * Authorization header, maps statuses to typed errors and parses JSON through the wire
 * schemas. Callers pass already-validated path segments.
 */
import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import { EasemobError, errorForStatus } from './errors.js';
import { errorBody } from './wire.js';

/** Where the Easemob app lives; shared by every request of the process. */
export interface Upstream {
  dispatcher: Dispatcher;
  /** Scheme, host and port: `https://a1.easemob.com`. */
  origin: string;
  /** Path prefix including org and app: `/easemob-demo/chatdemoui`. */
  appPath: string;
}

/** Supplies the Authorization header for upstream calls. */
export interface AuthSource {
  header(): Promise<string>;
  /** Called when the upstream answered 401 to `header`; when present, the call is retried once. */
  rejected?(header: string): void;
}

export interface UpstreamRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path below the app, with every segment already encoded: `/chatrooms/1%2C2`. */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
}

export interface EasemobClient {
  call<S extends z.ZodType>(request: UpstreamRequest, schema: S): Promise<z.output<S>>;
}

export function createUpstream(baseUrl: string, org: string, app: string, dispatcher: Dispatcher): Upstream {
  const url = new URL(baseUrl);
  const prefix = url.pathname.replace(/\/+$/, '');
  return { dispatcher, origin: url.origin, appPath: `${prefix}/${encodeURIComponent(org)}/${encodeURIComponent(app)}` };
}

/** Sends one request and returns status and parsed JSON; network failures become UPSTREAM_UNAVAILABLE. */
export async function send(
  upstream: Upstream,
  request: UpstreamRequest,
  authorization?: string,
): Promise<{ status: number; json: unknown }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (authorization) headers.authorization = authorization;
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  const query = Object.entries(request.query ?? {}).filter(([, v]) => v !== undefined);
  const search = query.length ? `?${new URLSearchParams(query.map(([k, v]) => [k, String(v)]))}` : '';
  try {
    const res = await upstream.dispatcher.request({
      origin: upstream.origin,
      path: `${upstream.appPath}${request.path}${search}`,
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
    });
    const text = await res.body.text();
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      // A non-JSON body (an HTML error page from a proxy) is treated as no body.
    }
    return { status: res.statusCode, json };
  } catch (cause) {
    throw new EasemobError('UPSTREAM_UNAVAILABLE', 'Easemob could not be reached; try again shortly', undefined, {
      cause,
    });
  }
}

/** Parses a successful body, or turns an error status into a typed error. */
export function parseResponse<S extends z.ZodType>(status: number, json: unknown, schema: S): z.output<S> {
  if (status < 200 || status >= 300) {
    const body = errorBody.safeParse(json);
    throw errorForStatus(status, body.success ? body.data.error : undefined);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new EasemobError('UPSTREAM_ERROR', 'Easemob answered in an unexpected format', status, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

export function createEasemobClient(upstream: Upstream, auth: AuthSource): EasemobClient {
  return {
    async call(request, schema) {
      let authorization = await auth.header();
      let { status, json } = await send(upstream, request, authorization);
      if (status === 401 && auth.rejected) {
        // The token expired or was revoked early: refresh once and retry once.
        auth.rejected(authorization);
        authorization = await auth.header();
        ({ status, json } = await send(upstream, request, authorization));
      }
      return parseResponse(status, json, schema);
    },
  };
}
