/** Implementations of the macros the loader accepts (`src/core/macros.ts` lists their names). */
import type { MacroName } from '../core/macros.js';
import type { RemarkApi } from './remark-slide.js';

type Macro = (this: string | undefined, ...args: string[]) => string;

/** Plain string functions: the build runs them in Node too (src/node/macro-dry-run.ts). */
export const runtimeMacros: Record<MacroName, Macro> = {
  hello: () => 'hello!',
  /** `![:scale 50%](image.png)`: an image at a share of the slide's width. */
  scale(this: string | undefined, width = '100%') {
    const src = (this ?? '').replace(/"/g, '&quot;');
    const w = width.replace(/[^\d.%a-z]/gi, '');
    return `<img src="${src}" style="width: ${w}" alt="">`;
  },
};

export function registerMacros(remark: RemarkApi): void {
  Object.assign(remark.macros, runtimeMacros);
}

/** What a macro that failed leaves in its slide instead (see slide-views.ts). */
export type MacroFailure = (macro: string, error: unknown) => string;

const guarded = new WeakSet<object>();

/**
 * remark runs macros while it parses the whole deck, before any slide exists: one that throws,
 * or a name nobody registered, stops remark and the page stays blank. Every macro registered
 * now (ours, and any a page added) is wrapped so that its error becomes `failed(...)`'s marker,
 * and an unknown name answers with a marker too. Call again after registering more macros.
 */
export function guardMacros(remark: RemarkApi, failed: MacroFailure): void {
  const registry = remark.macros as Record<string, unknown>;
  for (const name of Object.keys(registry)) {
    const macro = registry[name];
    if (typeof macro !== 'function' || guarded.has(macro)) continue;
    const wrapper = function (this: unknown, ...args: unknown[]) {
      try {
        return macro.apply(this, args);
      } catch (error) {
        return failed(name, error);
      }
    };
    guarded.add(wrapper);
    // defineProperty, not assignment: a macro defined as an accessor is replaced too.
    Object.defineProperty(registry, name, { value: wrapper, writable: true, enumerable: true, configurable: true });
  }
  if (guarded.has(Object.getPrototypeOf(registry))) return;
  // remark looks a macro up as `macros[name]`: a name the object lacks falls through to this
  // (but for the names promises and JSON look for, so that the object stays a plain object).
  const unknown = new Proxy(Object.prototype, {
    get: (target, name, receiver) =>
      typeof name === 'string' && !(name in target) && name !== 'then' && name !== 'toJSON'
        ? () => failed(name, new Error('no macro is registered under this name'))
        : Reflect.get(target, name, receiver),
  });
  guarded.add(unknown);
  Object.setPrototypeOf(registry, unknown);
}
