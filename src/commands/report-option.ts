// `pack test --report KIND=FILE`, kept beside the command declarations (light: no services load
// at startup) and apart from options.ts, which holds the options many commands share.
import { InvalidArgumentError, Option } from '@commander-js/extra-typings';
import type { ReportRequest } from '../services/test-report.js';

const KINDS = ['junit', 'json'] as const;

/** `junit=reports/kubedrill.xml` → { kind, file }; a usage error names what is wrong. */
export function parseReportRequest(value: string, previous: ReportRequest[] = []): ReportRequest[] {
  const at = value.indexOf('=');
  const kind = at < 0 ? value : value.slice(0, at);
  const file = at < 0 ? '' : value.slice(at + 1);
  if (!KINDS.includes(kind as ReportRequest['kind'])) throw new InvalidArgumentError(`expected KIND=FILE with KIND one of ${KINDS.join(', ')} (e.g. junit=report.xml), got "${value}"`);
  if (file === '') throw new InvalidArgumentError(`expected a file after "${kind}=" (e.g. ${kind}=report.${kind === 'junit' ? 'xml' : 'json'})`);
  return [...previous, { kind: kind as ReportRequest['kind'], file }];
}

/** `--report KIND=FILE`, repeatable: `junit=FILE` (JUnit XML) and `json=FILE` (the `--json` output). */
export const reportOption = () =>
  new Option('--report <kind=file>', 'also write a report for CI: junit=FILE (JUnit XML, a case per task phase) or json=FILE; repeatable').argParser(parseReportRequest);
