import { Box, Text } from 'ink';
import type { Exam } from '../../models/index.js';
import { verdictOf, type Verdict } from '../../models/report.js';
import { inertLine } from '../../text/inert.js';
import { formatPercent, truncate } from '../format.js';
import { useTone } from '../theme.js';
import type { HomeData, TaskSummary } from './home-types.js';

const VERDICT_TONE: Record<Verdict, 'ok' | 'bad' | 'warn'> = { pass: 'ok', fail: 'bad', incomplete: 'warn' };

/** The drill browser: filter line, then a window of matching tasks. */
export function BrowsePanel(props: { readonly tasks: readonly TaskSummary[]; readonly filter: string; readonly exam?: Exam; readonly index: number; readonly width: number; readonly height: number }) {
  const tone = useTone();
  const { tasks, index, height, width } = props;
  const start = Math.max(0, Math.min(index - Math.floor(height / 2), tasks.length - height));
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold>Filter: </Text>
        <Text color={tone('accent')}>{inertLine(props.filter)}</Text>
        <Text inverse> </Text>
        <Text color={tone('dim')}>
          {'  '}exam: {props.exam ?? 'all'} · {tasks.length} task{tasks.length === 1 ? '' : 's'}
        </Text>
      </Text>
      {tasks.length === 0 && <Text color={tone('dim')}>No task matches. Backspace widens the filter.</Text>}
      {tasks.slice(start, start + height).map((t, i) => {
        const here = start + i === index;
        const tail = inertLine(`${t.domain} · ${t.minutes}m${t.available ? '' : ' · live only'}`);
        return (
          <Text key={t.id} inverse={here} color={tone(t.available ? undefined : 'dim')} wrap="truncate-end">
            {here ? '▸ ' : '  '}
            {truncate(inertLine(`${t.id} — ${t.title}`), Math.max(10, width - tail.length - 5))}
            <Text color={tone('dim')}> {tail}</Text>
          </Text>
        );
      })}
    </Box>
  );
}

/** Loaded packs and any problems in them. */
export function PacksPanel(props: { readonly data: HomeData; readonly height: number }) {
  const tone = useTone();
  const { packs, problems } = props.data;
  return (
    <Box flexDirection="column">
      {packs.map((p) => (
        <Text key={p.id}>
          {'  '}
          <Text bold>{inertLine(p.id)}</Text> — {p.tasks} task{p.tasks === 1 ? '' : 's'}
        </Text>
      ))}
      {problems.length > 0 && (
        <Text bold color={tone('bad')}>
          {problems.length} problem{problems.length === 1 ? '' : 's'} (kubedrill pack validate DIR shows them all):
        </Text>
      )}
      {problems.slice(0, Math.max(1, props.height - packs.length - 2)).map((p, i) => (
        <Text key={i} color={tone('bad')} wrap="truncate-end">
          {'  '}
          {inertLine(p)}
        </Text>
      ))}
      <Text color={tone('dim')}>Add your own packs with --pack DIR.</Text>
    </Box>
  );
}

/** Attempts, per-domain trends and the weakest topics, with a drill to practise them. */
export function HistoryPanel(props: { readonly data: HomeData; readonly width: number }) {
  const tone = useTone();
  const { history } = props.data;
  if (history.exams.length === 0 && history.drills === 0) {
    return <Text color={tone('dim')}>No attempts yet: finish a mock exam or check a drill.</Text>;
  }
  return (
    <Box flexDirection="column">
      <Text bold>
        {history.exams.length} exam{history.exams.length === 1 ? '' : 's'} · {history.drills} drill check{history.drills === 1 ? '' : 's'}
      </Text>
      {history.exams.slice(0, 4).map((e) => (
        <Text key={e.attemptId} wrap="truncate-end">
          {'  '}
          {new Date(e.finishedAt).toISOString().slice(0, 16).replace('T', ' ')} {e.exam.padEnd(4)}{' '}
          <Text color={tone(VERDICT_TONE[verdictOf(e)])} bold>
            {formatPercent(e.percent).padStart(6)} {verdictOf(e)}
          </Text>
          <Text color={tone('dim')}> seed {e.seed}</Text>
        </Text>
      ))}
      {history.trends.length > 0 && <Text bold>Domains (last exams, oldest → newest)</Text>}
      {history.trends.slice(0, 6).map((t) => (
        <Text key={`${t.exam}:${t.domain}`} wrap="truncate-end">
          {'  '}
          {truncate(inertLine(`${t.exam} ${t.domain}`), 34).padEnd(34)} {t.percents.slice(-4).map(formatPercent).join(' → ')}
          {t.change !== undefined && <Text color={tone(t.change >= 0 ? 'ok' : 'bad')}> ({t.change >= 0 ? '+' : ''}{t.change})</Text>}
        </Text>
      ))}
      {history.weakest.length > 0 && <Text bold>Weakest topics</Text>}
      {history.weakest.slice(0, 4).map((t) => (
        <Text key={`${t.kind}:${t.id}`}>
          {'  '}
          <Text color={tone('bad')}>{formatPercent(t.percent).padStart(6)}</Text> {t.kind} {inertLine(t.id)} <Text color={tone('dim')}>({t.samples} tasks)</Text>
        </Text>
      ))}
      {history.suggestion && (
        <Text color={tone('accent')} wrap="truncate-end">
          ⏎ drill the weakest topic now ({inertLine(history.suggestion.command)})
        </Text>
      )}
    </Box>
  );
}
