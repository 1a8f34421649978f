/**
 * Server-Sent Events, the receiving half, for the follow stream: the page reads it with `fetch`
 * (see src/runtime/follow.ts), tests and benchmarks read it from Node. Only what the follow
 * server writes is understood: `data:` lines (joined by newlines), events ended by a blank line;
 * other fields (`retry:`, comments) are skipped.
 */
export interface EventStreamParser {
  /** Feeds decoded text as it arrives, in any chunking; calls back once per complete event. */
  push(text: string): void;
}

/**
 * `onEvent` gets each event's data, or `undefined` for an event without data (a keep-alive).
 */
export function eventStreamParser(onEvent: (data: string | undefined) => void): EventStreamParser {
  let buffer = '';
  return {
    push(text) {
      buffer += text;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = event
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).replace(/^ /, ''));
        onEvent(data.length > 0 ? data.join('\n') : undefined);
      }
    },
  };
}
