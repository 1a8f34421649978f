/** The one event-stream reader the page, the tests and the benchmarks share (src/shared/event-stream.ts). */
import { describe, expect, it } from 'vitest';
import { eventStreamParser } from '../../src/shared/event-stream.ts';

function parseInChunks(text: string, size: number): Array<string | undefined> {
  const events: Array<string | undefined> = [];
  const parser = eventStreamParser((data) => events.push(data));
  for (let i = 0; i < text.length; i += size) parser.push(text.slice(i, i + size));
  return events;
}

describe('eventStreamParser', () => {
  const stream = 'retry: 1000\n\ndata: {"slide":1}\n\n: comment\n\ndata: line one\ndata:line two\n\ndata:  two spaces\n\n';
  const expected = [undefined, '{"slide":1}', undefined, 'line one\nline two', ' two spaces'];

  it('gives each event once, whatever the chunking', () => {
    for (const size of [1, 2, 3, 7, 16, stream.length]) expect(parseInChunks(stream, size), `chunks of ${size}`).toEqual(expected);
  });

  it('holds back an event until its blank line arrives', () => {
    const events: Array<string | undefined> = [];
    const parser = eventStreamParser((data) => events.push(data));
    parser.push('data: {"slide":2}\n');
    expect(events).toEqual([]);
    parser.push('\n');
    expect(events).toEqual(['{"slide":2}']);
  });
});
