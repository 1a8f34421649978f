/**
 * The start-up lines of `npm start` and `npm run dev`: where attendees go (with a QR code for
 * phones), the presenter's address and the helpers'. Output that is not a terminal ends up in
 * logs (a container's, `npm start > file`), which others read: a secret is printed only when it
 * was made for this run or kept in its file and the output is a terminal (a log names the file
 * instead), and never when the operator chose it (`DECK_PRESENTER_TOKEN`, `DECK_HELPER_TOKEN`:
 * they know it). This is the only place the secrets may be printed.
 * Logs get plain text: no terminal QR code (a line of escape codes there), no colour.
 */
import { networkInterfaces } from 'node:os';

export interface FollowAddressesInput {
  port: number;
  /** The address listened on; all interfaces when `0.0.0.0`, `::` or empty. */
  host: string;
  /**
   * The address attendees reach the deck at when it is not this machine's (`DECK_PUBLIC_URL`:
   * behind a reverse proxy, a DNS name, a base path): then the only one printed.
   */
  publicUrl?: string;
}

/** A secret, where it came from (its variable, its file, or made for this run) and the file that keeps it. */
export interface SecretSource {
  token: string;
  tokenSource: 'env' | 'file' | 'generated';
  /** The file that keeps it (`tokenSource: 'file'`). */
  secretFile?: string;
}

export interface FollowBannerInput extends FollowAddressesInput, SecretSource {
  /** Whether the banner goes to a terminal (`process.stdout.isTTY`). */
  terminal: boolean;
  /** The helpers' secret and where it came from; no `Helpers:` line without it. */
  helper?: SecretSource;
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
export function followAddresses({ port, host, publicUrl }: FollowAddressesInput): { attendees: string; others: string[]; presenter: string } {
  if (publicUrl) return { attendees: publicUrl, others: [], presenter: publicUrl };
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

/**
 * The lines to print: `Attendees: <url>`, on a terminal a QR code of it, `Presenter: <url>` and
 * `Helpers: <url>`, with secrets only when they may be shown.
 */
export async function followBanner(input: FollowBannerInput): Promise<string> {
  const { attendees, others, presenter } = followAddresses(input);
  const lines = [`  Attendees: ${attendees}`];
  if (others.length > 0) lines.push(`             (also ${others.join(', ')})`);
  if (input.terminal) {
    // Loaded here, after the server listens: start-up does not wait for the QR code library.
    const { default: QRCode } = await import('qrcode');
    const qr = await QRCode.toString(attendees, { type: 'terminal', small: true });
    lines.push(qr.replace(/^/gm, '  ').trimEnd());
  } else {
    lines.push('             (its QR code is on the deck’s title slide, and full screen with J)');
  }
  const secret = (label: string, url: string, who: SecretSource, variable: string, warning: string) => {
    const at = `  ${label}: ${url}`;
    if (who.tokenSource === 'env') return [`${at}<your ${variable}>`];
    if (who.tokenSource === 'file' && input.terminal) {
      return [`${at}${encodeURIComponent(who.token)}`, `             (${warning}; it stays valid across restarts,`, `             kept in ${who.secretFile}; npm start -- --new-secret makes a new one)`];
    }
    if (who.tokenSource === 'file') {
      return [`${at}<the secret kept in ${who.secretFile}>`, '             (not printed: this output is not a terminal; npm start -- --new-secret makes a new one)'];
    }
    if (input.terminal) return [`${at}${encodeURIComponent(who.token)}`, `             (${warning})`];
    return [
      `${at}<secret not shown: this output is not a terminal>`,
      `             (to ${label === 'Presenter' ? 'present' : 'let helpers in'}: set ${variable} to a secret of your own and restart, or start in a terminal)`,
    ];
  };
  lines.push(...secret('Presenter', `${presenter}#presenter=`, input, 'DECK_PRESENTER_TOKEN', 'keep this one to yourself: it moves everyone’s slides'));
  // Helpers open it on their phones, on the venue's network: the attendees' address, not localhost.
  if (input.helper) lines.push(...secret('Helpers', `${attendees}#helper=`, input.helper, 'DECK_HELPER_TOKEN', 'for the helpers’ phones: their help queue, which shows names'));
  return lines.join('\n');
}
