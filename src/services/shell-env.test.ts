import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../cli.js';
import type { TaskWorld } from '../environments/types.js';
import { MissingBinaryError } from '../system/errors.js';
import type { CommandIO } from '../system/io.js';
import { createStubBin, type StubBin } from '../../test/stubs/index.js';
import { openTaskShell, shellKind } from './shell-env.js';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'kubedrill-shellenv-'));
});
afterEach(() => rm(home, { recursive: true, force: true }));

function io(env: NodeJS.ProcessEnv): CommandIO & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const stdout = new PassThrough().on('data', (d: Buffer) => (out += d.toString()));
  const stderr = new PassThrough().on('data', (d: Buffer) => (err += d.toString()));
  return { stdout, stderr, stdin: new PassThrough(), env: { ...env, KUBEDRILL_HOME: home }, cwd: home, signal: new AbortController().signal, now: () => 0, out: () => out, err: () => err };
}

/** Runs the printed lines in a real bash, as `eval "$(kubedrill env)"` would, and reports what they set. */
function evalInBash(lines: string, env: NodeJS.ProcessEnv = {}): string {
  const probe = 'shopt -s expand_aliases; eval "$LINES"; printf "pwd=%s\\n" "$PWD"; printf "KUBECONFIG=%s\\n" "${KUBECONFIG-unset}"; alias k; printf "do:"; printf "<%s>" $do; echo; complete -p k 2>/dev/null || echo "no k completion"';
  return execFileSync('bash', ['-c', probe], { env: { PATH: process.env.PATH, HOME: home, ...env, LINES: lines }, encoding: 'utf8' });
}

describe('kubedrill env (offline)', () => {
  it('given --offline DIR, when run, then it prints lines that cd into the workspace and set up k, $do, $now and completion, and a KUBECONFIG that reaches no cluster', async () => {
    const ws = join(home, 'ws');
    const t = io(process.env);
    expect(await main(['env', '--offline', ws], t)).toBe(0);
    const out = t.out();
    expect(out.split('\n')[0]).toBe(`# kubedrill env: offline workspace ${ws} · use: eval "$(kubedrill env --offline ${ws})"`);
    expect(out).toContain(`# offline workspace ${ws} (edit YAML here; answers in ${join(ws, 'answers')})\n`);
    expect(out).toContain(`cd -- '${ws}'\nalias k=kubectl\nexport do="--dry-run=client -o yaml"\nexport now="--force --grace-period 0"\n`);
    expect(out).toContain('  source <(kubectl completion bash)\n  complete -o default -F __start_kubectl k\n');
    expect(out).toContain("export KUBECONFIG='/dev/null'\n");
    // What a learner's bash makes of it: their own cluster is out of reach of a stray `k apply`.
    const shell = evalInBash(out, { KUBECONFIG: '/learner/config' });
    expect(shell).toContain(`pwd=${ws}\n`);
    expect(shell).toContain('KUBECONFIG=/dev/null\n');
    expect(shell).toContain("alias k='kubectl'");
    expect(shell).toContain('do:<--dry-run=client><-o><yaml>');
  });

  it('given a task id, when run offline, then the context line names that task\'s answers directory', async () => {
    const ws = join(home, 'ws');
    const t = io(process.env);
    expect(await main(['env', 'ckad/configmap-secret', '--offline', ws], t)).toBe(0);
    expect(t.out()).toContain(`(edit YAML here; answers in ${join(ws, 'answers', 'ckad__configmap-secret')})`);
    expect(t.out().split('\n')[0]).toContain(`· task ckad/configmap-secret · use: eval "$(kubedrill env ckad/configmap-secret --offline ${ws})"`);
  });

  it('given a task id that does not exist, when run, then a usage error names the near ids and nothing is opened', async () => {
    const t = io(process.env);
    expect(await main(['env', 'configmap-secret', '--offline', join(home, 'ws')], t)).toBe(2);
    expect(t.err()).toContain('no task with id "configmap-secret"');
    expect(t.err()).toContain('ckad/configmap-secret');
    expect(t.out()).toBe('');
  });

  it('given --shell zsh, when run, then $do and $now are arrays (zsh does not split words) and completion loads compinit first', async () => {
    const t = io(process.env);
    expect(await main(['env', '--offline', join(home, 'ws'), '--shell', 'zsh'], t)).toBe(0);
    expect(t.out()).toContain('typeset -ga do now\ndo=(--dry-run=client -o yaml)\nnow=(--force --grace-period 0)\n');
    expect(t.out()).toContain('(( $+functions[compdef] )) || { autoload -Uz compinit && compinit -i; }\n  source <(kubectl completion zsh)\n  compdef k=kubectl\n');
    expect(t.out()).not.toContain('export do=');
  });
});

