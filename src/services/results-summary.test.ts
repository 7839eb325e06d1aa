import { describe, expect, it } from 'vitest';
import { examAttemptOf, type TaskOutcome } from '../../test/support/exam-attempts.js';
import { descendants, parseXml } from '../../test/support/xml.js';
import type { AttemptPack } from './history-entry.js';
import { attemptExport } from './history-export.js';
import { classCsv, classJunit, classText, csvCell } from './results-formats.js';
import { summarizeClass, type ReadExport } from './results-summary.js';

const H1 = 'a'.repeat(64);
const H0 = 'b'.repeat(64);
const acme = (version: string, sha256: string): AttemptPack[] => [{ id: 'acme', version, sha256 }];

function exportOf(file: string, learner: string | undefined, tasks: TaskOutcome[], packs?: AttemptPack[]): ReadExport {
  const attempt = examAttemptOf(`cka-${file}`, tasks, packs);
  return { file, label: learner ?? file, export: attemptExport(attempt, { ...(learner ? { learner } : {}), kubedrillVersion: '0.1.0', now: 0 }) };
}

/** Three learners: Ada full marks on t1 and a third of t2, Bob nothing on t1 and all of t2, Cy half of t1 on an older pack. */
const CLASS = [
  exportOf('ada.json', 'Ada', [
    { id: 'acme/t1', domain: 'storage', checks: { a: true, b: true } },
    { id: 'acme/t2', domain: 'troubleshooting', checks: { x: true, y: false, z: false } },
  ], acme('1.2.0', H1)),
  exportOf('bob.json', 'Bob', [
    { id: 'acme/t1', domain: 'storage', checks: { a: false, b: false } },
    { id: 'acme/t2', domain: 'troubleshooting', checks: { x: true, y: true, z: true } },
  ], acme('1.2.0', H1)),
  exportOf('cy.json', undefined, [{ id: 'acme/t1', domain: 'storage', checks: { a: true, b: false } }], acme('1.1.0', H0)),
];

