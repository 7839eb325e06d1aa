import { Box, Text } from 'ink';
import { useMemo } from 'react';
import type { Exam } from '../../models/index.js';
import { verdictOf, type Verdict } from '../../models/report.js';
import type { HistorySummary, Topic } from '../../services/history.js';
import { inertLine } from '../../text/inert.js';
import { columnWidths, fitColumns, type ColumnSpec } from '../../text/columns.js';
import { formatLocalTime } from '../../text/local-time.js';
import { formatPercent } from '../format.js';
import { useTone } from '../theme.js';
import type { HomeData, TaskSummary } from './home-types.js';

const VERDICT_TONE: Record<Verdict, 'ok' | 'bad' | 'warn'> = { pass: 'ok', fail: 'bad', incomplete: 'warn' };
const GAP = '  ';
/** The `▸ ` or two spaces before each row. */
const MARK = 2;

/** Cells padded or cut to their column's width (cells must already be inert). */
const fitRow = (cells: readonly string[], widths: readonly number[], specs: readonly ColumnSpec[]): string[] => cells.map((cell, i) => fitColumns(cell, widths[i] ?? 0, specs[i]?.align));

const BROWSE_COLUMNS: readonly ColumnSpec[] = [{ max: 34 }, {}, { max: 28 }, { align: 'right' }, {}];
const BROWSE_HEADER = ['TASK', 'TITLE', 'DOMAIN', 'TIME', ''];
const browseCells = (t: TaskSummary): string[] => [inertLine(t.id), inertLine(t.title), inertLine(t.domain), `${t.minutes}m`, t.available ? '' : 'live only'];

/** The first visible row of a window of `height` rows that keeps `index` in view, centred when it can. */
export const windowStart = (index: number, count: number, height: number): number => Math.max(0, Math.min(index - Math.floor(height / 2), count - height));

/**
 * The drill browser: filter line with the position in the list, a header, then a window of the
 * matching tasks in aligned columns. Widths come from every task (`all`), so the columns stay put
 * while the learner types; the title takes the width that is left.
 */
