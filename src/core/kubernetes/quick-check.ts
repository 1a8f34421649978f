/**
 * Whether every manifest in a text is clean, for manifests quick-yaml.ts can read: the question
 * validate.ts answers with no finding, asked without making findings. Each test mirrors one of
 * validate.ts's, in the same order. `false` means "ask validate.ts" (there is a finding, or
 * something this does not model); it never answers `true` where validate.ts would find something.
 */
import { groupOf, isBuiltInGroup } from './api-versions.js';
import { readQuickYaml, valueOf, type PlainScalars, type QuickMap, type QuickNode } from './quick-yaml.js';
import { fitsScalarType, type ObjectType, type SchemaBundle, type TypeExpression } from './schema.js';

export function quicklyClean(text: string, bundle: () => SchemaBundle, scalars: PlainScalars): boolean {
  const documents = readQuickYaml(text, scalars);
  return documents !== undefined && documents.every((root) => !isManifest(root) || cleanObject(root, bundle()));
}

/** A document (or a `List`'s item) validate.ts checks: a mapping with `apiVersion` and `kind`. */
const isManifest = (node: QuickNode | null | undefined): node is QuickMap => node?.kind === 'map' && node.keys.includes('apiVersion') && node.keys.includes('kind');

const scalarText = (node: QuickNode | undefined) => (node?.kind === 'scalar' ? String(node.value ?? '') : '');

/** validate.ts's `checkObject`. */
function cleanObject(root: QuickMap, bundle: SchemaBundle): boolean {
  const apiVersion = scalarText(valueOf(root, 'apiVersion'));
  const kind = scalarText(valueOf(root, 'kind'));
  if (apiVersion === 'v1' && kind === 'List') {
    const items = valueOf(root, 'items');
    return items?.kind !== 'seq' || items.items.every((item) => !isManifest(item) || cleanObject(item, bundle));
  }
  if (apiVersion === 'v1' && kind === 'Config') return true;
  // An inherited name (`constructor`) is validate.ts's to deal with.
  if (apiVersion in bundle.kinds && !Object.hasOwn(bundle.kinds, apiVersion)) return false;
  const kinds = Object.hasOwn(bundle.kinds, apiVersion) ? bundle.kinds[apiVersion] : undefined;
  if (kinds?.includes(kind)) return cleanValue(root, `@${apiVersion}/${kind}`, bundle) && isNamed(root, kind);
  // Another version's kind, an unknown one or a removed API (whose group is Kubernetes' own): a
  // finding. Other groups' kinds are not judged.
  return !kinds && !isBuiltInGroup(groupOf(apiVersion), bundle);
}

/** validate.ts's `checkName`. */
function isNamed(root: QuickMap, kind: string): boolean {
  if (kind.endsWith('List') || kind.endsWith('Review') || kind === 'Eviction' || kind === 'TokenRequest') return true;
  const metadata = valueOf(root, 'metadata');
  return metadata?.kind === 'map' && (metadata.keys.includes('name') || metadata.keys.includes('generateName'));
}

/** validate.ts's `checkValue`. */
function cleanValue(node: QuickNode, type: TypeExpression, bundle: SchemaBundle): boolean {
  if (type === '*' || (node.kind === 'scalar' && node.value === null)) return true;
  if (type.startsWith('[')) {
    const itemType = type.slice(1, -1);
    return node.kind === 'seq' && node.items.every((item) => cleanValue(item, itemType, bundle));
  }
  if (type.startsWith('{')) {
    if (node.kind !== 'map') return false;
    const valueType = type.slice(1, -1);
    return node.values.every((value) => cleanValue(value, valueType, bundle));
  }
  if (type.startsWith('@')) return node.kind === 'map' && cleanFields(node, bundle.types[type.slice(1)], bundle);
  return node.kind === 'scalar' && fitsScalarType(node.value, type);
}

/** validate.ts's `checkFields`. */
function cleanFields(map: QuickMap, type: ObjectType | undefined, bundle: SchemaBundle): boolean {
  if (!type) return false;
  for (let i = 0; i < map.keys.length; i++) {
    // Field types are strings: anything else is a name inherited from Object (`constructor`), not a field.
    const fieldType: unknown = type.p[map.keys[i]];
    if (typeof fieldType !== 'string' || !cleanValue(map.values[i], fieldType, bundle)) return false;
  }
  for (const required of type.r ?? []) {
    const value = valueOf(map, required);
    if (!value || (value.kind === 'scalar' && value.value === null)) return false;
  }
  return true;
}