describe('class results', () => {
  it('Given three exports, When summarized, Then each task and domain has its attempts, mean score and most-failed checks', () => {
    const summary = summarizeClass(CLASS);
    expect(summary.tasks).toEqual([
      // t1: 100%, 0%, 50% → 50; b failed twice (Bob, Cy), a once (Bob).
      { id: 'acme/t1', domain: 'storage', attempts: 3, meanPercent: 50, mostFailed: [{ id: 'b', failed: 2 }, { id: 'a', failed: 1 }] },
      // t2: 33.3%, 100% → 66.7; y and z failed once each (Ada).
      { id: 'acme/t2', domain: 'troubleshooting', attempts: 2, meanPercent: 66.7, mostFailed: [{ id: 'y', failed: 1 }, { id: 'z', failed: 1 }] },
    ]);
    expect(summary.domains.map((d) => [d.exam, d.id, d.attempts, d.meanPercent])).toEqual([
      ['CKA', 'storage', 3, 50],
      ['CKA', 'troubleshooting', 2, 66.7],
    ]);
    expect(summary.learners.map((l) => [l.label, l.percent, l.verdict])).toEqual([
      ['Ada', 60, 'fail'],
      ['Bob', 60, 'fail'],
      ['cy.json', 50, 'fail'],
    ]);
  });

  it('Given no instructor pack, When summarized, Then the pack most exports used is the reference and the other version is flagged', () => {
    const summary = summarizeClass(CLASS);
    expect(summary.references).toEqual([{ id: 'acme', version: '1.2.0', sha256: H1, source: 'most exports' }]);
    expect(summary.learners.map((l) => l.flags)).toEqual([[], [], ['pack acme 1.1.0, most exports have 1.2.0']]);
  });

  it("Given the instructor's pack, When summarized, Then every export on another version, other content or without the pack is flagged", () => {
    const sameVersionOtherContent = exportOf('dee.json', 'Dee', [{ id: 'acme/t1', domain: 'storage', checks: { a: true } }], acme('1.2.0', H0));
    const noPacksRecorded = exportOf('old.json', 'Old', [{ id: 'acme/t1', domain: 'storage', checks: { a: true } }]);
    const otherPackOnly = exportOf('eve.json', 'Eve', [{ id: 'cka/x', domain: 'storage', checks: { a: true } }], [{ id: 'cka', version: '1.0.0', sha256: H1 }]);
    const summary = summarizeClass([...CLASS, sameVersionOtherContent, noPacksRecorded, otherPackOnly], acme('1.2.0', H1));
    expect(Object.fromEntries(summary.learners.map((l) => [l.label, l.flags]))).toEqual({
      Ada: [],
      Bob: [],
      'cy.json': ["pack acme 1.1.0, the instructor's 1.2.0"],
      Dee: [`pack acme 1.2.0 with other content than the instructor's (hash ${H0.slice(0, 12)}, not ${H1.slice(0, 12)})`],
      Old: ['pack versions not recorded (an attempt from before kubedrill kept them)'],
      Eve: ['no task from pack acme'],
    });
  });

  it('Given the summary, When shown as text, Then the tables hold the aggregates and the flagged attempt is named with why', () => {
    const text = classText(summarizeClass(CLASS), 120);
    expect(text).toMatch(/^acme\/t1\s+storage\s+3\s+50%\s+b ×2, a ×1$/m);
    expect(text).toMatch(/^acme\/t2\s+troubleshooting\s+2\s+66\.7%\s+y ×1, z ×1$/m);
    expect(text).toMatch(/^CKA\s+storage\s+3\s+50%$/m);
    expect(text).toMatch(/^cy\.json\s+CKA\s+50%\s+fail\s+cka-cy\.json\s+FLAGGED$/m);
    expect(text).toContain('  cy.json (cy.json): pack acme 1.1.0, most exports have 1.2.0');
  });

  it('Given the exports, When written as JUnit, Then a suite per learner holds a case per task, failed below full marks with the failed checks', () => {
    const root = parseXml(classJunit(CLASS));
    expect(descendants(root, 'testsuite').map((s) => [s.attributes.name, s.attributes.tests, s.attributes.failures])).toEqual([
      ['Ada cka-ada.json', '2', '1'],
      ['Bob cka-bob.json', '2', '1'],
      ['cy.json cka-cy.json', '1', '1'],
    ]);
    const failures = descendants(root, 'failure').map((f) => f.attributes.message);
    expect(failures).toEqual(['scored 33.3% (1/3): failed y, z', 'scored 0% (0/2): failed a, b', 'scored 50% (1/2): failed b']);
  });

  it('Given the exports, When written as CSV, Then a row per learner and task with the flags', () => {
    const lines = classCsv(summarizeClass(CLASS), CLASS).trimEnd().split('\r\n');
    expect(lines[0]).toBe('learner,file,attempt,exam,task,domain,earned,possible,percent,failed_checks,pack_flags');
    expect(lines.slice(1)).toEqual([
      'Ada,ada.json,cka-ada.json,CKA,acme/t1,storage,2,2,100,,',
      'Ada,ada.json,cka-ada.json,CKA,acme/t2,troubleshooting,1,3,33.3,y z,',
      'Bob,bob.json,cka-bob.json,CKA,acme/t1,storage,0,2,0,a b,',
      'Bob,bob.json,cka-bob.json,CKA,acme/t2,troubleshooting,3,3,100,,',
      'cy.json,cy.json,cka-cy.json,CKA,acme/t1,storage,1,2,50,b,"pack acme 1.1.0, most exports have 1.2.0"',
    ]);
  });

  it('Given cells a spreadsheet would misread, When written as CSV, Then they are quoted and formulas defused', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(-1)).toBe('-1');
  });
});
