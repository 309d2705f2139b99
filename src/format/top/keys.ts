/** `kafka-cli top`: the keys of a terminal in raw mode, and what each does to the view (pure). */
import { rowCount, selectedName } from './frame.js';
import { GROUP_SORTS, TOPIC_SORTS, type TopSample, type TopViewState } from './model.js';

export type TopKey = 'up' | 'down' | 'pageup' | 'pagedown' | 'home' | 'end' | 'enter' | 'escape' | 'backspace' | 'tab' | 'ctrl-c' | { char: string };

/** Splits what raw-mode stdin delivered into keys (several may come in one chunk). */
export function parseKeys(data: string): TopKey[] {
  const out: TopKey[] = [];
  const seqs: Array<[string, TopKey]> = [
    ['\x1b[A', 'up'], ['\x1bOA', 'up'], ['\x1b[B', 'down'], ['\x1bOB', 'down'],
    ['\x1b[5~', 'pageup'], ['\x1b[6~', 'pagedown'], ['\x1b[H', 'home'], ['\x1b[1~', 'home'], ['\x1b[F', 'end'], ['\x1b[4~', 'end'],
    ['\x1b[C', { char: '' }], ['\x1b[D', { char: '' }], ['\x1bOC', { char: '' }], ['\x1bOD', { char: '' }],
  ];
  let i = 0;
  outer: while (i < data.length) {
    for (const [s, k] of seqs) {
      if (data.startsWith(s, i)) {
        if (typeof k === 'string') out.push(k);
        i += s.length;
        continue outer;
      }
    }
    const ch = data[i]!;
    i++;
    if (ch === '\x1b') {
      // An unknown escape sequence: skip its CSI body; a lone ESC is Escape.
      if (data[i] === '[' || data[i] === 'O') {
        i++;
        while (i < data.length && !/[A-Za-z~]/.test(data[i]!)) i++;
        i++;
      } else out.push('escape');
    } else if (ch === '\r' || ch === '\n') out.push('enter');
    else if (ch === '\x7f' || ch === '\b') out.push('backspace');
    else if (ch === '\t') out.push('tab');
    else if (ch === '\x03') out.push('ctrl-c');
    else if (ch >= ' ') out.push({ char: ch });
  }
  return out;
}

export type TopAction = { view: TopViewState; quit?: 'q' | 'ctrl-c' };

const clamp = (n: number, max: number) => Math.max(0, Math.min(n, Math.max(0, max - 1)));

/** What a key does: move, open, back, filter, sort, quit. `page`: how many rows a page is. */
export function applyKey(view: TopViewState, key: TopKey, samples: readonly TopSample[], page = 10): TopAction {
  if (key === 'ctrl-c') return { view, quit: 'ctrl-c' };
  if (view.editing !== undefined) {
    if (key === 'enter') return { view: { ...view, filter: view.editing, editing: undefined, selected: 0 } };
    if (key === 'escape') return { view: { ...view, editing: undefined } };
    if (key === 'backspace') return { view: { ...view, editing: view.editing.slice(0, -1) } };
    if (typeof key === 'object' && key.char) return { view: { ...view, editing: view.editing + key.char } };
    return { view };
  }
  const n = rowCount(samples, view);
  const move = (delta: number): TopAction => {
    if (view.detail) return { view: { ...view, detail: { ...view.detail, scroll: clamp(view.detail.scroll + delta, n) } } };
    return { view: { ...view, selected: clamp(view.selected + delta, n) } };
  };
  const char = typeof key === 'object' ? key.char : undefined;
  if (key === 'up' || char === 'k') return move(-1);
  if (key === 'down' || char === 'j') return move(1);
  if (key === 'pageup') return move(-page);
  if (key === 'pagedown' || char === ' ') return move(page);
  if (key === 'home' || char === 'g') return move(-Infinity);
  if (key === 'end' || char === 'G') return move(Infinity);
  if (char === 'q') return { view, quit: 'q' };
  if (view.detail) {
    if (key === 'escape' || key === 'backspace' || char === 'h') return { view: { ...view, detail: undefined } };
    return { view };
  }
  if (key === 'tab') return { view: { ...view, pane: view.pane === 'topics' ? 'groups' : 'topics', selected: 0 } };
  if (key === 'enter') {
    const name = selectedName(samples, view);
    return name === undefined ? { view } : { view: { ...view, detail: { kind: view.pane === 'topics' ? 'topic' : 'group', name, scroll: 0 } } };
  }
  if (char === '/') return { view: { ...view, editing: view.filter } };
  if (key === 'escape' && view.filter) return { view: { ...view, filter: '', selected: 0 } };
  if (char === 's') {
    if (view.pane === 'topics') return { view: { ...view, topicSort: TOPIC_SORTS[(TOPIC_SORTS.indexOf(view.topicSort) + 1) % TOPIC_SORTS.length]!, selected: 0 } };
    return { view: { ...view, groupSort: GROUP_SORTS[(GROUP_SORTS.indexOf(view.groupSort) + 1) % GROUP_SORTS.length]!, selected: 0 } };
  }
  return { view };
}
