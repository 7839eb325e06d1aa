import { Box, Text } from 'ink';
import { inert } from '../text/inert.js';
import type { Line } from './rich-text.js';
import { useTone } from './theme.js';

/**
 * Renders pre-wrapped lines; `offset`/`height` show a window of them (scrolling). Every span is
 * made inert here, the one place statements, hints, reports and solutions reach the screen: pack
 * text cannot retitle the window, write the clipboard or hide text.
 */
export function LinesView(props: { readonly lines: readonly Line[]; readonly offset?: number; readonly height?: number }) {
  const tone = useTone();
  const start = props.offset ?? 0;
  const shown = props.height === undefined ? props.lines.slice(start) : props.lines.slice(start, start + props.height);
  return (
    <Box flexDirection="column">
      {shown.map((line, i) => (
        <Text key={start + i} wrap="truncate-end">
          {line.length === 0
            ? ' '
            : line.map((span, j) => (
                <Text key={j} color={tone(span.tone)} bold={span.bold ?? span.tone === 'title'} dimColor={span.tone === 'dim' && !tone('dim')}>
                  {inert(span.text)}
                </Text>
              ))}
        </Text>
      ))}
    </Box>
  );
}

/** Clamps a scroll offset so the window never runs past the end. */
export const clampOffset = (offset: number, total: number, height: number): number => Math.max(0, Math.min(offset, Math.max(0, total - height)));
