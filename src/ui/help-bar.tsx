import { Box, Text } from 'ink';
import { useTone } from './theme.js';

/** A key and what it does, for the help bar and the `?` list. */
export type Shortcut = readonly [key: string, label: string];

/** One line of the most useful keys at the bottom of every screen. */
export function HelpBar(props: { readonly keys: readonly Shortcut[] }) {
  const tone = useTone();
  return (
    <Box>
      <Text wrap="truncate-end">
        {props.keys.map(([key, label], i) => (
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
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold color={tone('title')}>
        {props.title} — shortcuts
      </Text>
      {props.keys.map(([key, label]) => (
        <Text key={key}>
          <Text bold color={tone('accent')}>
            {key.padEnd(16)}
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
