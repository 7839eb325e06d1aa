import { Box, Text } from 'ink';
import { inert } from '../text/inert.js';
import type { Line } from './rich-text.js';
import { useTone } from './theme.js';

/**
 * Rows of `height` that show content when `total` lines scroll in it: one row goes to the
 * position line ("lines 12–40 of 85") once the content is taller than the view.
 */
export const visibleRows = (total: number, height: number): number => (total > height && height >= 2 ? height - 1 : height);

/** Clamps a scroll offset so the window never runs past the end (the position line taken into account). */
export const clampOffset = (offset: number, total: number, height: number): number => Math.max(0, Math.min(offset, Math.max(0, total - visibleRows(total, height))));

/**
 * Where a window of `height` rows at `offset` sits in `total` lines, e.g. `lines 12–40 of 85 ·
 * ↑↓ more`; undefined when everything fits. `noun` names the lines (`tasks` for a list).
 */
export function scrollStatus(offset: number, total: number, height: number, noun = 'lines'): string | undefined {
  if (total <= height) return undefined;
  const shown = visibleRows(total, height);
  const start = clampOffset(offset, total, height);
  const end = Math.min(total, start + shown);
  const arrows = `${start > 0 ? '↑' : ''}${end < total ? '↓' : ''}`;
  return `${noun} ${start + 1}–${end} of ${total}${arrows ? ` · ${arrows} more` : ''}`;
}

/**
 * Renders pre-wrapped lines; `offset`/`height` show a window of them (scrolling), with a
 * position line at the bottom when they do not all fit, so the learner knows there is more;
 * `fill` pads short content to `height`.
 * Every span is made inert here, the one place statements, hints, reports and solutions reach
 * the screen: pack text cannot retitle the window, write the clipboard or hide text.
 */
export function LinesView(props: { readonly lines: readonly Line[]; readonly offset?: number; readonly height?: number; readonly fill?: boolean }) {
  const tone = useTone();
  const { lines, height } = props;
  const start = height === undefined ? Math.max(0, props.offset ?? 0) : clampOffset(props.offset ?? 0, lines.length, height);
  const shown = height === undefined ? lines.slice(start) : lines.slice(start, start + visibleRows(lines.length, height));
  const status = height === undefined ? undefined : scrollStatus(start, lines.length, height);
  // `fill`: short content still takes the whole height, so what follows (the help bar) stays
  // at the bottom of the screen instead of moving with the text.
  if (props.fill && height !== undefined && status === undefined) shown.push(...Array.from({ length: Math.max(0, height - shown.length) }, (): Line => []));
  return (
    <Box flexDirection="column">
      {shown.map((line, i) => (
        <Text key={start + i} wrap="truncate-end">
          {line.length === 0
            ? ' '
            : line.map((span, j) => (
                <Text key={j} color={tone(span.tone)} bold={span.bold ?? span.tone === 'title'} italic={span.italic} dimColor={span.tone === 'dim' && !tone('dim')}>
                  {inert(span.text)}
                </Text>
              ))}
        </Text>
      ))}
      {status !== undefined && (
        <Text wrap="truncate-end" color={tone('dim')} dimColor={!tone('dim')}>
          {status}
        </Text>
      )}
    </Box>
  );
}
