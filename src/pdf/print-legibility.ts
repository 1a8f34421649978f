/**
 * What keeps the handouts legible, run inside the deck's page (through `page.evaluate`, so each
 * function uses only its argument and the DOM, never imports):
 *
 * - `measureNotes`: how tall each slide's speaker notes are at the notes layout's width, so that
 *   the layout packs as many slides with their notes on a page as fit (layout.ts).
 * - `enlargeSmallCode`: code (blocks and inline) that a slide's scale on the paper would print
 *   under the smallest legible size is set larger on that slide; code blocks then wrap within
 *   their width. A slide that would then overflow is set tighter (code lines closer, less
 *   margin); one that still would gets the largest size that fits, and is reported.
 *   The link cards' repository names are labels, not code: the exercises' list at the end of the
 *   handout prints them in full.
 * - `probeSlides` / `removeProbe`: copies of the slides at the layout's normal scale, on which
 *   `enlargeSmallCode` finds, before the pages are built, the slides whose code cannot reach
 *   7 pt there: pack.ts gives those a larger slot.
 */

/** Natural height of each slide's notes (0 for none) in a notes box `width` px wide, at `fontPx`. */
export function measureNotes(input: { width: number; fontPx: number }): number[] {
  const containers = Array.from(document.querySelectorAll('.remark-slides-area .remark-slide-container'));
  const root = document.createElement('div');
  root.id = 'pdf-print';
  const box = document.createElement('div');
  box.className = 'pdf-notes';
  Object.assign(box.style, { left: '0', top: '0', width: `${input.width}px`, height: 'auto', fontSize: `${input.fontPx}px`, visibility: 'hidden' });
  root.append(box);
  document.body.append(root);
  const heights = containers.map((container) => {
    const notes = container.querySelector('.remark-slide-notes');
    if (!notes || notes.textContent!.trim() === '') return 0;
    box.replaceChildren(notes.cloneNode(true));
    return box.scrollHeight;
  });
  root.remove();
  return heights;
}

/** Copies of `slides` framed at `scale`, hidden, where `enlargeSmallCode` looks for code (under `#pdf-print`). */
export function probeSlides(input: { slides: number[]; scale: number; width: number; height: number }): void {
  const containers = Array.from(document.querySelectorAll('.remark-slides-area .remark-slide-container'));
  const root = document.createElement('div');
  root.id = 'pdf-print';
  Object.assign(root.style, { position: 'absolute', left: '0', top: '0', visibility: 'hidden' });
  for (const index of input.slides) {
    // The slide's size from the exporter: a slide not shown in the slideshow measures 0.
    const { width, height, scale } = input;
    const scaler = containers[index].querySelector('.remark-slide-scaler') as HTMLElement;
    const frame = document.createElement('div');
    frame.className = 'pdf-slide';
    frame.id = `pdf-probe-${index}`;
    Object.assign(frame.style, { left: '0', top: '0', width: `${width * scale}px`, height: `${height * scale}px` });
    const inner = document.createElement('div');
    inner.className = 'pdf-slide-inner';
    Object.assign(inner.style, { width: `${width}px`, height: `${height}px`, transform: `scale(${scale})` });
    inner.append(scaler.cloneNode(true));
    frame.append(inner);
    root.append(frame);
  }
  document.body.append(root);
}

export function removeProbe(): void {
  document.getElementById('pdf-print')?.remove();
}

export interface SmallCode {
  /** Slide index. */
  slide: number;
  /** The smallest code size printed on it, in points. */
  points: number;
}

/**
 * Sets code printed under `minPoints` to that size, slide by slide, in the print pages built by
 * print-page.ts; returns the slides where that would overflow the slide, with the size they got
 * instead.
 */
export function enlargeSmallCode(input: { minPoints: number }): SmallCode[] {
  const pointsPerPx = 0.75;
  const monospaced = (node: Element) => /mono/i.test(getComputedStyle(node).fontFamily.split(',')[0]);
  const small: SmallCode[] = [];
  const code = 'pre, code, kbd, samp, tt';
  for (const frame of Array.from(document.querySelectorAll<HTMLElement>('#pdf-print .pdf-slide'))) {
    const inner = frame.querySelector<HTMLElement>('.pdf-slide-inner');
    const content = frame.querySelector<HTMLElement>('.remark-slide-content');
    if (!inner || !content) continue;
    const scale = frame.getBoundingClientRect().width / inner.offsetWidth;
    const minPx = input.minPoints / pointsPerPx / scale;
    // The elements that set code's size: `code` (in `pre` or inline), and the others unless inside one.
    const roots = Array.from(content.querySelectorAll<HTMLElement>(code)).filter(
      (node) => monospaced(node) && !(node.matches('pre') && node.querySelector('code')) && !node.parentElement?.closest('code, kbd, samp, tt'),
    );
    const enlarged = roots.map((node) => ({ node, from: parseFloat(getComputedStyle(node).fontSize) })).filter(({ from }) => from < minPx - 0.01);
    if (enlarged.length === 0) continue;
    const overflows = () => content.scrollHeight > inner.offsetHeight + 1 || content.offsetHeight > inner.offsetHeight + 1;
    const apply = (share: number) => {
      for (const { node, from } of enlarged) {
        node.style.fontSize = `${from + (minPx - from) * share}px`;
        if (node.matches('pre > code')) Object.assign(node.style, { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' });
      }
    };
    apply(1);
    // Too tall now: code lines closer together and less space around (print.css), then if need
    // be the largest share of the enlargement that fits (the slide as designed fits).
    if (overflows()) frame.classList.add('pdf-tight');
    if (!overflows()) continue;
    let [fits, fails] = [0, 1];
    for (let step = 0; step < 6; step++) {
      const middle = (fits + fails) / 2;
      apply(middle);
      if (overflows()) fails = middle;
      else fits = middle;
    }
    apply(fits);
    const smallest = Math.min(...enlarged.map(({ node }) => parseFloat(node.style.fontSize)));
    small.push({ slide: Number(frame.id.replace(/^\D+/, '')), points: Math.round(smallest * scale * pointsPerPx * 10) / 10 });
  }
  return small;
}
