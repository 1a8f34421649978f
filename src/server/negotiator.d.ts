/** The part of `negotiator` 1.x we use: its `preferred` option breaks ties by our order (not in @types/negotiator 0.6). */
declare module 'negotiator' {
  import type { IncomingMessage } from 'node:http';
  export default class Negotiator {
    constructor(request: Pick<IncomingMessage, 'headers'>);
    /** The best of `available` the client accepts (`identity` if listed and not refused), else undefined. */
    encoding(available: string[], options?: { preferred?: string[] }): string | undefined;
  }
}
