/**
 * Blackout (`B` on the presenter's page) as an attendee sees it. The room's screens go black so
 * that people look at the speaker; an attendee in the middle of an exercise must keep reading.
 * Their page dims and says why; a tap, a click or a key lifts the dim, which then stays away
 * until the presenter's next blackout.
 */

let dim: HTMLElement | undefined;
/** The attendee lifted the dim of the blackout in progress. */
let lifted = false;

function lift(): void {
  lifted = true;
  remove();
}

function remove(): void {
  dim?.remove();
  dim = undefined;
  window.removeEventListener('keydown', onKey, true);
  delete document.documentElement.dataset.blackout;
}

/** Any key lifts the dim, and does nothing else. */
function onKey(event: KeyboardEvent): void {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  event.preventDefault();
  event.stopPropagation();
  lift();
}

function create(): HTMLElement {
  const element = document.createElement('div');
  element.className = 'blackout-dim deck-overlay';
  const card = document.createElement('div');
  card.className = 'blackout-dim-card';
  card.setAttribute('role', 'status');
  const title = document.createElement('strong');
  title.textContent = 'The presenter paused the screen';
  const hint = document.createElement('span');
  hint.textContent = 'Tap or press a key to keep reading';
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = 'Keep reading';
  card.append(title, hint, button);
  element.append(card);
  element.addEventListener('click', lift);
  return element;
}

/** The presenter's blackout, as the live state says (attendees who follow only). */
export function showBlackout(on: boolean): void {
  if (!on) {
    lifted = false;
    remove();
    return;
  }
  if (lifted || dim) return;
  dim = create();
  document.body.append(dim);
  document.documentElement.dataset.blackout = 'dimmed';
  window.addEventListener('keydown', onKey, true);
}
