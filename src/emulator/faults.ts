/** Injected faults: each waits for the requests it matches, and is used up after `times` of them. */
import type { ServerResponse } from 'node:http';
import type { Fault } from './options.js';

export type FaultQueue = ReturnType<typeof createFaultQueue>;

export function createFaultQueue() {
  const waiting: (Fault & { times: number })[] = [];
  return {
    /** The fault as stored: it counts what it did (`bytesSent`). */
    add(fault: Fault): Fault {
      const stored = { ...fault, times: fault.times ?? 1, bytesSent: 0 };
      waiting.push(stored);
      return stored;
    },
    clear() {
      waiting.length = 0;
    },
    /** The first waiting fault that matches, counted as used once. */
    take(method: string, path: string): Fault | undefined {
      const i = waiting.findIndex((f) => (!f.method || f.method === method) && (!f.path || f.path.test(path)));
      if (i < 0) return undefined;
      const fault = waiting[i]!;
      if (--fault.times <= 0) waiting.splice(i, 1);
      return fault;
    },
  };
}

/** A valid-looking detail answer of `fault.bodyBytes` bytes, written as fast as the reader takes it. */
export async function streamBody(fault: Fault, res: ServerResponse, record: (status: number) => void) {
  record(200);
  res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' });
  const head = '{"data":[{"id":"1","name":"';
  const tail = '","maxusers":1}]}';
  const chunk = 'x'.repeat(64 * 1024);
  const total = fault.bodyBytes!;
  const write = (text: string) => {
    fault.bytesSent! += text.length;
    if (res.write(text)) return Promise.resolve();
    return new Promise((resolve) => {
      res.once('drain', resolve);
      res.once('close', resolve);
    });
  };
  try {
    await write(head);
    while (!res.destroyed && fault.bytesSent! + chunk.length + tail.length <= total) await write(chunk);
    if (!res.destroyed) res.end('x'.repeat(Math.max(0, total - fault.bytesSent! - tail.length)) + tail);
  } catch {
    // the reader went away
  }
}
