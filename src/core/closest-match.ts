/**
 * "Did you mean …?": the one way every check names the closest known choice (a recipe file, a
 * README section, a slide name, a class, a fence language). Names here are mostly slugs
 * (`04-deny-traffic-from-other-namespaces`), so the words a choice shares with the wrong name
 * count first and the edit distance breaks ties: plain edit distance would favour whichever
 * choice is shortest.
 */
import { distance } from 'fastest-levenshtein';

const words = (name: string): Set<string> => new Set(name.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w && w !== 'md'));

/**
 * The choice closest to `wrong`, or `undefined` when there is none or (with `maxDistance`) none
 * close enough to be worth naming.
 */
export function closestMatch(wrong: string, choices: Iterable<string>, options: { maxDistance?: number } = {}): string | undefined {
  const wrongWords = words(wrong);
  const lower = wrong.toLowerCase();
  let best: { choice: string; shared: number; distance: number } | undefined;
  for (const choice of choices) {
    const shared = [...words(choice)].filter((w) => wrongWords.has(w)).length;
    const d = distance(lower, choice.toLowerCase());
    if (!best || shared > best.shared || (shared === best.shared && d < best.distance)) best = { choice, shared, distance: d };
  }
  if (!best) return undefined;
  if (options.maxDistance !== undefined && best.shared === 0 && best.distance > options.maxDistance) return undefined;
  return best.choice;
}
