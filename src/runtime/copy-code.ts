/** A copy button on every code block, so attendees paste commands instead of retyping them. */

const buttonClass = 'copy-code';

/**
 * Adds the button to every rendered code block that lacks one; safe to call after each render.
 * None on the projector (screen.ts): the room cannot press it.
 */
export function addCopyButtons(root: ParentNode = document): void {
  if (document.documentElement.dataset.screen === 'projector') return;
  for (const pre of root.querySelectorAll<HTMLPreElement>('.remark-slide-content pre')) {
    if (pre.querySelector(`:scope > .${buttonClass}`)) continue;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = buttonClass;
    button.textContent = 'Copy';
    button.setAttribute('aria-label', 'Copy this code');
    pre.append(button);
  }
}

/** remark splits code into one `div` per line; join them back with newlines. */
export function codeText(pre: HTMLPreElement): string {
  const lines = pre.querySelectorAll('.remark-code-line');
  if (lines.length === 0) return pre.querySelector('code')?.textContent ?? '';
  return Array.from(lines, (line) => line.textContent ?? '').join('\n');
}

async function writeClipboard(text: string): Promise<void> {
  // The Clipboard API needs a secure context; attendees often open http://<laptop-ip>:8080.
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  const copied = document.execCommand('copy');
  area.remove();
  if (!copied) throw new Error('copy refused');
}

/** One delegated listener serves every button, including those of re-rendered slides. */
export function installCopyHandler(): void {
  document.addEventListener('click', (event) => {
    const button = (event.target as Element | null)?.closest?.(`.${buttonClass}`);
    if (!(button instanceof HTMLButtonElement)) return;
    event.stopPropagation();
    const pre = button.closest('pre') as HTMLPreElement;
    writeClipboard(codeText(pre)).then(
      () => flash(button, 'Copied'),
      () => flash(button, 'Press Ctrl+C'),
    );
  });
}

function flash(button: HTMLButtonElement, text: string): void {
  button.textContent = text;
  button.dataset.state = text === 'Copied' ? 'done' : 'failed';
  window.setTimeout(() => {
    button.textContent = 'Copy';
    delete button.dataset.state;
  }, 1500);
}
