/**
 * Variants of one deck (in-person and self-paced, say): the manifest's `exclude` names the
 * classes of slides the default variant leaves out, and `variants:` names other variants, each
 * with its own `exclude` list.
 */
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { DiagnosticList } from './diagnostics.js';
import type { ClassRef, Manifest } from './manifest.js';
import type { YamlSource } from './yaml-source.js';

/** `exclude:` as one class or a list of them. */
export function readClassList(node: Node | null | undefined, where: string, yaml: YamlSource): ClassRef[] {
  if (node === undefined || node === null || (isScalar(node) && node.value === null)) return [];
  const items = isSeq(node) ? (node.items as Node[]) : [node];
  const classes: ClassRef[] = [];
  for (const item of items) {
    if (isScalar(item) && (typeof item.value === 'string' || typeof item.value === 'number') && /^[-\w]+$/.test(String(item.value))) {
      classes.push({ name: String(item.value), ...yaml.place(item) });
    } else {
      yaml.diagnostics.error({
        file: yaml.file,
        ...yaml.place(item),
        message: `\`${where}\` must name slide classes, one word each`,
        fix: `write \`${where}: [self-paced]\` or a list of class names`,
      });
    }
  }
  return classes;
}

export function readVariants(node: Node | undefined, yaml: YamlSource): Manifest['variants'] {
  const { file, diagnostics, place } = yaml;
  const variants: Manifest['variants'] = new Map();
  if (node === undefined) return variants;
  if (!isMap(node)) {
    diagnostics.error({
      file,
      ...place(node),
      message: '`variants` must map each variant name to its `exclude` list',
      fix: 'write `variants:` then, indented, `self-paced:` and under it `exclude: [in-person]`',
    });
    return variants;
  }
  for (const pair of node.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as Node | null;
    if (!/^[-\w]+$/.test(name) || !isMap(value) || !value.has('exclude')) {
      diagnostics.error({
        file,
        ...place(pair.key),
        message: `variant \`${name}\` needs a one-word name and an \`exclude\` list`,
        fix: `write \`${name || 'self-paced'}:\` and under it \`exclude: [in-person]\``,
      });
      continue;
    }
    for (const other of (value as YAMLMap).items) {
      const key = isScalar(other.key) ? String(other.key.value) : '';
      if (key === 'exclude') continue;
      diagnostics.warning({ file, ...place(other.key), message: `unknown variant key \`${key}\`; it is ignored`, fix: 'a variant has only `exclude`' });
    }
    variants.set(name, { exclude: readClassList(value.get('exclude', true) as Node, `variants.${name}.exclude`, yaml), ...place(pair.key) });
  }
  return variants;
}

/**
 * The classes a variant leaves out: the manifest's `exclude` for the default variant, the
 * variant's own list otherwise. Reports an unknown variant at the manifest's first line.
 */
export function excludedClasses(manifest: Manifest, variant: string | undefined, diagnostics: DiagnosticList): ClassRef[] {
  if (variant === undefined || variant === '' || variant === 'default') return manifest.exclude;
  const found = manifest.variants.get(variant);
  if (found) return found.exclude;
  const known = [...manifest.variants.keys()];
  diagnostics.error({
    file: manifest.file,
    line: 1,
    column: 1,
    message: `the manifest has no variant \`${variant}\``,
    fix: known.length
      ? `use one of ${known.map((k) => `\`${k}\``).join(', ')}, or leave out --variant for the default`
      : 'add it under `variants:` (e.g. `self-paced: { exclude: [in-person] }`), or leave out --variant',
  });
  return manifest.exclude;
}
