/**
 * Follow over Redis, for real: a redis-server and `npm start` replicas sharing one prebuilt deck,
 * with Chromium pages as presenter and attendees.
 * - Three replicas (A, B, C), the presenter on A, attendees on B and (through a small fail-over
 *   proxy standing in for a load balancer) on C. A late joiner on C; Redis killed and restarted
 *   empty mid-session; C stopped with SIGTERM, its attendee carried on by B.
 * - Two replicas, each on its own cable to Redis, the presenter behind a load balancer without
 *   session affinity (its moves alternate between replicas) and an attendee on each: a move made
 *   while Redis is down is the one everyone ends on, whichever replica reconnects first.
 */
import type { ChildProcess } from 'node:child_process';
import { connect, createServer, type Server, type Socket } from 'node:net';
import path from 'node:path';
import { expect, test, type Browser, type BrowserContext } from '@playwright/test';
import { follow, reverseProxy } from '../unit/follow-http.ts';
import { redisCable, startRedisServer, type RedisCable, type RedisServer } from '../unit/redis-server.ts';
import { startDeckProcess } from '../unit/deck-process.ts';
import { currentSlide, expectOnSlide, openInNewContext, recordShownSlides, repoRoot, shownSlides, waitForDeck } from './helpers.ts';

const token = 'redis-spec-presenter-secret';

interface Replica {
  name: string;
  process: ChildProcess;
  port: number;
  url: string;
  output(): string;
}

const replicas: Replica[] = [];
const contexts: BrowserContext[] = [];
let redis: RedisServer | undefined;
let proxy: Server | undefined;
const closing: Array<() => unknown> = [];

/** One replica: `npm start` as a container runs it, serving the build the test run made. */
async function startReplica(name: string, redisUrl: string, prefix: string): Promise<Replica> {
  const deck = await startDeckProcess({ args: ['--no-build'], env: { REDIS_URL: redisUrl, DECK_REDIS_PREFIX: prefix, DECK_PRESENTER_TOKEN: token } });
  const replica = { name, process: deck.child, port: deck.port, url: deck.attendees, output: deck.output };
  replicas.push(replica);
  return replica;
}

/**
 * A load balancer, as small as can be: each connection goes to the first backend that accepts
 * it. A replica that stopped refuses connections, so the next one takes its followers.
 */
async function failoverProxy(ports: number[]): Promise<number> {
  proxy = createServer((client: Socket) => {
    client.pause();
    const attempt = (index: number) => {
      if (index >= ports.length) return void client.destroy();
      const upstream = connect(ports[index], '127.0.0.1');
      upstream.once('error', () => attempt(index + 1));
      upstream.once('connect', () => {
        upstream.removeAllListeners('error');
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
        client.pipe(upstream).pipe(client);
        client.resume();
      });
    };
    attempt(0);
  });
  await new Promise<void>((resolve) => proxy!.listen(0, '127.0.0.1', resolve));
  return (proxy.address() as { port: number }).port;
}

async function readiness(replica: Replica): Promise<{ status: number; body: { ready: boolean; reason?: string } }> {
  const response = await fetch(new URL('readyz', replica.url));
  return { status: response.status, body: await response.json() };
}

/** Waits until each replica's /readyz answers `status`: 200 ready, 503 not (Redis away, or stopping). */
async function expectReadiness(replicas: Replica[], status: 200 | 503, timeout?: number): Promise<void> {
  for (const replica of replicas) {
    await expect.poll(async () => (await readiness(replica)).status, { message: `${replica.name} ${status === 200 ? 'ready' : 'not ready'}`, timeout }).toBe(status);
  }
}

/** A device's clock an hour behind the others (and the servers'). */
const clockAnHourBehind = () => {
  const realNow = Date.now;
  Date.now = () => realNow() - 3_600_000;
};

async function open(browser: Browser, url: string, options: { clockBehind?: boolean } = {}) {
  const opened = await openInNewContext(browser, url, { initScripts: options.clockBehind ? [clockAnHourBehind] : [] });
  contexts.push(opened.context);
  return opened;
}

/**
 * A plain event-stream reader on `replica` (an attendee without a browser): the slide of the
 * latest state it received. `slide()` throws once the stream has ended, instead of letting a
 * test wait on a value that will never come.
 */
async function streamReader(replica: Replica) {
  const stream = await follow(replica.port);
  expect(stream.status, `the event stream on ${replica.url}`).toBe(200);
  return {
    slide() {
      if (stream.ended) throw new Error(`the event stream on ${replica.url} ended`);
      return stream.messages.at(-1)?.slide;
    },
    close: stream.close,
  };
}

