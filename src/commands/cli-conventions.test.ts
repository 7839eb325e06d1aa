import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../cli.js';
import type { CommandIO } from '../system/io.js';

async function run(argv: string[], columns?: number) {
  let out = '';
  let err = '';
  const stdout = Object.assign(new PassThrough(), columns ? { isTTY: true, columns } : {});
  const stderr = new PassThrough();
  stdout.on('data', (d) => (out += String(d)));
  stderr.on('data', (d) => (err += String(d)));
  const home = await mkdtemp(join(tmpdir(), 'kubedrill-cli-'));
  const io: CommandIO = { stdout, stderr, stdin: new PassThrough(), env: { KUBEDRILL_HOME: home }, cwd: process.cwd(), signal: new AbortController().signal, now: () => 0 };
  const code = await main(argv, io);
  return { code, out, err };
}

describe('CLI conventions', () => {
  it.each([['drill', '--help'], ['exam', '--help'], ['pack', 'validate', '--help'], ['help', 'drill'], ['help', 'pack', 'test'], ['--help']])(
    'Given `%s %s`, When run, Then its help prints on stdout and the exit code is 0',
    async (...argv) => {
      const result = await run(argv);
      expect(result).toMatchObject({ code: 0, err: '' });
      expect(result.out).toMatch(/^Usage: kubedrill/);
    },
  );

  it('Given `kubedrill pack`, When run, Then it lists its subcommands (exit 0)', async () => {
    const result = await run(['pack']);
    expect(result.code).toBe(0);
    for (const sub of ['validate', 'test', 'schema', 'trust']) expect(result.out).toContain(sub);
  });

  it('Given a mistyped command or subcommand, When run, Then it is a usage error (2) that suggests the right one', async () => {
    expect(await run(['dril'])).toMatchObject({ code: 2, err: expect.stringContaining('Did you mean drill?') });
    expect(await run(['pack', 'valdate'])).toMatchObject({ code: 2, err: expect.stringContaining('Did you mean validate?') });
    expect(await run(['help', 'exma'])).toMatchObject({ code: 2, err: expect.stringContaining('Did you mean exam?') });
  });

  it('Given a terminal 60 columns wide (and a pipe), When help prints, Then no line is wider than the terminal (80 in a pipe)', async () => {
    for (const [argv, width] of [[['--help'], 60], [['exam', '--help'], 60], [['--help'], undefined]] as const) {
      const { out } = await run([...argv], width);
      for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(width ?? 80);
    }
  });

  it('Given --offline followed by a new directory name, When parsed, Then the word is the workspace, never a task id', async () => {
    const result = await run(['check', 'ckad/configmap-secret', '--offline', 'no-such-dir', '--json']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.out)).toMatchObject({ error: { kind: 'usage', message: 'no offline workspace at no-such-dir' } });
  });

  it('Given --offline with --context, When parsed, Then the clash is a usage error, not a silent choice', async () => {
    expect(await run(['drill', '--offline', '--context', 'lab'])).toMatchObject({ code: 2, err: expect.stringContaining('cannot be used with') });
  });

  it.each([['list', '--json', '--no-such-option'], ['check', 'no/such-task', '--json'], ['exam', 'nope', '--plan', '--json'], ['history', '--json', 'extra']])(
    'Given `%s %s %s` failing, When run with --json, Then stdout still parses as JSON with the error',
    async (...argv) => {
      const result = await run(argv);
      expect(result.code).toBe(2);
      expect(JSON.parse(result.out)).toMatchObject({ formatVersion: 1, error: { kind: 'usage', exitCode: 2 } });
    },
  );

  it('Given no kind on PATH, When `cluster status --json` and `doctor --json` run, Then stdout still holds JSON (an error or the findings)', async () => {
    const status = await run(['cluster', 'status', '--json']);
    expect(status.code).toBe(3);
    expect(JSON.parse(status.out)).toMatchObject({ formatVersion: 1, error: { kind: 'problem', message: expect.stringContaining('kind') } });
    const doctor = await run(['doctor', '--json', '--no-probe']);
    expect(doctor.code).toBe(1);
    expect(JSON.parse(doctor.out)).toHaveProperty('failed', true);
  });

  it('Given the bash completion script, When bash completes `kubedrill pack v` and `kubedrill drill --off`, Then it offers validate and --offline', async () => {
    const { out } = await run(['completion', 'bash']);
    const script = join(await mkdtemp(join(tmpdir(), 'kubedrill-completion-')), 'completion.bash');
    await writeFile(script, out);
    const complete = (words: string[]) =>
      execFileSync('bash', ['-c', `source "$0"; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _kubedrill; echo "\${COMPREPLY[*]}"`, script], { encoding: 'utf8' }).trim();
    expect(complete(['kubedrill', 'pack', 'v'])).toBe('validate');
    expect(complete(['kubedrill', 'drill', '--off'])).toBe('--offline');
    expect(complete(['kubedrill', 'clu'])).toBe('cluster');
    expect((await run(['completion', 'zsh'])).out).toContain('bashcompinit');
  });
});
