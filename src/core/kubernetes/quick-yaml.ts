/**
 * A quick reader for the YAML most manifests on slides are written in, so that a clean manifest
 * does not pay for `yaml`'s full parse (in a cold process that was about 7 million instructions
 * a Deployment, most of a big deck's lint). It reads block mappings and sequences indented with
 * spaces, one-line flow collections, plain scalars and quoted ones without escapes, and
 * comments; scalars are typed by `yaml`'s own YAML 1.1 tags. For anything else (anchors, tags,
 * block or multi-line scalars, escapes, odd indentation, duplicate keys, non-ASCII text...) it
 * answers `undefined` and the caller asks `yaml` itself. What it does read, it reads as `yaml`
 * does (tests/unit/kubernetes-quick-yaml.test.ts compares the two on generated manifests).
 */
import { Document, isScalar, type ScalarTag } from 'yaml';

export type QuickNode = QuickMap | QuickSeq | QuickScalar;
/** A mapping's keys and values, in order (arrays: cheaper to make and walk than a Map in a cold process). */
export interface QuickMap {
  readonly kind: 'map';
  readonly keys: string[];
  readonly values: QuickNode[];
}
export interface QuickSeq {
  readonly kind: 'seq';
  readonly items: QuickNode[];
}
export interface QuickScalar {
  readonly kind: 'scalar';
  readonly value: string | number | boolean | null;
}

/** A plain scalar's value as `yaml` reads it in YAML 1.1, or `undefined` when this reader does not model it. */
export type PlainScalars = (source: string, atKey: boolean) => QuickScalar | undefined;

let madeOnce: PlainScalars | undefined;

/**
 * Plain scalars typed as `yaml`'s composer types them (compose-scalar.js: the first default tag
 * whose test matches, with the document's YAML 1.1 schema), keeping only strings, null, booleans
 * and numbers; a time (`1:20`), a date, a merge key (`<<`) is left to `yaml`. Made on first use
 * and then a constant, as the schema bundle is (schema.ts): the same for every text and build.
 */
export function yaml11PlainScalars(): PlainScalars {
  madeOnce ??= makePlainScalars();
  return madeOnce;
}

function makePlainScalars(): PlainScalars {
  // Only scalar tags have a test.
  const tags = new Document(null, { version: '1.1' }).schema.tags.filter((tag): tag is ScalarTag => Boolean((tag as ScalarTag).test));
  const tested = (atKey: boolean) => tags.filter((tag) => tag.default === true || (atKey && tag.default === 'key'));
  const forValues = tested(false);
  const forKeys = tested(true);
  // One expression for "is it anything but a string?", the usual answer being no.
  const union = (list: typeof tags) => new RegExp(list.map((tag) => `(?:${(tag.test as RegExp).source})`).join('|'));
  const anyForValues = union(forValues);
  const anyForKeys = union(forKeys);
  const options = { intAsBigInt: false };
  return (source, atKey) => {
    if (!(atKey ? anyForKeys : anyForValues).test(source)) return { kind: 'scalar', value: source };
    if (atKey) return undefined;
    const tag = forValues.find((t) => (t.test as RegExp).test(source));
    if (!tag || tag.format === 'TIME' || !/:(?:null|bool|int|float)$/.test(tag.tag)) return undefined;
    let failed = false;
    const resolved: unknown = tag.resolve(source, () => (failed = true), options as never);
    const value = isScalar(resolved) ? resolved.value : resolved;
    if (failed || !(value === null || typeof value === 'boolean' || typeof value === 'number')) return undefined;
    return { kind: 'scalar', value };
  };
}