test.afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
  for (const replica of replicas.splice(0)) {
    if (replica.process.exitCode === null && replica.process.signalCode === null) replica.process.kill('SIGKILL');
  }
  proxy?.close();
  proxy = undefined;
  for (const close of closing.splice(0)) await close();
  await redis?.stop();
  redis = undefined;
});

test('replicas share the presenter through Redis, ride out a Redis restart, and hand followers over on SIGTERM', async ({ browser }) => {
  test.setTimeout(60_000);
  redis = await startRedisServer();
  const prefix = `redis-spec-${process.pid}`;
  const [a, b, c] = await Promise.all(['A', 'B', 'C'].map((name) => startReplica(name, redis!.url, prefix)));
  await expectReadiness([a, b, c], 200);
  const balanced = await failoverProxy([c.port, b.port]);

  // The presenter on A moves the attendees on B and on C.
  const presenter = await open(browser, `${a.url}#presenter=${token}`);
  const onB = await open(browser, b.url);
  const onC = await open(browser, `http://127.0.0.1:${balanced}/`);
  for (let i = 0; i < 3; i++) await presenter.page.keyboard.press('ArrowRight');
  await expectOnSlide(onB.page, 3);
  await expectOnSlide(onC.page, 3);

  // A late joiner on C lands on the live slide at once.
  const late = await open(browser, c.url);
  await expectOnSlide(late.page, 3);
  await late.page.context().close();

  // Redis dies: every replica says so (log and readiness) and goes on serving; the presenter
  // still moves A's own attendees.
  const onA = await streamReader(a);
  await expect.poll(() => onA.slide()).toBe(3);
  await redis.stop('SIGKILL');
  for (const replica of [a, b, c]) {
    await expectReadiness([replica], 503);
    const { body } = await readiness(replica);
    expect(body.reason).toMatch(/^Redis is unreachable/); // where it is stays in the log
    expect((await fetch(new URL('healthz', replica.url))).status).toBe(200);
    expect((await fetch(replica.url)).status).toBe(200); // the deck itself
    await expect.poll(() => replica.output()).toMatch(/unreachable .*goes on serving the deck and its own followers/);
  }
  await presenter.page.keyboard.press('ArrowRight');
  await expect.poll(() => onA.slide(), { message: 'A’s attendees follow A’s presenter without Redis' }).toBe(4);
  expect(await currentSlide(onB.page)).toBe(3);

  // Redis is back (empty, as after a crash): replicas reconnect by themselves and become ready;
  // the presenter's move made meanwhile wins and reaches B and C without a reload.
  await onB.page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  await redis.start();
  await expectReadiness([a, b, c], 200, 8000);
  await expectOnSlide(onB.page, 4);
  await expectOnSlide(onC.page, 4);
  await expect.poll(() => a.output()).toContain('is back: followers resynchronised');
  await presenter.page.keyboard.press('ArrowRight');
  await expectOnSlide(onB.page, 5);
  await expectOnSlide(onC.page, 5);
  expect(await onB.page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  onA.close();

  // SIGTERM on C: it stops within the grace period; its attendee's stream ends, and the page
  // reconnects through the load balancer to B and keeps following.
  const exited = new Promise<number | null>((resolve) => c.process.once('exit', (code) => resolve(code)));
  const stopping = Date.now();
  c.process.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(Date.now() - stopping, 'C stopped within its grace period').toBeLessThan(5000);
  await presenter.page.keyboard.press('ArrowRight');
  await expectOnSlide(onC.page, 6, 5000);
  await expect(onC.page.locator('.follow-status')).toBeHidden();
  await expect(presenter.page.locator('.follow-status')).toHaveText('Live · 0 attendees'); // A counts its own
  await onC.page.screenshot({ path: path.join(repoRoot, 'test-results', 'redis', 'attendee-after-failover.png') });

  const unexpected = (errors: string[]) => errors.filter((e) => !e.includes('_follow/'));
  expect([...unexpected(presenter.errors), ...unexpected(onB.errors), ...unexpected(onC.errors)]).toEqual([]);
});

/**
 * A load balancer without session affinity, at the HTTP level: every request goes to `pages`,
 * except control requests, which go where `controlTo` says when they arrive. The Host header is
 * passed on, as a load balancer does (the follow server checks Origin against it).
 */
async function alternatingBalancer(pages: Replica, controlTo: () => Replica): Promise<string> {
  const balancer = await reverseProxy((req) => ({ port: (req.url?.endsWith('/_follow/control') ? controlTo() : pages).port }));
  closing.push(() => balancer.close());
  return `http://127.0.0.1:${balancer.port}/`;
}

test('moves alternate between replicas: the last one made while Redis was down wins when it is back, on every replica, nobody going back', async ({ browser }) => {
  test.setTimeout(60_000);
  redis = await startRedisServer();
  const prefix = `redis-spec-alternate-${process.pid}`;
  const cables: RedisCable[] = await Promise.all([redisCable(redis.port), redisCable(redis.port)]);
  closing.push(...cables.map((cable) => () => cable.close()));
  const [a, b] = await Promise.all([startReplica('A', cables[0].url, prefix), startReplica('B', cables[1].url, prefix)]);
  await expectReadiness([a, b], 200);
  let controlTo = b;
  const balanced = await alternatingBalancer(a, () => controlTo);

  const presenter = await open(browser, `${balanced}#presenter=${token}`);
  const onA = await open(browser, a.url);
  const onB = await open(browser, b.url);
  for (let i = 0; i < 6; i++) await presenter.page.keyboard.press('ArrowRight');
  await expectOnSlide(onA.page, 6);
  await expectOnSlide(onB.page, 6);
  await recordShownSlides(onA.page);
  await recordShownSlides(onB.page);

  // Redis goes away from both replicas; the presenter's next move reaches A, the one after B.
  for (const cable of cables) cable.cut();
  await expectReadiness([a, b], 503);
  controlTo = a;
  await presenter.page.keyboard.press('ArrowRight');
  await expectOnSlide(onA.page, 7);
  controlTo = b;
  await presenter.page.keyboard.press('ArrowRight');
  await expectOnSlide(onB.page, 8);
  expect(await currentSlide(onA.page)).toBe(7);

  // Redis (which kept its data) is back for A first, then for B: the presenter's last move (8,
  // on B) wins everywhere within 3 s, without a new move; B's attendee never goes back to 7.
  cables[0].restore();
  await expectReadiness([a], 200, 5000);
  cables[1].restore();
  const back = Date.now();
  await expectOnSlide(onA.page, 8, 3000);
  await expectOnSlide(onB.page, 8, 3000);
  expect(Date.now() - back).toBeLessThan(3000);
  await expectReadiness([b], 200);
  // A merge later (one a second) changes nothing.
  await expect.poll(() => b.output()).toContain('is back: followers resynchronised');
  expect(await shownSlides(onA.page)).toEqual([7, 8]);
  expect(await shownSlides(onB.page)).toEqual([8]);

  // And the presenter goes on, through either replica.
  controlTo = a;
  await presenter.page.keyboard.press('ArrowRight');
  await expectOnSlide(onA.page, 9);
  await expectOnSlide(onB.page, 9);

  // A move's order survives a reload, even with a clock that jumped back: during another outage
  // the presenter moves to 10 on B, then reloads with its clock an hour behind (its stream, on A,
  // still says 9) and moves on, to 11, through A. 11 is the latest move and must win.
  for (const cable of cables) cable.cut();
  await expectReadiness([a, b], 503);
  controlTo = b;
  await presenter.page.keyboard.press('ArrowRight');
  await expectOnSlide(onB.page, 10);
  await presenter.page.addInitScript(clockAnHourBehind);
  await presenter.page.reload();
  await waitForDeck(presenter.page);
  await expectOnSlide(presenter.page, 9); // where A's stream says the talk is
  controlTo = a;
  await presenter.page.keyboard.press('ArrowRight');
  await presenter.page.keyboard.press('ArrowRight');
  await expectOnSlide(onA.page, 11);
  for (const cable of cables) cable.restore();
  await expectOnSlide(onA.page, 11, 5000);
  await expectOnSlide(onB.page, 11, 5000);
  await expectReadiness([a, b], 200);
  expect(await currentSlide(onB.page)).toBe(11);

  // A second presenter device, its clock an hour behind too and nothing kept from before: it
  // lands on the live slide, and its moves come after the moves it has seen.
  const second = await open(browser, `${balanced}#presenter=${token}`, { clockBehind: true });
  await expectOnSlide(second.page, 11);
  await second.page.keyboard.press('ArrowRight');
  await expectOnSlide(onA.page, 12);
  await expectOnSlide(onB.page, 12);

  const unexpected = (errors: string[]) => errors.filter((e) => !e.includes('_follow/'));
  expect([presenter, second, onA, onB].flatMap(({ errors }) => unexpected(errors))).toEqual([]);
});
