import { colorFor } from '../system/terminal.js';
import { createContext, useContext } from 'react';

/** Named tones, so screens say what a piece of text is and the theme decides how it looks. */
export type Tone = 'accent' | 'code' | 'ok' | 'bad' | 'warn' | 'dim' | 'title';

const COLORS: Record<Tone, string> = {
  accent: 'cyan',
  code: 'yellow',
  ok: 'green',
  bad: 'red',
  warn: 'yellow',
  dim: 'gray',
  title: 'magentaBright',
};

export interface Theme {
  /** False under NO_COLOR: meaning is then carried by symbols and bold only. */
  color: boolean;
}

/** Whether a screen (always on a terminal) uses color: the rule of src/system/terminal.ts. */
export const colorFromEnv = (env: NodeJS.ProcessEnv): boolean => colorFor({ isTTY: true }, env);

export const ThemeContext = createContext<Theme>({ color: true });

/** A function from tone to an ink color (undefined when color is off). */
export function useTone(): (tone: Tone | undefined) => string | undefined {
  const { color } = useContext(ThemeContext);
  return (tone) => (color && tone ? COLORS[tone] : undefined);
}
