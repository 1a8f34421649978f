/**
 * The start-up lines of `npm start` and `npm run dev`: where attendees go (with a QR code for
 * phones) and the presenter's address, which carries the secret in its fragment so that it never
 * reaches a server log. This is the only place the secret is printed.
 */
import { networkInterfaces } from 'node:os';
import QRCode from 'qrcode';

export interface FollowAddressesInput {
  port: number;
  /** The address listened on; all interfaces when `0.0.0.0`, `::` or empty. */
  host: string;
  token: string;
}

/** LAN IPv4 addresses of this machine, first the likely venue network (private ranges). */
export function lanAddresses(): string[] {
  const all = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && a.family === 'IPv4' && !a.internal)
    .map((a) => a!.address);
  const isPrivate = (ip: string) => /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(ip);
  return [...all.filter(isPrivate), ...all.filter((ip) => !isPrivate(ip))];
}

export function followAddresses({ port, host, token }: FollowAddressesInput): { attendees: string; others: string[]; presenter: string } {
  const everywhere = host === '' || host === '0.0.0.0' || host === '::' || host === 'true';
  const hosts = everywhere ? lanAddresses() : [host === 'localhost' ? '127.0.0.1' : host];
  const urls = hosts.map((h) => `http://${h.includes(':') ? `[${h}]` : h}:${port}/`);
  const attendees = urls[0] ?? `http://localhost:${port}/`;
  const presenterHost = everywhere || /^(127\.|localhost$|::1$)/.test(host) ? 'localhost' : hosts[0];
  return {
    attendees,
    others: urls.slice(1),
    presenter: `http://${presenterHost}:${port}/#presenter=${encodeURIComponent(token)}`,
  };
}

/** The lines to print: `Attendees: <url>`, a QR code of it, and `Presenter: <url with secret>`. */
export async function followBanner(input: FollowAddressesInput): Promise<string> {
  const { attendees, others, presenter } = followAddresses(input);
  const qr = await QRCode.toString(attendees, { type: 'terminal', small: true });
  const lines = [`  Attendees: ${attendees}`];
  if (others.length > 0) lines.push(`             (also ${others.join(', ')})`);
  lines.push(qr.replace(/^/gm, '  ').trimEnd());
  lines.push(`  Presenter: ${presenter}`);
  lines.push('             (keep this one to yourself: it moves everyone’s slides)');
  return lines.join('\n');
}

/** `DECK_PRESENTER_TOKEN`, checked, or `undefined` to make a fresh one. */
export function presenterTokenFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const token = env.DECK_PRESENTER_TOKEN;
  if (token === undefined || token === '') return undefined;
  if (/\s/.test(token)) throw new Error('DECK_PRESENTER_TOKEN must not contain spaces: pick a longer random word, or unset it for a fresh secret');
  if (token.length < 12) throw new Error('DECK_PRESENTER_TOKEN is too short to be a secret: use 12 characters or more, or unset it for a fresh secret');
  return token;
}
