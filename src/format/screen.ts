/** A terminal screen redrawn in place (lag --watch): cursor home, clear, then the new frame. */
export const CLEAR_SCREEN = '\x1b[H\x1b[2J';

/** The frame as written to a terminal (redrawn over the last one) or to anything else (appended, a blank line after). */
export function screenFrame(text: string, inPlace: boolean): string {
  return inPlace ? CLEAR_SCREEN + text : text + '\n';
}
