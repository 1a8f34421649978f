/**
 * Raw HTML and links that run script. remark passes a slide's HTML through as it is written,
 * so `<img onerror>`, `<svg onload>`, `<script>` and `javascript:` links run in every browser
 * that shows the slide wherever no Content-Security-Policy stops them (the dev server, any
 * plain static host), and a `javascript:` link would go into the PDF. Lint warns at each.
 */
import type { At, DiagnosticList } from './diagnostics.js';
import { htmlTags } from './html-tags.js';
import { findInlineLinks } from './inline-scan.js';
import { maskCode } from './markdown-scan.js';
import type { Token } from './remark-lexer.js';
import type { ParsedSlide } from './slide-parser.js';

export interface RawHtmlRisk {
  /** Offset in the text scanned. */
  offset: number;
  message: string;
  fix: string;
}

const unsafeSchemes = ['javascript:', 'vbscript:', 'data:text/html'];

/**
 * The script-running scheme a URL starts with, as a browser reads it: leading spaces and
 * control characters dropped, tabs and newlines ignored anywhere, any letter case; in HTML
 * attributes, character references decoded first (`&#106;avascript:`).
 */
export function unsafeUrlScheme(url: string, inHtmlAttribute = false): string | undefined {
  const decoded = inHtmlAttribute ? decodeCharacterReferences(url) : url;
  const normal = decoded.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '').toLowerCase();
  return unsafeSchemes.find((scheme) => normal.startsWith(scheme));
}

const namedReferences: Record<string, string> = { colon: ':', tab: '\t', newline: '\n', sol: '/', lpar: '(', rpar: ')', amp: '&', period: '.' };

function decodeCharacterReferences(value: string): string {
  return value.replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]{2,8}));?/gi, (whole, dec, hex, name) => {
    if (dec || hex) {
      const code = dec ? Number(dec) : parseInt(hex, 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return namedReferences[(name as string).toLowerCase()] ?? whole;
  });
}

/** Elements that run script or embed another document or plugin in the slide. */
const embedding = new Set(['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet']);
/** Attributes a browser follows or loads as a URL. */
const urlAttributes = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'srcdoc']);

const removeIt = 'remove it: a slide cannot run script safely (a Markdown link or image does what is needed)';

/** What in a slide's text (code masked out) runs script or loads another page, by offset. */
export function findRawHtmlRisks(masked: string): RawHtmlRisk[] {
  const risks: RawHtmlRisk[] = [];
  for (const tag of htmlTags(masked)) {
    if (embedding.has(tag.name)) {
      risks.push({
        offset: tag.start,
        message: tag.name === 'script'
          ? '`<script>` in a slide runs in every browser that shows it, on the dev server and any static host without `npm start`\'s security policy'
          : `\`<${tag.name}>\` embeds another page or plugin in the slide, which may run script and fails offline`,
        fix: tag.name === 'script' ? removeIt : 'link to it instead, or show a screenshot',
      });
    }
    if (tag.name.includes(':') && unsafeUrlScheme(tag.name)) {
      risks.push({ offset: tag.start, message: `\`<${tag.name}...>\` is a link that runs script when clicked`, fix: 'link to a page (`https://...`) instead' });
    }
    for (const attribute of tag.attributes) {
      if (/^on[a-z]+$/.test(attribute.name)) {
        risks.push({
          offset: attribute.nameAt,
          message: `\`${attribute.name}=\` on \`<${tag.name}>\` is an event handler: it runs script in every browser that shows the slide, wherever no security policy stops it`,
          fix: `remove the \`${attribute.name}\` attribute; ${removeIt.slice('remove it: '.length)}`,
        });
      } else if (attribute.value !== undefined && urlAttributes.has(attribute.name)) {
        const scheme = unsafeUrlScheme(attribute.value, true);
        if (scheme) {
          risks.push({
            offset: attribute.valueAt as number,
            message: `\`${attribute.name}\` with a \`${scheme}\` URL on \`<${tag.name}>\` runs script when it is followed or loaded`,
            fix: 'point it at a page or a file of the deck (`https://...`, `images/...`) instead',
          });
        }
      }
    }
    if (tag.name === 'meta' && tag.attributes.some((a) => a.name === 'http-equiv' && a.value?.trim().toLowerCase() === 'refresh')) {
      risks.push({ offset: tag.start, message: '`<meta http-equiv=refresh>` sends every attendee\'s page to another address', fix: 'remove it; link to the page instead' });
    }
  }
  for (const link of findInlineLinks(masked)) {
    const scheme = unsafeUrlScheme(link.href);
    if (scheme) risks.push(linkRisk(link.hrefAt, scheme, link.image ? 'an image' : 'a link'));
  }
  return risks.sort((a, b) => a.offset - b.offset);
}

/** A Markdown link or image, or a link definition, to a URL that runs script. */
export function linkRisk(offset: number, scheme: string, what: string): RawHtmlRisk {
  return {
    offset,
    message: `${what} to a \`${scheme}\` URL runs script when it is followed (and would be a script action in the PDF)`,
    fix: 'link to a page (`https://...`) instead',
  };
}

/**
 * Warns at each risk of a file's slides: their content and the notes remark keeps (the
 * presenter view renders them), and link definitions, which remark hands to every link.
 */
export function checkRawHtml(text: string, parsed: ParsedSlide[], at: At, diagnostics: DiagnosticList): void {
  for (const slide of parsed) {
    const contentEnd = slide.notes ? slide.notes.offset : slide.end;
    const ranges: Array<[number, number, Token[]]> = [[slide.start, contentEnd, slide.content]];
    if (slide.notes) ranges.push([slide.notes.offset + 3, slide.end, slide.notes.tokens]);
    for (const [start, end, tokens] of ranges) {
      // Most slides have neither a tag nor a link: nothing to mask and scan.
      const written = text.slice(start, end);
      if (!written.includes('<') && !written.includes('](') && !tokens.some((t) => t.type === 'def')) continue;
      for (const risk of findRawHtmlRisks(maskCode(text, start, end, tokens))) diagnostics.warning({ ...at(start + risk.offset), message: risk.message, fix: risk.fix });
      for (const token of tokens) {
        const scheme = token.type === 'def' ? unsafeUrlScheme(token.href) : undefined;
        if (scheme && token.type === 'def') {
          const risk = linkRisk(text.indexOf(token.href, token.start), scheme, `link definition \`[${token.id}]\``);
          diagnostics.warning({ ...at(risk.offset), message: risk.message, fix: risk.fix });
        }
      }
    }
  }
}
