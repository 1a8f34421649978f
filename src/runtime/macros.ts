/** Implementations of the macros the loader accepts (`src/core/macros.ts` lists their names). */
import type { MacroName } from '../core/macros.js';
import type { RemarkApi } from './remark-slide.js';

type Macro = (this: string | undefined, ...args: string[]) => string;

const macros: Record<MacroName, Macro> = {
  hello: () => 'hello!',
  /** `![:scale 50%](image.png)`: an image at a share of the slide's width. */
  scale(this: string | undefined, width = '100%') {
    const src = (this ?? '').replace(/"/g, '&quot;');
    const w = width.replace(/[^\d.%a-z]/gi, '');
    return `<img src="${src}" style="width: ${w}" alt="">`;
  },
};

export function registerMacros(remark: RemarkApi): void {
  Object.assign(remark.macros, macros);
}
