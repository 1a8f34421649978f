/**
 * Polls on the slides, as the room has them: on an attendee's page each option becomes a button
 * while the poll is open (their vote pressed; changeable until it closes); once the presenter
 * reveals, every screen (attendees, the projector, the presenter's own) shows votes per option
 * as bars, and the correct option if the author marked one (the server sends it with the
 * results). Slides render on demand: each poll block is decorated as its slide renders
 * (slide-views.ts), and again on every change.
 */
import type { AttendeeRoomView } from '../../shared/room-protocol.js';
import { onSlideRendered } from '../slide-views.js';
import { button, element, keepKeys, type RoomDeck } from './room-requests.js';

export interface PollBoardOptions {
  deck: () => RoomDeck;
  /** An attendee's vote; absent on screens that do not vote. */
  vote?(poll: string, option: number): void;
}

export interface PollBoard {
  update(polls: AttendeeRoomView['polls'], votes: AttendeeRoomView['votes']): void;
}

interface Block {
  poll: string;
  root: HTMLElement;
  items: HTMLLIElement[];
  buttons: HTMLButtonElement[];
  status: HTMLElement;
}

export function createPollBoard(options: PollBoardOptions): PollBoard {
  const blocks: Block[] = [];
  let polls: AttendeeRoomView['polls'] = {};
  let votes: AttendeeRoomView['votes'] = {};

  const draw = (block: Block) => {
    const held = polls[block.poll];
    const mine = votes[block.poll];
    block.root.dataset.pollState = held?.state ?? 'waiting';
    const results = held?.state === 'revealed' ? held.results : undefined;
    const total = results?.reduce((a, b) => a + b, 0) ?? 0;
    block.items.forEach((item, i) => {
      const choice = block.buttons[i];
      if (choice) {
        choice.disabled = held?.state !== 'open';
        choice.setAttribute('aria-pressed', String(mine === i));
      }
      item.classList.toggle('poll-mine', mine === i);
      item.classList.toggle('poll-is-correct', results !== undefined && held?.correct === i);
      let result = item.querySelector<HTMLElement>('.poll-result');
      if (!results) return result?.remove();
      if (!result) {
        result = element('span', 'poll-result');
        result.append(element('span', 'poll-bar'), element('span', 'poll-count'));
        item.append(result);
      }
      const share = total ? Math.round((100 * (results[i] ?? 0)) / total) : 0;
      (result.firstElementChild as HTMLElement).style.width = `${share}%`;
      (result.lastElementChild as HTMLElement).textContent = `${results[i] ?? 0} · ${share}%`;
    });
    const text =
      held?.state === 'open'
        ? options.vote
          ? mine === undefined ? 'Vote: tap an option' : 'Voted: you may change your vote until the poll closes'
          : 'The poll is open'
        : held?.state === 'closed'
          ? 'The poll is closed'
          : held?.state === 'revealed'
            ? `${total} ${total === 1 ? 'vote' : 'votes'}${held?.correct !== undefined ? ' · ✓ correct answer' : ''}`
            : '';
    block.status.textContent = text;
    block.status.hidden = text === '';
  };

  onSlideRendered('room polls', (container, index) => {
    const ids = options.deck().slides[index]?.polls ?? [];
    container.querySelectorAll<HTMLElement>('.remark-slide-content .poll').forEach((root, k) => {
      const poll = options.deck().polls[ids[k]];
      if (!poll || root.dataset.pollId) return;
      root.dataset.pollId = poll.id;
      const items = Array.from(root.querySelectorAll<HTMLLIElement>(':scope > ol > li'));
      const buttons = options.vote
        ? items.map((item, option) => {
            const choice = button('poll-choice', '', () => options.vote!(poll.id, option));
            choice.append(...item.childNodes);
            item.append(choice);
            return choice;
          })
        : [];
      const status = element('p', 'poll-status');
      status.setAttribute('role', 'status');
      root.append(status);
      keepKeys(root, { touch: false });
      const block = { poll: poll.id, root, items, buttons, status };
      blocks.push(block);
      draw(block);
    });
  });

  return {
    update(nextPolls, nextVotes) {
      polls = nextPolls;
      votes = nextVotes;
      // A hot update re-renders slides: their old blocks are gone.
      blocks.splice(0, blocks.length, ...blocks.filter((block) => block.root.isConnected));
      for (const block of blocks) draw(block);
    },
  };
}
