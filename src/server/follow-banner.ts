/**
 * The start-up lines of `npm start` and `npm run dev`: where attendees go (with a QR code for
 * phones) and the presenter's address. Output that is not a terminal ends up in logs (a
 * container's, `npm start > file`), which others read: the secret is printed only when it was
 * made for this run or kept in its file and the output is a terminal (a log names the file
 * instead), and never when the operator chose it (`DECK_PRESENTER_TOKEN`: they know it). This is
 * the only place the secret may be printed.
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

export interface FollowBannerInput extends FollowAddressesInput {
  token: string;
  /** Where the secret came from: `DECK_PRESENTER_TOKEN`, its file, or made for this run. */
  tokenSource: 'env' | 'file' | 'generated';
  /** The file that keeps it (`tokenSource: 'file'`). */
  secretFile?: string;
  /** Whether the banner goes to a terminal (`process.stdout.isTTY`). */
  terminal: boolean;
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
 * The lines to print: `Attendees: <url>`, on a terminal a QR code of it, and `Presenter: <url>`,
 * with the secret only when it may be shown.
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
  if (input.tokenSource === 'env') {
    lines.push(`  Presenter: ${presenter}#presenter=<your DECK_PRESENTER_TOKEN>`);
  } else if (input.tokenSource === 'file' && input.terminal) {
    lines.push(`  Presenter: ${presenter}#presenter=${encodeURIComponent(input.token)}`);
    lines.push('             (keep this one to yourself: it moves everyone’s slides; it stays valid across restarts,');
    lines.push(`             kept in ${input.secretFile}; npm start -- --new-secret makes a new one)`);
  } else if (input.tokenSource === 'file') {
    lines.push(`  Presenter: ${presenter}#presenter=<the secret kept in ${input.secretFile}>`);
    lines.push('             (not printed: this output is not a terminal; npm start -- --new-secret makes a new one)');
  } else if (input.terminal) {
    lines.push(`  Presenter: ${presenter}#presenter=${encodeURIComponent(input.token)}`);
    lines.push('             (keep this one to yourself: it moves everyone’s slides)');
  } else {
    lines.push(`  Presenter: ${presenter}#presenter=<secret not shown: this output is not a terminal>`);
    lines.push('             (to present: set DECK_PRESENTER_TOKEN to a secret of your own and restart, or start in a terminal)');
  }
  return lines.join('\n');
}
