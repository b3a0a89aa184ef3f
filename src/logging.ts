/**
 * Structured JSON logs (pino) to a standard output that never holds the process; the line
 * per operation is src/plugins/operation-log.ts's. Headers are never logged, and anything
 * that looks like a credential is redacted on the way out.
 */
import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger };

const redact = {
  paths: ['authorization', '*.authorization', 'headers', '*.headers', 'clientSecret', '*.clientSecret', 'token', '*.token', 'apiKeys', '*.apiKeys'],
  censor: '[redacted]',
};

let stdout: DestinationStream | undefined;

/**
 * Standard output that never holds the process: lines written in one turn of the event
 * loop go out in one write (a write per line cost about 5% of a small query's CPU), Node
 * queues the writes, and while more than `maxQueuedBytes` wait for a reader that has
 * stalled, lines are dropped instead of queued. (pino's own destination waits for a full
 * pipe, even at exit.) Lines still pending when the process exits are written then. When
 * the reader is gone for good, lines are dropped and the gateway serves on.
 */
export function stdoutDestination(): DestinationStream {
  if (stdout) return stdout; // one process, one standard output, one queue of lines
  const maxQueuedBytes = 1024 * 1024;
  let pending = '';
  // The reader went away (EPIPE): serving matters more than the log, which has nowhere to go.
  let gone = false;
  process.stdout.on('error', () => (gone = true));
  const flush = () => {
    if (pending && !gone && process.stdout.writableLength < maxQueuedBytes) process.stdout.write(pending);
    pending = '';
  };
  process.once('exit', flush);
  return (stdout = {
    write(line: string) {
      if (!pending) setImmediate(flush);
      pending += line;
      if (pending.length >= 64 * 1024) flush();
    },
  });
}

export function createLogger(level = 'info', destination: DestinationStream = stdoutDestination()): Logger {
  return pino({ level, redact, base: undefined }, destination);
}

/** Yoga's own messages, through pino; its frequent debug messages are not even built unless logged. */
export const yogaLogger = (logger: Logger) => ({
  debug: (...args: unknown[]) => logger.isLevelEnabled('debug') && logger.debug({ detail: args.map(String).join(' ') }, 'yoga'),
  info: (...args: unknown[]) => logger.info({ detail: args.map(String).join(' ') }, 'yoga'),
  warn: (...args: unknown[]) => logger.warn({ detail: args.map(String).join(' ') }, 'yoga'),
  error: (...args: unknown[]) =>
    logger.error(args[0] instanceof Error ? { err: args[0] } : { detail: args.map(String).join(' ') }, 'yoga'),
});