describe('kubedrill env (stub kind)', () => {
  let stubs: StubBin;
  beforeEach(async () => {
    stubs = await createStubBin();
  });
  afterEach(() => stubs.cleanup());
  const ready = JSON.stringify({ items: [{ metadata: { name: 'kubedrill-control-plane', labels: { 'node-role.kubernetes.io/control-plane': '' } }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }] });

  it('given kubedrill\'s healthy kind cluster, when run, then KUBECONFIG is kubedrill\'s own kubeconfig, and nothing is created or probed', async () => {
    await stubs.setRules([
      { bin: 'kind', match: ['version'], stdout: 'kind v0.27.0\n' },
      { bin: 'kind', match: ['clusters'], stdout: 'kubedrill\n' },
      { bin: 'kind', match: ['kubeconfig'], stdout: 'apiVersion: v1\ncurrent-context: kind-kubedrill\n' },
      { bin: 'kubectl', match: ['nodes'], stdout: ready },
      { bin: 'kubectl', match: ['coredns'], stdout: JSON.stringify({ status: { conditions: [{ type: 'Available', status: 'True' }] } }) },
      { bin: 'docker', stdout: 'the node image has no apparmor_parser\n', exitCode: 1 },
    ]);
    const t = io(stubs.env);
    expect(await main(['env'], t)).toBe(0);
    const kubeconfig = join(home, 'kube', 'kubedrill.kubeconfig');
    expect(t.out().split('\n').slice(0, 3)).toEqual([
      '# kubedrill env: kind cluster kubedrill (context kind-kubedrill) · use: eval "$(kubedrill env)"',
      `# export KUBECONFIG=${kubeconfig}; kubectl config use-context kind-kubedrill`,
      `export KUBECONFIG='${kubeconfig}'`,
    ]);
    expect(t.out()).not.toContain('cd --');
    const calls = await stubs.calls();
    expect(calls.filter((c) => c.bin === 'kind' && c.args[0] === 'create')).toEqual([]);
    expect(calls.filter((c) => c.bin === 'kubectl' && c.args.includes('apply'))).toEqual([]);
    const shell = evalInBash(t.out(), { ...stubs.env, KUBECONFIG: '/learner/config' });
    expect(shell).toContain(`KUBECONFIG=${kubeconfig}\n`);
  });

  it('given no kind cluster, when run, then exit 3 says how to create one, and none is created', async () => {
    await stubs.setRules([
      { bin: 'kind', match: ['version'], stdout: 'kind v0.27.0\n' },
      { bin: 'kind', match: ['clusters'], stderr: 'No kind clusters found.\n' },
    ]);
    const t = io(stubs.env);
    // 3: an environment problem the learner can fix (src/errors.ts).
    expect(await main(['env'], t)).toBe(3);
    expect(t.err()).toContain('there is no kind cluster "kubedrill" yet');
    expect(t.out()).toBe('');
    expect((await stubs.calls()).filter((c) => c.args[0] === 'create')).toEqual([]);
  });
});