const nullScalar: QuickScalar = { kind: 'scalar', value: null };
/** A block mapping's key, then `:` and a space or the line's end. */
const blockKey = /^([A-Za-z0-9_][A-Za-z0-9_./-]{0,99}):(?: |$)/;
/** Characters that start something other than a plain scalar (or one this reader leaves to `yaml`). */
const notPlainStart = /^[-?:,[\]{}#&*!|>'"%@`]/;

class NotQuick extends Error {}
const give = (): never => {
  throw new NotQuick();
};

interface Line {
  readonly indent: number;
  /** The line without its indentation. */
  readonly text: string;
}

/** The text's documents (`null` for an empty one), or `undefined` when it is not YAML this reader knows. */
export function readQuickYaml(text: string, scalars: PlainScalars): Array<QuickNode | null> | undefined {
  // Printable ASCII and newlines only: no tabs, no other line breaks `yaml` knows of.
  if (/[^\n\x20-\x7e]/.test(text)) return undefined;
  try {
    const documents: Array<QuickNode | null> = [];
    let lines: Line[] = [];
    for (const raw of text.split('\n')) {
      if (raw === '---') {
        documents.push(readDocument(lines, scalars));
        lines = [];
        continue;
      }
      if (raw.startsWith('---') || raw.startsWith('...')) return undefined;
      const indent = raw.length - raw.trimStart().length;
      const rest = raw.slice(indent).trimEnd();
      if (rest !== '' && rest[0] !== '#') lines.push({ indent, text: rest });
    }
    documents.push(readDocument(lines, scalars));
    return documents;
  } catch (error) {
    if (error instanceof NotQuick) return undefined;
    throw error;
  }
}

function readDocument(lines: readonly Line[], scalars: PlainScalars): QuickNode | null {
  if (lines.length === 0) return null;
  const reader = new BlockReader(lines, scalars);
  const root = reader.block(lines[0].indent);
  if (reader.at < lines.length) give();
  return root;
}

class BlockReader {
  at = 0;

  constructor(private readonly lines: readonly Line[], private readonly scalars: PlainScalars) {}

  /** The node whose first line is the next one, at `indent`. */
  block(indent: number): QuickNode {
    const line = this.lines[this.at];
    if (line.indent !== indent) give();
    return isItem(line.text) ? this.sequence(indent) : this.mapping(indent);
  }

  /** The value of a key or an item that ends its line: what is indented under it, else null. */
  private nested(indent: number, sequenceAlongside: boolean): QuickNode {
    const next = this.lines[this.at];
    if (!next || next.indent < indent) return nullScalar;
    if (next.indent > indent) return this.block(next.indent);
    // `key:` then `- item` lines at the key's own indentation.
    return sequenceAlongside && isItem(next.text) ? this.sequence(indent) : nullScalar;
  }

  /** A value written after `key: ` or `- ` (a line indented under it is refused by the loop that reads the next). */
  private inline(text: string): QuickNode {
    return new FlowReader(text, this.scalars).whole();
  }

  /** A block mapping at `indent`; `first` is the text of its first line when it follows `- `. */
  mapping(indent: number, first?: string): QuickMap {
    const map: QuickMap = { kind: 'map', keys: [], values: [] };
    for (let text = first; ; text = undefined) {
      if (text === undefined) {
        const line = this.lines[this.at];
        if (!line || line.indent < indent) break;
        if (line.indent > indent || isItem(line.text)) give();
        text = line.text;
        this.at++;
      }
      const match = blockKey.exec(text) ?? give();
      const key = match[1];
      if (map.keys.includes(key) || this.scalars(key, true) === undefined) give();
      const rest = text.slice(match[0].length).trimStart();
      map.keys.push(key);
      map.values.push(rest === '' || rest[0] === '#' ? this.nested(indent, true) : this.inline(rest));
    }
    return map;
  }

  sequence(indent: number): QuickSeq {
    const items: QuickNode[] = [];
    for (;;) {
      const line = this.lines[this.at];
      if (!line || line.indent < indent || !isItem(line.text)) break;
      if (line.indent > indent) give();
      this.at++;
      const rest = line.text.slice(1).trimStart();
      const column = indent + line.text.length - rest.length;
      if (rest === '' || rest[0] === '#') items.push(this.nested(indent, false));
      else if (isItem(rest)) give();
      else if (blockKey.test(rest)) items.push(this.mapping(column, rest));
      else items.push(this.inline(rest));
    }
    return { kind: 'seq', items };
  }
}

const isItem = (text: string) => text === '-' || text.startsWith('- ');

/** The value of `key` in a mapping, if it has the key. */
export function valueOf(map: QuickMap, key: string): QuickNode | undefined {
  const i = map.keys.indexOf(key);
  return i < 0 ? undefined : map.values[i];
}

/** A value on one line: a flow collection, a quoted or a plain scalar, then maybe a comment. */
class FlowReader {
  private at = 0;
  /** A flow mapping's key, then `: `. */
  private readonly key = /[A-Za-z0-9_][A-Za-z0-9_./-]{0,99}(?=: )/y;

  constructor(private readonly text: string, private readonly scalars: PlainScalars) {}

  whole(): QuickNode {
    const c = this.text[0];
    let node: QuickNode;
    if (c === '{' || c === '[' || c === '"' || c === "'") {
      node = this.value(false);
      const rest = this.text.slice(this.at);
      if (rest.trim() !== '' && !/^ +#/.test(rest)) give();
    } else {
      // A plain scalar runs to the line's end or a comment; `: ` in it is a mapping `yaml` refuses here.
      const comment = this.text.indexOf(' #');
      const source = (comment < 0 ? this.text : this.text.slice(0, comment)).trimEnd();
      if (source.includes(': ') || source.endsWith(':')) give();
      node = this.plain(source);
    }
    return node;
  }

  private plain(source: string): QuickScalar {
    if (source === '' || notPlainStart.test(source)) give();
    return this.scalars(source, false) ?? give();
  }

  private value(inFlow: boolean): QuickNode {
    const c = this.text[this.at];
    if (c === '{') return this.flowMapping();
    if (c === '[') return this.flowSequence();
    if (c === '"' || c === "'") return this.quoted(c);
    if (!inFlow) give();
    // Up to the next flow indicator (`,`, `]`, `}`); `:`, `#`, `[` or `{` inside are left to `yaml`.
    let end = this.at;
    for (; end < this.text.length; end++) {
      const c = this.text.charCodeAt(end);
      if (c === 44 || c === 93 || c === 125) break;
      if (c === 58 || c === 35 || c === 91 || c === 123) give();
    }
    const node = this.plain(this.text.slice(this.at, end).trimEnd());
    this.at = end;
    return node;
  }

  private quoted(quote: string): QuickScalar {
    const close = this.text.indexOf(quote, this.at + 1);
    if (close < 0) give();
    const value = this.text.slice(this.at + 1, close);
    // Escapes (`\"`, `''`) are `yaml`'s.
    if ((quote === '"' && value.includes('\\')) || this.text[close + 1] === quote) give();
    this.at = close + 1;
    return { kind: 'scalar', value };
  }

  private spaces(): void {
    while (this.text[this.at] === ' ') this.at++;
  }

  /** After an entry: `,` and another (a trailing comma is left to `yaml`: no entry reads as empty), or the closing bracket. */
  private more(closing: string): boolean {
    this.spaces();
    const c = this.text[this.at++];
    if (c === closing) return false;
    if (c !== ',') give();
    this.spaces();
    return true;
  }

  private flowMapping(): QuickMap {
    const map: QuickMap = { kind: 'map', keys: [], values: [] };
    this.at++;
    this.spaces();
    if (this.text[this.at] === '}') {
      this.at++;
      return map;
    }
    do {
      this.key.lastIndex = this.at;
      const key = this.key.exec(this.text)?.[0] ?? give();
      if (map.keys.includes(key) || this.scalars(key, true) === undefined) give();
      this.at += key.length + 2;
      this.spaces();
      map.keys.push(key);
      map.values.push(this.value(true));
    } while (this.more('}'));
    return map;
  }

  private flowSequence(): QuickSeq {
    const items: QuickNode[] = [];
    this.at++;
    this.spaces();
    if (this.text[this.at] === ']') {
      this.at++;
      return { kind: 'seq', items };
    }
    do items.push(this.value(true));
    while (this.more(']'));
    return { kind: 'seq', items };
  }
}
