/**
 * The start-up lines of `npm start` and `npm run dev`: where attendees go (with a QR code for
 * phones), the presenter's address and the helpers'. Output that is not a terminal ends up in
 * logs (a container's, `npm start > file`), which others read: a secret is printed only when it
 * was made for this run and the output is a terminal, and never when the operator chose it
 * (`DECK_PRESENTER_TOKEN`, `DECK_HELPER_TOKEN`: they know it). This is the only place the
 * secrets may be printed.
 */
import { networkInterfaces } from 'node:os';

export interface FollowAddressesInput {
  port: number;
  /** The address listened on; all interfaces when `0.0.0.0`, `::` or empty. */
  host: string;
}

export interface FollowBannerInput extends FollowAddressesInput {
  token: string;
  /** Where the secret came from: `DECK_PRESENTER_TOKEN`, or made for this run. */
  tokenSource: 'env' | 'generated';
  /** Whether the banner goes to a terminal (`process.stdout.isTTY`). */
  terminal: boolean;
  /** The helpers' secret and where it came from; no `Helpers:` line without it. */
  helper?: { token: string; tokenSource: 'env' | 'generated' };
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

/** The attendees' addresses, and the presenter's without its secret. */
export function followAddresses({ port, host }: FollowAddressesInput): { attendees: string; others: string[]; presenter: string } {
  const everywhere = host === '' || host === '0.0.0.0' || host === '::' || host === 'true';
  const hosts = everywhere ? lanAddresses() : [host === 'localhost' ? '127.0.0.1' : host];
  const urls = hosts.map((h) => `http://${h.includes(':') ? `[${h}]` : h}:${port}/`);
  const attendees = urls[0] ?? `http://localhost:${port}/`;
  const presenterHost = everywhere || /^(127\.|localhost$|::1$)/.test(host) ? 'localhost' : hosts[0];
  return {
    attendees,
    others: urls.slice(1),
    presenter: `http://${presenterHost}:${port}/`,
  };
}

/** The lines to print: `Attendees: <url>`, a QR code of it, `Presenter: <url>` and `Helpers: <url>`, with secrets only when they may be shown. */
export async function followBanner(input: FollowBannerInput): Promise<string> {
  const { attendees, others, presenter } = followAddresses(input);
  // Loaded here, after the server listens: start-up does not wait for the QR code library.
  const { default: QRCode } = await import('qrcode');
  const qr = await QRCode.toString(attendees, { type: 'terminal', small: true });
  const lines = [`  Attendees: ${attendees}`];
  if (others.length > 0) lines.push(`             (also ${others.join(', ')})`);
  lines.push(qr.replace(/^/gm, '  ').trimEnd());
  const secret = (label: string, url: string, token: string, source: 'env' | 'generated', variable: string, warning: string) => {
    const at = `  ${label}: ${url}`;
    if (source === 'env') return [`${at}<your ${variable}>`];
    if (input.terminal) return [`${at}${encodeURIComponent(token)}`, `             (${warning})`];
    return [
      `${at}<secret not shown: this output is not a terminal>`,
      `             (to ${label === 'Presenter' ? 'present' : 'let helpers in'}: set ${variable} to a secret of your own and restart, or start in a terminal)`,
    ];
  };
  lines.push(...secret('Presenter', `${presenter}#presenter=`, input.token, input.tokenSource, 'DECK_PRESENTER_TOKEN', 'keep this one to yourself: it moves everyone’s slides'));
  // Helpers open it on their phones, on the venue's network: the attendees' address, not localhost.
  if (input.helper) lines.push(...secret('Helpers', `${attendees}#helper=`, input.helper.token, input.helper.tokenSource, 'DECK_HELPER_TOKEN', 'for the helpers’ phones: their help queue, which shows names'));
  return lines.join('\n');
}
