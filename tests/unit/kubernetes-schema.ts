/**
 * Checks Kubernetes manifests against the API schemas of `kubernetes-models`: its validators
 * catch wrong types, missing required fields and bad enum values, and its TypeScript types,
 * compiled over each manifest as an object literal, catch misspelt fields (the validators let
 * unknown fields through, as the API server would drop them silently).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';

export interface ManifestDocument {
  file: string;
  /** 1-based line of the document's first line in its file. */
  line: number;
  object: { apiVersion?: string; kind?: string; [key: string]: unknown };
}

const require = createRequire(import.meta.url);

export function readManifestDocuments(file: string, text: string): ManifestDocument[] {
  return parseAllDocuments(text)
    .filter((doc) => doc.contents !== null)
    .map((doc) => ({
      file,
      line: text.slice(0, doc.contents!.range[0]).split('\n').length,
      object: doc.toJS() as ManifestDocument['object'],
    }));
}

/** `apps/v1` + `Deployment` → `kubernetes-models/apps/v1/Deployment`. */
function modelModule(doc: ManifestDocument): string {
  return `kubernetes-models/${doc.object.apiVersion}/${doc.object.kind}`;
}

/** Problems as `file:line: message`; empty when every document is valid. */
export function checkManifests(documents: ManifestDocument[]): string[] {
  const problems: string[] = [];
  const typed: ManifestDocument[] = [];
  for (const doc of documents) {
    const where = `${doc.file}:${doc.line}`;
    if (!doc.object.apiVersion || !doc.object.kind) {
      problems.push(`${where}: a manifest needs apiVersion and kind`);
      continue;
    }
    let Model: new (data: unknown) => { validate(): void };
    try {
      Model = require(modelModule(doc))[doc.object.kind];
    } catch {
      problems.push(`${where}: ${doc.object.apiVersion} ${doc.object.kind} is not a known Kubernetes API object`);
      continue;
    }
    try {
      new Model(doc.object).validate();
    } catch (error) {
      problems.push(`${where}: ${doc.object.kind} ${(error as Error).message}`);
    }
    typed.push(doc);
  }
  return [...problems, ...typeCheck(typed)];
}

/** Excess-property checking over fresh object literals: any unknown field, at any depth, fails. */
function typeCheck(documents: ManifestDocument[]): string[] {
  if (documents.length === 0) return [];
  const virtualFile = path.resolve('kubernetes-manifests.check.ts');
  const lines: string[] = [];
  const owners: Array<{ from: number; doc: ManifestDocument }> = [];
  documents.forEach((doc, i) => {
    lines.push(`import type { I${doc.object.kind} as T${i} } from '${modelModule(doc)}';`);
  });
  documents.forEach((doc, i) => {
    owners.push({ from: lines.length, doc });
    lines.push(`export const doc${i}: T${i} = ${JSON.stringify(doc.object, null, 2)};`.split('\n').join('\n'));
  });
  const source = lines.join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (name) => (path.resolve(name) === virtualFile ? source : readFile(name));
  host.fileExists = (name) => path.resolve(name) === virtualFile || fileExists(name);
  const program = ts.createProgram([virtualFile], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file && path.resolve(d.file.fileName) === virtualFile)
    .map((d) => {
      const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
      const sourceLine = source.split('\n').slice(0, line + 1).join('\n').split('\n').length - 1;
      const owner = [...owners].reverse().find((o) => o.from <= sourceLine)!;
      const message = ts.flattenDiagnosticMessageText(d.messageText, ' ');
      return `${owner.doc.file}:${owner.doc.line}: ${owner.doc.object.kind} ${message}`;
    });
}
