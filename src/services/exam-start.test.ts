import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { openOfflineEnvironment } from '../environments/offline/index.js';
import type { LoadedTask } from '../models/index.js';
import type { Catalog } from '../packs/catalog.js';
import type { CommandIO } from '../system/io.js';
import { ckaProfile, loaded, makeTask } from '../../test/ui/fixtures.js';
import type { ExamOutcome, ExamSession } from './exam-session.js';
import { drawAndStartExam } from './exam-start.js';
import { storePaths } from './exam-store.js';
import { readHistory, type ExamAttempt } from './history.js';

/** The exam screen, played by the test: `learner` acts on the running exam, then the outcome is returned. */
const ui = vi.hoisted(() => ({ renderExam: vi.fn() }));
const drills = vi.hoisted(() => ({ runDrill: vi.fn() }));
vi.mock('../ui/index.js', () => ui);
vi.mock('./drill-start.js', async (original) => ({ ...(await original<typeof import('./drill-start.js')>()), runDrill: drills.runDrill }));

const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: lab}\n';
const ANSWER = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app, namespace: lab}\ndata: {mode: production}\n';

/** One CKA task: its setup creates namespace lab, its one check wants ConfigMap app there. */
function labTask(): LoadedTask {
  const task = makeTask('cka/lab', { domain: 'storage', setup: [{ apply: NAMESPACE }] });
  task.checks = [{ id: 'app', type: 'resource', points: 2, ref: 'configmap/app', namespace: 'lab' }];
  return loaded(task);
}

async function fixture() {
  const home = await mkdtemp(join(tmpdir(), 'kubedrill-exam-start-'));
  const workspace = join(home, 'ws');
  const io: CommandIO = { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env: { KUBEDRILL_HOME: home }, cwd: home, signal: new AbortController().signal, now: Date.now };
  const catalog: Catalog = { packs: [], tasks: [labTask()], profiles: [ckaProfile], problems: [] };
  const environment = await openOfflineEnvironment(workspace);
  /** Runs one exam in the workspace: `learner` works in it, then it is submitted and `outcome` chosen. */
  const exam = async (learner: () => Promise<void>, outcome: ExamOutcome = { kind: 'done' }): Promise<ExamAttempt> => {
    ui.renderExam.mockImplementationOnce(async ({ session }: { session: ExamSession }) => {
      await learner();
      await session.finish('submit');
      return outcome;
    });
    await drawAndStartExam(catalog, ckaProfile, environment, { offline: workspace, packDirs: [] }, { seed: 1, practice: false }, io);
    return (await readHistory(storePaths(io.env).history)).at(-1) as ExamAttempt;
  };
  return { workspace, exam, catalog };
}

beforeEach(() => {
  ui.renderExam.mockReset();
  drills.runDrill.mockReset();
});

describe('starting an exam', () => {
  it('Given an offline workspace where an earlier exam answered a task, When a new exam draws the same task, Then that answer no longer scores and the learner file is kept in a backup', async () => {
    const { workspace, exam } = await fixture();
    const answered = await exam(async () => {
      await mkdir(join(workspace, 'lab'), { recursive: true });
      await writeFile(join(workspace, 'lab', 'app.yaml'), ANSWER);
    });
    expect(answered.tasks[0]).toMatchObject({ id: 'cka/lab', earned: 2, possible: 2 });

    const fresh = await exam(async () => {});
    expect(fresh.tasks[0]).toMatchObject({ id: 'cka/lab', earned: 0, possible: 2 });
    // The learner's own file was moved aside, not deleted: kubedrill deletes only what it wrote.
    const backups = await readdir(join(workspace, '.kubedrill', 'backup'), { recursive: true, withFileTypes: true });
    const copies = await Promise.all(backups.filter((e) => e.isFile()).map((e) => readFile(join(e.parentPath, e.name), 'utf8')));
    expect(copies).toContain(ANSWER);
  });

  it('Given the results, When the learner asks to retry the missed tasks, Then a drill runs over them once the exam is closed', async () => {
    const { exam, catalog } = await fixture();
    await exam(async () => {}, { kind: 'retry', taskIds: ['cka/lab'] });
    expect(drills.runDrill).toHaveBeenCalledTimes(1);
    expect(drills.runDrill.mock.calls[0]?.[0]).toEqual(catalog.tasks);
  });
});
