// Plain-text layout for terminals: optional ANSI colour and word wrapping to a fixed width.

/** Output must read well in a 100-column terminal (and in a log file, where there is no terminal). */
export const WIDTH = 100;

interface MaybeTty {
  readonly isTTY?: boolean;
  hasColors?(): boolean;
}

/**
 * Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org; any value, even empty, counts
 * here) or the terminal says it has none (TERM=dumb).
 */
export function colourWanted(stream: MaybeTty, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && env.NO_COLOR === undefined && (stream.hasColors?.() ?? true);
}

export type Paint = (text: string) => string;

export interface Palette {
  readonly red: Paint;
  readonly yellow: Paint;
  readonly cyan: Paint;
  readonly green: Paint;
  readonly dim: Paint;
  readonly bold: Paint;
}

const sgr =
  (open: number, close: number): Paint =>
  (text) =>
    `\u001b[${open}m${text}\u001b[${close}m`;

const plain: Paint = (text) => text;

export function palette(colour: boolean): Palette {
  if (!colour) return { red: plain, yellow: plain, cyan: plain, green: plain, dim: plain, bold: plain };
  return {
    red: sgr(31, 39),
    yellow: sgr(33, 39),
    cyan: sgr(36, 39),
    green: sgr(32, 39),
    dim: sgr(2, 22),
    bold: sgr(1, 22),
  };
}

/** Word-wraps `text` to `width` columns, every line after the first starting with `indent` (words never split). */
export function wrap(text: string, indent: string, width = WIDTH, firstIndent = indent): string {
  const lines: string[] = [];
  let line = firstIndent;
  let lineHasWord = false;
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    if (lineHasWord && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else {
      line += (lineHasWord ? ' ' : '') + word;
    }
    lineHasWord = true;
  }
  lines.push(line);
  return lines.join('\n');
}