describe('openTaskShell', () => {
  /** A "shell" named `name` that records its arguments, KUBECONFIG, ZDOTDIR, ENV, directory and start-up files, then exits. */
  async function recordingShell(name: string): Promise<{ path: string; record: () => Promise<Record<string, string | undefined> & { rc: string; zshenv: string }> }> {
    const dir = await mkdtemp(join(home, 'bin-'));
    const path = join(dir, name);
    const out = join(dir, 'record');
    await writeFile(
      path,
      [
        '#!/bin/sh',
        `out=${out}`,
        '{ echo "args=$*"; echo "KUBECONFIG=$KUBECONFIG"; echo "ZDOTDIR=${ZDOTDIR-}"; echo "ENV=${ENV-}"; echo "pwd=$(pwd)"; } > "$out"',
        '[ "$1" = --rcfile ] && cp "$2" "$out.rc"',
        '[ -n "${ZDOTDIR-}" ] && cp "$ZDOTDIR/.zshrc" "$out.rc" && cp "$ZDOTDIR/.zshenv" "$out.env"',
        '[ -n "${ENV-}" ] && cp "$ENV" "$out.rc"',
        'exit 7',
      ].join('\n') + '\n',
    );
    await chmod(path, 0o755);
    return {
      path,
      async record() {
        const lines = (await readFile(out, 'utf8')).trim().split('\n');
        const fields = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
        return { ...fields, rc: await readFile(`${out}.rc`, 'utf8').catch(() => ''), zshenv: await readFile(`${out}.env`, 'utf8').catch(() => '') };
      },
    };
  }
  const world = (cwd: string): TaskWorld =>
    ({ terminal: { env: { KUBECONFIG: join(home, 'kube', 'kubedrill.kubeconfig') }, cwd, contextLine: 'kubectl config use-context kind-kubedrill' } }) as unknown as TaskWorld;
  const shellTemps = async () => (await readdir(tmpdir())).filter((name) => name.startsWith('kubedrill-shell-'));

  it('given SHELL=bash, when the shell opens, then it runs in the task\'s directory with its KUBECONFIG and an rc file that sources ~/.bashrc first; the rc file is removed after', async () => {
    const shell = await recordingShell('bash');
    const before = await shellTemps();
    let handedOff = 0;
    await openTaskShell(world(home), { env: { ...process.env, SHELL: shell.path, KUBECONFIG: '/learner/config' }, cwd: '/' }, { taskId: 'cka/a', handOff: (run) => (handedOff++, run()) });
    const record = await shell.record();
    expect(handedOff).toBe(1);
    expect(record.args).toMatch(/^--rcfile \/.*\/kubedrill-shell-[^/]+\/bashrc -i$/);
    expect(record.KUBECONFIG).toBe(join(home, 'kube', 'kubedrill.kubeconfig'));
    expect(record.pwd).toBe(home);
    expect(record.rc.split('\n')[0]).toBe(`[ -f '${process.env.HOME}/.bashrc' ] && . '${process.env.HOME}/.bashrc'`);
    expect(record.rc).toContain("PS1='(kubedrill cka/a) '\"$PS1\"");
    expect(await shellTemps()).toEqual(before);

    // The rc file in a real bash, with a ~/.bashrc that sets its own KUBECONFIG: ours wins.
    const fakeHome = await mkdtemp(join(home, 'home-'));
    await writeFile(join(fakeHome, '.bashrc'), 'export KUBECONFIG=/from/bashrc\nPS1="learner$ "\n');
    const rc = join(fakeHome, 'rc');
    await writeFile(rc, record.rc.replaceAll(`'${process.env.HOME}/.bashrc'`, `'${fakeHome}/.bashrc'`));
    const out = execFileSync('bash', ['-c', `shopt -s expand_aliases; . '${rc}' >/dev/null; echo "KUBECONFIG=$KUBECONFIG"; echo "PS1=$PS1"; alias k; printf "<%s>" $now`], { env: { PATH: process.env.PATH, HOME: fakeHome }, encoding: 'utf8' });
    expect(out).toContain(`KUBECONFIG=${join(home, 'kube', 'kubedrill.kubeconfig')}\n`);
    expect(out).toContain('PS1=(kubedrill cka/a) learner$ \n');
    expect(out).toContain("alias k='kubectl'");
    expect(out).toContain('<--force><--grace-period><0>');
  });

  it('given SHELL=zsh, when the shell opens, then ZDOTDIR points at start-up files that run the learner\'s own first, then give ZDOTDIR back', async () => {
    const shell = await recordingShell('zsh');
    await openTaskShell(world(home), { env: { ...process.env, SHELL: shell.path, ZDOTDIR: '/learner/zsh' }, cwd: '/' }, { taskId: 'cka/a' });
    const record = await shell.record();
    expect(record.args).toBe('-i');
    expect(record.ZDOTDIR).toMatch(/kubedrill-shell-/);
    expect(record.zshenv).toContain("ZDOTDIR='/learner/zsh'\n[[ -f $ZDOTDIR/.zshenv ]] && source $ZDOTDIR/.zshenv\n");
    expect(record.rc.split('\n').slice(0, 3)).toEqual(['ZDOTDIR=$__kubedrill_user_zdotdir', 'unset __kubedrill_zdotdir __kubedrill_user_zdotdir', '[[ -f $ZDOTDIR/.zshrc ]] && source $ZDOTDIR/.zshrc']);
    expect(record.rc).toContain('do=(--dry-run=client -o yaml)');
  });

  it('given SHELL=dash, when the shell opens, then $ENV names the start-up file (POSIX sh), which unsets ENV again', async () => {
    const shell = await recordingShell('dash');
    await openTaskShell(world(home), { env: { ...process.env, SHELL: shell.path, ENV: '' }, cwd: '/' }, {});
    const record = await shell.record();
    expect(record.ENV).toMatch(/kubedrill-shell-[^/]+\/shrc$/);
    expect(record.rc).toContain('alias k=kubectl\nexport do="--dry-run=client -o yaml"');
    expect(record.rc.trim().split('\n').at(-1)).toBe('unset ENV');
    expect(record.rc).not.toContain('completion');
  });

  it('given a SHELL that does not exist, when opened, then it fails with the missing binary and leaves no temp files', async () => {
    const before = await shellTemps();
    const error = await openTaskShell(world(home), { env: { ...process.env, SHELL: join(home, 'nosuch', 'bash') }, cwd: '/' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingBinaryError);
    expect(await shellTemps()).toEqual(before);
  });

  it('knows shells by name', () => {
    expect(['/bin/bash', '/usr/bin/zsh', '/bin/sh', '/usr/bin/dash', '/usr/bin/fish'].map(shellKind)).toEqual(['bash', 'zsh', 'sh', 'sh', 'other']);
  });
});