export function BrowsePanel(props: { readonly tasks: readonly TaskSummary[]; readonly all: readonly TaskSummary[]; readonly filter: string; readonly exam?: Exam; readonly index: number; readonly width: number; readonly height: number }) {
  const tone = useTone();
  const { tasks, index, width } = props;
  const rows = Math.max(1, props.height - 2);
  const widths = useMemo(() => columnWidths([BROWSE_HEADER, ...props.all.map(browseCells)], { width: width - MARK - 1, columns: BROWSE_COLUMNS, flex: 1 }), [props.all, width]);
  const start = windowStart(index, tasks.length, rows);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold>Filter: </Text>
        <Text color={tone('accent')}>{inertLine(props.filter)}</Text>
        <Text inverse> </Text>
        <Text color={tone('dim')}>
          {'  '}exam: {props.exam ?? 'all'} · {tasks.length} task{tasks.length === 1 ? '' : 's'}
          {tasks.length > rows ? ` · ${index + 1}/${tasks.length}` : ''}
        </Text>
      </Text>
      {tasks.length === 0 ? (
        <Text color={tone('dim')}>No task matches. Backspace widens the filter, Esc clears it.</Text>
      ) : (
        <Text color={tone('dim')} wrap="truncate-end">
          {' '.repeat(MARK)}
          {fitRow(BROWSE_HEADER, widths, BROWSE_COLUMNS).join(GAP).trimEnd()}
        </Text>
      )}
      {tasks.slice(start, start + rows).map((t, i) => {
        const here = start + i === index;
        const [id, title, domain, time, note] = fitRow(browseCells(t), widths, BROWSE_COLUMNS);
        return (
          <Text key={t.id} inverse={here} color={tone(t.available ? undefined : 'dim')} wrap="truncate-end">
            {here ? '▸ ' : '  '}
            {id}
            {GAP}
            <Text bold={here}>{title}</Text>
            <Text color={tone('dim')}>{`${GAP}${domain}${GAP}${time}${note?.trim() ? `${GAP}${note}` : ''}`}</Text>
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
  const idWidth = columnWidths(packs.map((p) => [p.id]), { width: 40 })[0] ?? 0;
  return (
    <Box flexDirection="column">
      {packs.map((p) => (
        <Text key={p.id}>
          {'  '}
          <Text bold>{fitColumns(inertLine(p.id), idWidth)}</Text>
          {GAP}
          {p.tasks} task{p.tasks === 1 ? '' : 's'}
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

/**
 * The weakest domains, weakest first. Tags are left out: they are the packs' own vocabulary
 * ("answers" means "writes an answer file"), not topics a learner recognises.
 */
export const weakestDomains = (history: HistorySummary): Topic[] => history.weakest.filter((t) => t.kind === 'domain');

const EXAM_COLUMNS: readonly ColumnSpec[] = [{}, {}, { align: 'right' }, {}, {}];

/** Attempts in local time, per-domain trends and the weakest domains by their titles, with a drill to practise the weakest. */
/** How many past exams History lists (newest first), each one can be reopened. */
export const HISTORY_EXAMS = 6;

export function HistoryPanel(props: { readonly data: HomeData; readonly width: number; readonly index: number }) {
  const tone = useTone();
  const { history, domainTitles } = props.data;
  if (history.exams.length === 0 && history.drills === 0) {
    return <Text color={tone('dim')}>No attempts yet: finish a mock exam or check a drill.</Text>;
  }
  const title = (domain: string) => inertLine(domainTitles[domain] ?? domain);
  const exams = history.exams.slice(0, HISTORY_EXAMS).map((e) => ({ e, cells: [formatLocalTime(e.finishedAt), inertLine(e.exam), formatPercent(e.percent), verdictOf(e), e.practice ? 'practice' : 'mock'] }));
  const examWidths = columnWidths(exams.map((r) => r.cells), { width: props.width - MARK, columns: EXAM_COLUMNS });
  const trends = history.trends.slice(0, 5).map((t) => ({ t, cells: [inertLine(t.exam), inertLine(t.title)] }));
  const trendWidths = columnWidths(trends.map((r) => r.cells), { width: Math.max(20, props.width - MARK - 30), columns: [{}, { max: 48 }] });
  const weakest = weakestDomains(history);
  return (
    <Box flexDirection="column">
      <Text bold>
        {history.exams.length} exam{history.exams.length === 1 ? '' : 's'} · {history.drills} drill check{history.drills === 1 ? '' : 's'}
      </Text>
      {exams.map(({ e, cells }, i) => {
        const [when, exam, percent, verdict, mode] = fitRow(cells, examWidths, EXAM_COLUMNS);
        return (
          <Text key={e.attemptId} wrap="truncate-end">
            {i === props.index ? '▸ ' : '  '}
            {when}
            {GAP}
            {exam}
            {GAP}
            <Text color={tone(VERDICT_TONE[verdictOf(e)])} bold>
              {percent}
              {GAP}
              {verdict}
            </Text>
            <Text color={tone('dim')}>{`${GAP}${mode}`}</Text>
          </Text>
        );
      })}
      {trends.length > 0 && <Text bold>Domains (last exams, oldest → newest)</Text>}
      {trends.map(({ t, cells }) => (
        <Text key={`${t.exam}:${t.domain}`} wrap="truncate-end">
          {'  '}
          {fitRow(cells, trendWidths, []).join(GAP)}
          {GAP}
          {t.percents.slice(-4).map(formatPercent).join(' → ')}
          {t.change !== undefined && <Text color={tone(t.change >= 0 ? 'ok' : 'bad')}> ({t.change >= 0 ? '+' : ''}{t.change})</Text>}
        </Text>
      ))}
      {weakest.length > 0 && <Text bold>Weakest domains</Text>}
      {weakest.slice(0, 3).map((t) => (
        <Text key={t.id} wrap="truncate-end">
          {'  '}
          <Text color={tone('bad')}>{fitColumns(formatPercent(t.percent), 6, 'right')}</Text>
          {GAP}
          {title(t.id)} <Text color={tone('dim')}>({t.samples} task attempt{t.samples === 1 ? '' : 's'})</Text>
        </Text>
      ))}
      {weakest[0] && (
        <Text color={tone('accent')} wrap="truncate-end">
          w drill the weakest domain now: {title(weakest[0].id)}
        </Text>
      )}
    </Box>
  );
}
