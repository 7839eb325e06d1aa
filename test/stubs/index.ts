import { chmod, copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One canned answer: the first rule whose `bin` matches and whose `match` tokens all appear in argv wins. */
export interface StubRule {
  bin: string;
  /** Argv elements that must all be present (any order). */
  match?: string[];
  stdout?: string;
  stderr?: string;
  exitCode?: number;
  /** Used up after this many calls (default: never). */
  times?: number;
  sleepMs?: number;
}

/** One recorded invocation of a stub. */
export interface StubCall {
  bin: string;
  args: string[];
  stdin: string;
}

export interface StubBin {
  /** Directory holding the stub executables (put it first on PATH). */
  dir: string;
  /** Environment for a process runner: PATH with the stubs first, KUBEDRILL_STUB_DIR set. */
  env: NodeJS.ProcessEnv;
  setRules(rules: StubRule[]): Promise<void>;
  calls(): Promise<StubCall[]>;
  cleanup(): Promise<void>;
}

const STUB_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'stub.mjs');

/**
 * Creates stub executables named `bins` (default kind, kubectl, docker) in a fresh temp dir.
 * Every call is recorded with its argv and stdin; answers come from the rules.
 */
export async function createStubBin(rules: StubRule[] = [], bins = ['kind', 'kubectl', 'docker']): Promise<StubBin> {
  const dir = await mkdtemp(join(tmpdir(), 'kubedrill-stubs-'));
  for (const bin of bins) {
    await copyFile(STUB_SCRIPT, join(dir, bin));
    await chmod(join(dir, bin), 0o755);
  }
  const stub: StubBin = {
    dir,
    env: { ...process.env, PATH: `${dir}:${process.env.PATH ?? '/usr/bin:/bin'}`, KUBEDRILL_STUB_DIR: dir },
    async setRules(next) {
      await writeFile(join(dir, 'rules.json'), JSON.stringify(next));
      await rm(join(dir, 'used.json'), { force: true });
    },
    async calls() {
      const text = await readFile(join(dir, 'calls.jsonl'), 'utf8').catch(() => '');
      return text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as StubCall);
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
  await stub.setRules(rules);
  return stub;
}
