// The inline editor over a clicked word, in screen space (so it stays legible at any zoom): Enter saves, Esc
// cancels, Tab saves and moves to the next word (Shift+Tab: previous), leaving the field saves.
import { useEffect, useRef } from 'react';
import { addTurns, boxToScreen, type Rect } from './geometry.ts';
import { pageWords, percent, type PageWord } from './page-words.ts';
import { useViewerStore } from './useViewerStore.ts';
import type { ViewerData } from './viewer-data.ts';

export function WordEditor({
  data,
  onClosed,
}: {
  readonly data: ViewerData;
  /** Called after Enter/Esc/Tab, so the viewport takes the keyboard back. */
  readonly onClosed: () => void;
}): React.JSX.Element | null {
  const editing = useViewerStore((s) => s.editing);
  // Only an open editor follows the view (which changes every frame of a pan or zoom).
  return editing ? <OpenEditor data={data} editing={editing} onClosed={onClosed} /> : null;
}

function OpenEditor({
  data,
  editing,
  onClosed,
}: {
  readonly data: ViewerData;
  readonly editing: string;
  readonly onClosed: () => void;
}): React.JSX.Element | null {
  const key = useViewerStore((s) => s.currentKey);
  const result = useViewerStore((s) => (s.currentKey ? s.results[s.currentKey] : undefined));
  const view = useViewerStore((s) => s.view);
  const userTurn = useViewerStore((s) => s.userTurn);
  if (!result || !key) return null;
  const words = pageWords(result);
  const word = words.find((w) => w.key === editing);
  if (!word) return null;
  const rect = boxToScreen(word.box, result, addTurns(result.rotation, userTurn), view);

  const done = (text: string | null, move: 0 | 1 | -1, byKey: boolean): void => {
    const st = useViewerStore.getState();
    st.stopEdit();
    if (text !== null) void data.saveWord(key, word, text);
    const next = move === 0 ? undefined : words[word.order + move];
    if (next) {
      st.reveal(key, next.key);
      st.startEdit(next.key);
    } else if (byKey) {
      // Leaving by a click elsewhere keeps the focus where the click put it.
      onClosed();
    }
  };
  return <EditorField key={`${key}/${editing}`} word={word} rect={rect} onDone={done} />;
}

function EditorField({
  word,
  rect,
  onDone,
}: {
  readonly word: PageWord;
  readonly rect: Rect;
  readonly onDone: (text: string | null, move: 0 | 1 | -1, byKey: boolean) => void;
}): React.JSX.Element {
  const input = useRef<HTMLInputElement>(null);
  const finished = useRef(false);
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);
  const finish = (save: boolean, move: 0 | 1 | -1 = 0, byKey = true): void => {
    if (finished.current) return;
    finished.current = true;
    const text = (input.current?.value ?? word.text).trim();
    onDone(save ? text : null, move, byKey);
  };
  // Legible whatever the zoom: at least 14 px, about the word's own height when zoomed in.
  const fontSize = Math.min(32, Math.max(14, rect.height * 0.72));
  const height = Math.max(rect.height + 8, fontSize + 14);
  return (
    <div
      className="pv-editor"
      style={{ left: rect.left - 6, top: rect.top + rect.height / 2 - height / 2 }}
      onPointerDown={(e) => e.stopPropagation()}
    >
      <input
        ref={input}
        className="pv-editor-input"
        data-testid="word-editor"
        aria-label={`Correct the word “${word.text}”`}
        defaultValue={word.text}
        spellCheck={false}
        style={{ minWidth: Math.max(rect.width + 12, 96), height, fontSize }}
        size={Math.max(4, word.text.length + 2)}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Enter') {
            e.preventDefault();
            finish(true);
          } else if (e.key === 'Escape') {
            e.preventDefault();
            finish(false);
          } else if (e.key === 'Tab') {
            e.preventDefault();
            finish(true, e.shiftKey ? -1 : 1);
          }
        }}
        onBlur={() => finish(true, 0, false)}
      />
      <span className="pv-editor-hint" aria-hidden="true">
        {percent(word.confidence)}% · Enter save · Esc cancel
      </span>
    </div>
  );
}
