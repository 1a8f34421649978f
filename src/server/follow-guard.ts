/**
 * Who a request comes from, and how much of the follow server one client may take: the
 * presenter secret (made and checked), the limit on failed attempts, the count of streams per client.
 *
 * A client is the address that the nearest proxy we trust saw (the last `X-Forwarded-For` hop it
 * added), or the socket's address when the peer is not a trusted proxy: a header anyone can write
 * counts only when a proxy we trust wrote it. IPv6 clients are grouped by /64, the block one
 * machine usually holds, so rotating addresses within it gains nothing.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import ipaddr from 'ipaddr.js';
import proxyaddr from 'proxy-addr';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** A fresh presenter secret: 144 random bits, URL-safe. */
export function newPresenterToken(): string {
  return randomBytes(18).toString('base64url');
}

/** A fresh helpers' secret, made as the presenter's: another secret, never the same. */
export function newHelperToken(): string {
  return randomBytes(18).toString('base64url');
}

/** `loopback`, `linklocal`, `uniquelocal`, addresses and CIDR ranges (proxy-addr's notation). */
export type TrustedProxies = readonly string[];

export interface RequestOrigin {
  /** The client's key: an IPv4 address, or an IPv6 /64 block. */
  client(req: IncomingMessage): string;
  /** `http` or `https`, as the browser used it: `X-Forwarded-Proto` from a trusted proxy, else `http`. */
  scheme(req: IncomingMessage): string;
}

/** Throws (naming the entry) on anything that is not an address, a range or a known name. */
export function requestOrigin(trustedProxies: TrustedProxies = []): RequestOrigin {
  const trust = compileTrust(trustedProxies);
  const peerTrusted = (req: IncomingMessage) => {
    const peer = req.socket.remoteAddress;
    return peer !== undefined && trust(peer, 0);
  };
  return {
    client: (req) => clientKey(proxyaddr(req, trust)),
    scheme: (req) => {
      const forwarded = peerTrusted(req) ? String(req.headers['x-forwarded-proto'] ?? '').split(',', 1)[0].trim().toLowerCase() : '';
      return forwarded === 'https' || forwarded === 'http' ? forwarded : 'http';
    },
  };
}

function compileTrust(trustedProxies: TrustedProxies): (address: string, hop: number) => boolean {
  for (const entry of trustedProxies) {
    try {
      proxyaddr.compile(entry);
    } catch {
      throw new Error(`TRUSTED_PROXIES: \`${entry}\` is not an IP address, a CIDR range (10.0.0.0/8) or one of loopback, linklocal, uniquelocal`);
    }
  }
  return proxyaddr.compile([...trustedProxies]);
}

function clientKey(address: string | undefined): string {
  if (!address) return 'unknown';
  try {
    const ip = ipaddr.process(address); // ::ffff:192.0.2.1 is 192.0.2.1
    if (ip.kind() === 'ipv4') return ip.toString();
    return `${(ip as ipaddr.IPv6).toNormalizedString().split(':').slice(0, 4).join(':')}::/64`;
  } catch {
    return address;
  }
}

export type SecretCheck = 'valid' | 'wrong' | 'absent';

/**
 * Checks `Authorization: Bearer <secret>`. Compared as fixed-length hashes with
 * `timingSafeEqual`, so neither the content nor the length leaks through timing.
 */
export function presenterSecret(token: string): (authorization: string | undefined) => SecretCheck {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  const expected = digest(token);
  return (authorization) => {
    if (authorization === undefined || authorization === '') return 'absent';
    const given = /^Bearer (.+)$/.exec(authorization);
    return given && timingSafeEqual(digest(given[1]), expected) ? 'valid' : 'wrong';
  };
}

export interface FailureLimits {
  /** Failed attempts one client may make per window; past that, 429 until the window ends. */
  perClient: number;
  /** Failed attempts all clients together may make per window: bounds guessing from many addresses, and memory. */
  everyone: number;
  windowMs: number;
}

/**
 * Counts failed presenter attempts (a wrong or missing secret). Requests with the right secret
 * never reach it, so no flood of wrong ones can slow the presenter down. Memory: a client is
 * recorded only while `everyone` still has room, so at most `everyone` clients per window.
 */
export function failureLimiter(limits: FailureLimits): { fail(client: string): Promise<number> } {
  const duration = limits.windowMs / 1000;
  const perClient = new RateLimiterMemory({ points: limits.perClient, duration });
  const everyone = new RateLimiterMemory({ points: limits.everyone, duration });
  const waitOf = (rejection: unknown): number => {
    if (rejection instanceof RateLimiterRes) return Math.max(1, rejection.msBeforeNext);
    throw rejection;
  };
  return {
    /** Records a failed attempt by `client`: resolves to 0 (answer 401), or the ms to wait (answer 429). */
    async fail(client) {
      const recorded = await perClient.get(client);
      if (recorded && recorded.consumedPoints >= limits.perClient) return Math.max(1, recorded.msBeforeNext);
      try {
        await everyone.consume('everyone');
        await perClient.consume(client);
        return 0;
      } catch (rejection) {
        return waitOf(rejection);
      }
    },
  };
}

/** Streams open per client, against a cap; an entry lives only while its client holds a stream. */
export function streamCounter(perClient: number): { take(client: string): boolean; release(client: string): void } {
  const open = new Map<string, number>();
  return {
    take(client) {
      const held = open.get(client) ?? 0;
      if (held >= perClient) return false;
      open.set(client, held + 1);
      return true;
    },
    release(client) {
      const held = (open.get(client) ?? 1) - 1;
      if (held > 0) open.set(client, held);
      else open.delete(client);
    },
  };
}
