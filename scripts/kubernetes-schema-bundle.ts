/**
 * Builds the compact schema bundle of scripts/generate-kubernetes-schemas.ts from the installed
 * `kubernetes-models`. Type expressions, as src/core/kubernetes/schema.ts reads them:
 *   s string · i integer · n number · b boolean · x integer or string · q quantity (number or
 *   string) · * anything · e:A|B an enum · [T] a list · {T} a map · @id an object type
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

/** The Kubernetes release kubernetes-models' declarations describe (see its newest fields). */
const kubernetesRelease = '1.33';

/** Stable API group versions: what a cluster serves by default (new beta APIs are off since 1.24). */
export const servedGroupVersions = [
  'v1', 'admissionregistration.k8s.io/v1', 'apiextensions.k8s.io/v1', 'apiregistration.k8s.io/v1', 'apps/v1',
  'authentication.k8s.io/v1', 'authorization.k8s.io/v1', 'autoscaling/v1', 'autoscaling/v2', 'batch/v1',
  'certificates.k8s.io/v1', 'coordination.k8s.io/v1', 'discovery.k8s.io/v1', 'events.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1', 'networking.k8s.io/v1', 'node.k8s.io/v1', 'policy/v1',
  'rbac.authorization.k8s.io/v1', 'scheduling.k8s.io/v1', 'storage.k8s.io/v1',
];

export interface SchemaBundle {
  kubernetes: string;
  source: string;
  /** Group version -> its kinds; a kind's type id is `<group version>/<kind>`. */
  kinds: Record<string, string[]>;
  /** Type id -> its fields' type expressions and its required fields. */
  types: Record<string, { p: Record<string, string>; r?: string[] }>;
}

interface Declaration {
  id: string;
  node: ts.InterfaceDeclaration | ts.TypeAliasDeclaration;
  /** The package folder, for its compiled validator. */
  packageDir: string;
  longName: string;
}

const require = createRequire(import.meta.url);

function declarationFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return entry.name === '_schemas' ? [] : declarationFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`);
    return entry.name.endsWith('.d.ts') && entry.name !== 'index.d.ts' ? [`${prefix}${entry.name}`] : [];
  });
}

/** A file's own names for its declarations (`IJSONSchemaProps`) -> their long names. */
const localNames = new Map<string, Map<string, string>>();

/** Every declared interface and type alias, by the long name the other files import it as. */
function readDeclarations(): Map<string, Declaration> {
  const byLongName = new Map<string, Declaration>();
  const packages = [
    { dir: path.dirname(require.resolve('kubernetes-models/package.json')), idOf: (file: string) => file },
    { dir: path.dirname(require.resolve('@kubernetes-models/apimachinery/package.json')), idOf: (file: string) => file.replace(/^apis\//, '') },
  ];
  for (const { dir, idOf } of packages) {
    for (const file of declarationFiles(dir)) {
      const source = ts.createSourceFile(file, readFileSync(path.join(dir, file), 'utf8'), ts.ScriptTarget.ES2022, true);
      const local = new Map<string, ts.InterfaceDeclaration | ts.TypeAliasDeclaration>();
      for (const statement of source.statements) {
        if ((ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) && statement.name.text.startsWith('I')) local.set(statement.name.text, statement);
      }
      for (const statement of source.statements) {
        if (!ts.isExportDeclaration(statement) || !statement.exportClause || !ts.isNamedExports(statement.exportClause)) continue;
        for (const element of statement.exportClause.elements) {
          const node = local.get((element.propertyName ?? element.name).text);
          if (!node) continue;
          byLongName.set(element.name.text, { id: idOf(file.replace(/\.d\.ts$/, '')), node, packageDir: dir, longName: element.name.text });
          if (!localNames.has(source.fileName)) localNames.set(source.fileName, new Map());
          localNames.get(source.fileName)!.set(node.name.text, element.name.text);
        }
      }
    }
  }
  return byLongName;
}

export function kubernetesSchemaBundle(): SchemaBundle {
  const declarations = readDeclarations();
  const types: SchemaBundle['types'] = {};
  const kinds: Record<string, Record<string, string>> = {};
  const pending: Declaration[] = [];
  const ref = (declaration: Declaration): string => {
    if (!types[declaration.id]) {
      types[declaration.id] = { p: {} };
      pending.push(declaration);
    }
    return `@${declaration.id}`;
  };

  const expression = (node: ts.TypeNode): string => {
    if (node.kind === ts.SyntaxKind.StringKeyword) return 's';
    if (node.kind === ts.SyntaxKind.NumberKeyword) return 'n';
    if (node.kind === ts.SyntaxKind.BooleanKeyword) return 'b';
    if (node.kind === ts.SyntaxKind.AnyKeyword || node.kind === ts.SyntaxKind.UnknownKeyword || node.kind === ts.SyntaxKind.ObjectKeyword) return '*';
    if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) return 's';
    if (ts.isArrayTypeNode(node)) return `[${expression(node.elementType)}]`;
    if (ts.isUnionTypeNode(node)) {
      const literals = node.types.map((t) => (ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal) ? t.literal.text : undefined));
      if (literals.every((l) => l !== undefined)) return `e:${literals.join('|')}`;
      const kinds = new Set(node.types.map(expression));
      if (kinds.size === 2 && kinds.has('s') && kinds.has('n')) return 'x';
      throw new Error(`unexpected union ${node.getText()}`);
    }
    if (ts.isTypeLiteralNode(node)) {
      const index = node.members.find(ts.isIndexSignatureDeclaration);
      return index ? `{${expression(index.type)}}` : '*';
    }
    if (ts.isTypeReferenceNode(node)) {
      const name = node.typeName.getText();
      if (name === 'Array' && node.typeArguments?.length === 1) return `[${expression(node.typeArguments[0])}]`;
      if (name === 'IIoK8sApimachineryPkgApiResourceQuantity') return 'q';
      if (name === 'IIoK8sApimachineryPkgUtilIntstrIntOrString') return 'x';
      const declaration = declarations.get(localNames.get(node.getSourceFile().fileName)?.get(name) ?? name);
      if (!declaration) throw new Error(`unknown type ${name}`);
      if (ts.isTypeAliasDeclaration(declaration.node)) return expression(declaration.node.type);
      return declaration.node.members.some(ts.isPropertySignature) ? ref(declaration) : '*';
    }
    throw new Error(`unexpected type ${ts.SyntaxKind[node.kind]}`);
  };

  for (const declaration of declarations.values()) {
    const gv = path.posix.dirname(declaration.id);
    if (!servedGroupVersions.includes(gv) || !ts.isInterfaceDeclaration(declaration.node)) continue;
    const apiVersion = declaration.node.members.find((m) => ts.isPropertySignature(m) && m.name.getText().replace(/"/g, '') === 'apiVersion') as ts.PropertySignature | undefined;
    if (!apiVersion?.type || !ts.isLiteralTypeNode(apiVersion.type)) continue;
    (kinds[gv] ??= {})[path.posix.basename(declaration.id)] = ref(declaration).slice(1);
  }

  while (pending.length) {
    const declaration = pending.pop() as Declaration;
    const node = declaration.node as ts.InterfaceDeclaration;
    const type = types[declaration.id];
    const required: string[] = [];
    for (const member of node.members) {
      if (!ts.isPropertySignature(member) || !member.type) continue;
      const name = member.name.getText().replace(/^"|"$/g, '');
      // Objects' status is the cluster's to write: shown on slides (kubectl get -o yaml), never checked.
      const isKind = kinds[path.posix.dirname(declaration.id)]?.[path.posix.basename(declaration.id)] !== undefined;
      type.p[name] = isKind && name === 'status' ? '*' : expression(member.type);
      if (!member.questionToken) required.push(name);
    }
    if (required.length) type.r = required;
    refineIntegers(declaration, type.p);
  }
  const sorted = <T>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
  const version = (require('kubernetes-models/package.json') as { version: string }).version;
  return {
    kubernetes: kubernetesRelease,
    source: `kubernetes-models ${version}`,
    kinds: sorted(Object.fromEntries(Object.entries(kinds).map(([gv, k]) => [gv, Object.keys(k).sort()]))),
    types: sorted(types),
  };
}

/** Asks the type's compiled validator which of its numbers must be integers (`0.5` fails them). */
function refineIntegers(declaration: Declaration, fields: Record<string, string>): void {
  const numeric = Object.entries(fields).filter(([, e]) => e === 'n' || e === '[n]' || e === '{n}');
  if (numeric.length === 0) return;
  const { validate } = require(path.join(declaration.packageDir, '_schemas', `${declaration.longName.slice(1)}.js`)) as {
    validate: ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; keyword: string; params: { type?: string } }> };
  };
  for (const [name, e] of numeric) {
    const value = e === 'n' ? 0.5 : e === '[n]' ? [0.5] : { k: 0.5 };
    const at = e === 'n' ? `/${name}` : e === '[n]' ? `/${name}/0` : `/${name}/k`;
    validate({ [name]: value });
    if (validate.errors?.some((err) => err.instancePath === at && err.keyword === 'type' && err.params.type === 'integer')) fields[name] = e.replace('n', 'i');
  }
}

/** The TypeScript module the loader imports: the bundle as JSON text, parsed only when a deck has Kubernetes YAML. */
export function schemaModuleText(bundle: SchemaBundle): string {
  const { types, ...head } = bundle;
  const json = [
    `${JSON.stringify(head).slice(0, -1)},"types":{`,
    Object.entries(types).map(([id, type]) => `${JSON.stringify(id)}:${JSON.stringify(type)}`).join(',\n'),
    '}}',
  ].join('\n');
  if (/[`\\]|\$\{/.test(json)) throw new Error('the schema JSON holds a backtick, a backslash or ${: escape it before writing a template literal');
  return [
    `// Generated by scripts/generate-kubernetes-schemas.ts from ${bundle.source}: do not edit.`,
    `/** Kubernetes ${bundle.kubernetes}: its API objects' fields, as JSON text (JSON.parse is faster than an object literal, and runs only when needed). */`,
    `export const kubernetesSchemaJson = \`${json}\`;`,
    '',
  ].join('\n');
}
