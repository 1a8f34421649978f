/**
 * "Need help" asks once who and where the attendee is, so that a helper finds them: a name and a
 * seat or table, both optional and length-limited, remembered in this browser (localStorage)
 * for the next time. Only the presenter and the helpers ever see them.
 */
import { maxNameLength, maxSeatLength } from '../../shared/room-protocol.js';
import { button, element, keepKeys } from './room-requests.js';

const storage = 'deck-attendee-help';

export interface Whereabouts {
  name: string;
  seat: string;
}

function remembered(): Whereabouts | undefined {
  try {
    const kept = JSON.parse(localStorage.getItem(storage) ?? 'null') as Partial<Whereabouts> | null;
    if (kept && typeof kept.name === 'string' && typeof kept.seat === 'string') return { name: kept.name.slice(0, maxNameLength), seat: kept.seat.slice(0, maxSeatLength) };
  } catch {
    // nothing kept, or no storage: ask
  }
  return undefined;
}

function field(label: string, max: number, value: string, autocomplete: string): { wrapper: HTMLLabelElement; input: HTMLInputElement } {
  const wrapper = element('label', 'room-field');
  const input = element('input', '');
  input.type = 'text';
  input.maxLength = max;
  input.value = value;
  input.setAttribute('autocomplete', autocomplete);
  wrapper.append(element('span', '', label), input);
  return { wrapper, input };
}

/**
 * Where the attendee is: what they said before, or what they type now. Undefined when they
 * cancel. `returnTo` gets the focus back when the form closes.
 */
export function whereabouts(returnTo: HTMLElement): Promise<Whereabouts | undefined> {
  const kept = remembered();
  if (kept) return Promise.resolve(kept);
  return new Promise((resolve) => {
    const form = element('form', 'room-help-form');
    form.setAttribute('role', 'dialog');
    form.setAttribute('aria-label', 'Ask for help');
    const intro = element('p', '', 'A helper will come to you. So that they find you (both optional):');
    const name = field('Your name', maxNameLength, '', 'name');
    const seat = field('Seat or table', maxSeatLength, '', 'off');
    const close = (answer: Whereabouts | undefined) => {
      form.remove();
      delete document.documentElement.dataset.roomForm;
      returnTo.focus();
      resolve(answer);
    };
    const ask = element('button', 'room-ask', 'Ask for help');
    ask.type = 'submit';
    const cancel = button('room-cancel', 'Cancel', () => close(undefined));
    const actions = element('div', 'room-form-actions');
    actions.append(ask, cancel);
    form.append(intro, name.wrapper, seat.wrapper, actions);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const given = { name: name.input.value.trim(), seat: seat.input.value.trim() };
      try {
        localStorage.setItem(storage, JSON.stringify(given));
      } catch {
        // asked again next time
      }
      close(given);
    });
    form.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') close(undefined);
    });
    keepKeys(form);
    document.body.append(form);
    document.documentElement.dataset.roomForm = 'open';
    name.input.focus();
  });
}
