/**
 * Escapes text for HTML that the loader writes into the remark source. Brackets, backticks and
 * emphasis markers become entities too: remark's lexer counts every bracket and marked would
 * read `_` or `*` inside generated HTML as emphasis.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'[\]`_*\\]/g, (c) => `&#${c.charCodeAt(0)};`);
}
