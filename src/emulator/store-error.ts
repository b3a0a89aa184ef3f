/** The emulator's refusals, apart from the store so that every part of it can throw them. */

/** A rule broken by a request: becomes an error answer with Easemob's status, word and description. */
export class StoreError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
    /** The numeric `error_code` some answers carry (a message too large: 14007). */
    readonly code?: number,
  ) {
    super(message);
  }
}
