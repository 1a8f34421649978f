/**
 * In-memory decks for the loader's unit tests: a manifest text and chapter texts in, the
 * loader's build out, with no file system involved. Also wraps remark 0.14's own parser, the
 * reference the loader's slide model must agree with.
 */
import { createRequire } from 'node:module';
import { buildDeck, type DeckBuild } from '../../src/core/deck.js';
import type { Diagnostic } from '../../src/core/diagnostics.js';
import { macroNames } from '../../src/core/macros.js';

export const manifestFile = 'workshop.yml';
export const catalogFile = 'recipes.yml';

/**
 * The recipe repositories the exercise tests link to, trimmed from slides/recipes.yml so that
 * these tests do not change when the real catalog does.
 */
export const recipeCatalog = `github:
  - repo: RyaxTech/kube-tutorial
    branch: master
    readme:
      3-execute-big-data-job-with-spark-on-the-kubernetes-cluster: 3. Execute Big Data job with Spark on the Kubernetes Cluster
      4-activate-an-advanced-scheduling-policy-and-test-its-usage: 4. Activate an advanced scheduling policy and test its usage
      6-enable-and-use-pod-autoscaling: 6. Enable and use Pod Autoscaling
      7-teardown-the-aws-deployment: 7. Teardown the AWS deployment
  - repo: ahmetb/kubernetes-network-policy-recipes
    branch: master
    files:
      01-deny-all-traffic-to-an-application.md: DENY all traffic to an application
      02-limit-traffic-to-an-application.md: LIMIT traffic to an application
      12-deny-all-non-whitelisted-traffic-from-the-namespace.md: DENY all non-whitelisted egress traffic from a namespace
      14-deny-external-egress-traffic.md: DENY external egress traffic
pages:
  - url: https://zonca.github.io/2017/12/scalable-jupyterhub-kubernetes-jetstream.html
    title: Deploy scalable JupyterHub with Kubernetes on Jetstream
`;

/**
 * A manifest listing `chapters` in order, with the catalog. Line 1 is `title`, line 2 `catalog`,
 * line 3 `chapters:`, so the n-th chapter entry (1-based) is on line 3 + n, column 5.
 */
export function manifestFor(...chapters: string[]): string {
  return ['title: Test workshop', `catalog: ${catalogFile}`, 'chapters:', ...chapters.map((c) => `  - ${c}`), ''].join('\n');
}

/**
 * Builds a deck from a manifest text and chapter texts keyed by the path the manifest uses.
 * The catalog is supplied unless `files` gives its own; files are named in messages by that path.
 */
export function buildFixture(manifest: string, files: Record<string, string>, variant?: string): DeckBuild {
  const all: Record<string, string> = { [catalogFile]: recipeCatalog, ...files };
  return buildDeck(
    {
      manifest: { file: manifestFile, text: manifest },
      read: (path) => (Object.hasOwn(all, path) ? { file: path, text: all[path] } : undefined),
    },
    { variant },
  );
}

/** Builds a deck of the given chapter files, listed in the manifest in the order given. */
export function buildChapters(files: Record<string, string>): DeckBuild {
  return buildFixture(manifestFor(...Object.keys(files)), files);
}

/** The diagnostics as `severity file:line:column`, easy to compare whole. */
export function positions(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.severity} ${d.file}:${d.line}:${d.column}`);
}

interface RemarkParsedSlide {
  properties: Record<string, string>;
  content: unknown[];
  notes?: unknown[];
}

type RemarkMacro = (this: string | undefined, ...args: string[]) => string;

const RemarkParser = createRequire(import.meta.url)('remark-slide/src/remark/parser') as new () => {
  parse(source: string, macros: Record<string, RemarkMacro>): RemarkParsedSlide[];
};

/**
 * Every macro the loader accepts, as a stub: remark's parser throws on unregistered ones. Like
 * the runtime's, each returns HTML, which remark joins to the text around it.
 */
const remarkMacros: Record<string, RemarkMacro> = Object.fromEntries(macroNames.map((name) => [name, () => `<span class="${name}"></span>`]));

/**
 * The slides remark 0.14 shows for a source: its parser drops `exclude: true` slides and its
 * slideshow model drops `layout: true` ones (models/slideshow.js, createSlides).
 */
export function remarkSlides(source: string): RemarkParsedSlide[] {
  return new RemarkParser().parse(source, remarkMacros).filter((slide) => slide.properties.layout !== 'true');
}
