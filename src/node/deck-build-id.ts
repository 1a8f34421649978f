import { createHash } from 'node:crypto';

/** Identifies a build by its remark source, which fixes the slide numbering followers rely on. */
export function deckBuildId(source: string | undefined): string {
  return createHash('sha256').update(source ?? '').digest('hex').slice(0, 16);
}
