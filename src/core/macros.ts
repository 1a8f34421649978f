/**
 * Macros the runtime registers (`![:name args]`). remark throws on an unknown macro and the whole
 * deck goes blank, so the loader refuses any name not listed here. `hello` is remark's own.
 */
export const macroNames = ['hello', 'scale'] as const;
export type MacroName = (typeof macroNames)[number];

export function isKnownMacro(name: string): name is MacroName {
  return (macroNames as readonly string[]).includes(name);
}
