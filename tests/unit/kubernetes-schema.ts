/**
 * Kubernetes manifest files checked with the loader's own validator (src/core/kubernetes/):
 * the one way this project checks Kubernetes YAML, slides and deploy/ alike. Strict about
 * unknown fields, as the API server's field validation is.
 */
import { parseAllDocuments } from 'yaml';
import { checkKubernetesText } from '../../src/core/kubernetes/validate.js';
import { LineIndex } from '../../src/core/source-text.js';

export interface ManifestDocument {
  file: string;
  /** 1-based line of the document's first line in its file. */
  line: number;
  object: { apiVersion?: string; kind?: string; [key: string]: unknown };
}

export function readManifestDocuments(file: string, text: string): ManifestDocument[] {
  const lines = new LineIndex(text);
  return parseAllDocuments(text)
    .filter((doc) => doc.contents !== null)
    .map((doc) => ({ file, line: lines.line(doc.contents!.range[0]), object: doc.toJS() as ManifestDocument['object'] }));
}

/** Problems as `file:line:column: message`; empty when every document is a valid Kubernetes object. */
export function checkManifestFile(file: string, text: string): string[] {
  const lines = new LineIndex(text);
  const untyped = readManifestDocuments(file, text)
    .filter((doc) => !doc.object.apiVersion || !doc.object.kind)
    .map((doc) => `${file}:${doc.line}:1: a manifest needs apiVersion and kind`);
  const findings = checkKubernetesText(text).map((f) => {
    const { line, column } = lines.position(f.offset);
    return `${file}:${line}:${column}: ${f.message}`;
  });
  return [...untyped, ...findings];
}
