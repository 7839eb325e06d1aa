import { Box, Text, useStdout } from 'ink';
import { displayWidth, padColumns } from '../text/columns.js';
import { useTone } from './theme.js';

/** A key and what it does, for the help bar and the `?` list. */
export type Shortcut = readonly [key: string, label: string];

const GAP = 2;
const shortcutWidth = ([key, label]: Shortcut): number => displayWidth(key) + 1 + displayWidth(label);

/**
 * The shortcuts that fit in `width` columns, whole: the ones before `?` and the last are dropped
 * from the end first, so the bar never ends in half a label and always says how to see the rest.
 */
export function fitShortcuts(keys: readonly Shortcut[], width: number): readonly Shortcut[] {
  const kept = [...keys];
  const total = () => kept.reduce((sum, k, i) => sum + (i > 0 ? GAP : 0) + shortcutWidth(k), 0);
  for (let i = kept.length - 2; i >= 0 && total() > width; i--) {
    if (kept[i]?.[0] !== '?') kept.splice(i, 1);
  }
  return kept;
}

/** One line of the most useful keys at the bottom of every screen (fitted to `width`, default the terminal's). */
export function HelpBar(props: { readonly keys: readonly Shortcut[]; readonly width?: number }) {
  const tone = useTone();
  const { stdout } = useStdout();
  const keys = fitShortcuts(props.keys, props.width ?? (stdout.columns || 80));
  return (
    <Box>
      <Text wrap="truncate-end">
        {keys.map(([key, label], i) => (
          <Text key={key}>
            {i > 0 ? '  ' : ''}
            <Text bold color={tone('accent')}>
              {key}
            </Text>{' '}
            <Text color={tone('dim')}>{label}</Text>
          </Text>
        ))}
      </Text>
    </Box>
  );
}

/** The `?` overlay: every shortcut of the screen, one per line. */
export function ShortcutList(props: { readonly title: string; readonly keys: readonly Shortcut[] }) {
  const tone = useTone();
  const keyWidth = Math.max(0, ...props.keys.map(([key]) => displayWidth(key))) + 2;
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold color={tone('title')}>
        {props.title} — shortcuts
      </Text>
      {props.keys.map(([key, label]) => (
        <Text key={key}>
          <Text bold color={tone('accent')}>
            {padColumns(key, keyWidth)}
          </Text>
          {label}
        </Text>
      ))}
      <Text color={tone('dim')}>any key closes this list</Text>
    </Box>
  );
}

/** A yes/no question in place of the help bar. */
export function Confirm(props: { readonly question: string }) {
  const tone = useTone();
  return (
    <Text wrap="truncate-end">
      <Text bold color={tone('warn')}>
        {props.question}
      </Text>{' '}
      <Text bold>y</Text>es / <Text bold>n</Text>o
    </Text>
  );
}
