/**
 * The Kubernetes manifests on a chapter's slides: every YAML code block (written inline or
 * included) is checked with validate.ts, document by document, each finding at the file, line
 * and column it concerns, in the chapter or in the included file. A slide opts its blocks out
 * with the property `kubernetes-check: off` (a deliberately broken example); its `--` steps
 * inherit it. A region or a range of lines of an included file is a partial view of a manifest,
 * not checked (include the whole file somewhere to check it).
 */
import type { CodeBlock } from '../code-blocks.js';
import type { At, DiagnosticList } from '../diagnostics.js';
import { resolveLanguage } from '../languages.js';
import type { ParsedSlide } from '../slide-parser.js';
import { checkKubernetesText } from './validate.js';

export const optOutProperty = 'kubernetes-check';

export function checkKubernetesBlocks(
  text: string,
  blocks: readonly CodeBlock[],
  parsed: readonly ParsedSlide[],
  at: At,
  diagnostics: DiagnosticList,
  isPartialInclude: (offset: number) => boolean = () => false,
): void {
  const yaml = blocks.filter((b) => b.language && resolveLanguage(b.language) === 'yaml' && !isPartialInclude(b.bodyStart));
  if (yaml.length === 0) return;
  const setting: Array<string | undefined> = [];
  parsed.forEach((slide, i) => {
    const property = slide.properties.find((p) => p.key === optOutProperty);
    setting[i] = property ? property.value.toLowerCase() : slide.opener?.kind === '--' && i > 0 ? setting[i - 1] : undefined;
    if (property && property.value.toLowerCase() !== 'off' && property.value.toLowerCase() !== 'on') {
      diagnostics.warning({
        ...at(property.offset),
        message: `\`${optOutProperty}: ${property.value}\` is not a setting: the slide's Kubernetes YAML is checked`,
        fix: `write \`${optOutProperty}: off\` to leave its YAML unchecked (a deliberately broken example)`,
      });
    }
  });
  for (const block of yaml) {
    if (setting[block.slide] === 'off') continue;
    for (const finding of checkKubernetesText(text.slice(block.bodyStart, block.bodyEnd))) {
      diagnostics.error({ ...at(block.bodyStart + finding.offset), message: finding.message, fix: `${finding.fix}; or, for a deliberately broken example, give the slide \`${optOutProperty}: off\`` });
    }
  }
}
