/**
 * Waiting for a condition instead of for a fixed time: the one poll the unit tests share
 * (browser tests use Playwright's `expect.poll` and auto-retrying assertions instead).
 */

/**
 * Resolves once `condition` holds, checking it every 10 ms; after `timeoutMs` it fails naming
 * `what` it waited for (a function may describe the state it found instead, when that helps).
 * The default stays under vitest's 5 s per test, so that this message is the one a failure shows.
 */
export async function until(
  condition: () => boolean | Promise<boolean>,
  what: string | (() => string | Promise<string>),
  timeoutMs = 4000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : await what()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
