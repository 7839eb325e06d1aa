import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { treeFingerprint } from '../packs/fingerprint.js';
import { writeFileAtomic } from '../system/state-file.js';
import { isDisruptive } from '../models/disruption.js';
import type { Checker, LoadedTask, Step } from '../models/index.js';
import type { LoadedPack } from '../packs/load.js';
import { kubedrillDataDir } from '../environments/data-dir.js';
import type { CommandIO } from '../system/io.js';
import { inertLine } from '../text/inert.js';

/**
 * Trust in packs written by others (built-in packs are trusted). A pack's steps change the
 * cluster and its node scripts run as root in privileged kind node containers, so before a pack
 * first runs on a live cluster kubedrill shows what it will do and asks; the answer is kept with
 * the pack's content hash, and a changed pack asks again.
 */

/** What a pack will do on a cluster, as lines for the learner to read before trusting it. */
export function packSummary(pack: LoadedPack, tasks: readonly LoadedTask[]): string[] {
  const mine = tasks.filter((t) => t.packId === pack.pack.metadata.id).map((t) => t.task);
  const steps: Step[] = mine.flatMap((t) => [...t.setup, ...t.solution, ...t.alternatives.flatMap((a) => a.steps), ...t.nearMisses.flatMap((m) => m.steps)]);
  const nodeScripts = steps.filter((s) => 'node' in s);
  const verbs = [...new Set(steps.flatMap((s) => ('kubectl' in s ? [s.kubectl.find((a, i) => !a.startsWith('-') && s.kubectl[i - 1] !== '-n' && s.kubectl[i - 1] !== '--namespace') ?? '?'] : [])))].sort();
  const disruptive = mine.filter(isDisruptive).map((t) => `${t.metadata.id} (${t.environment.disrupts.join(', ')})`);
  const needs = [...new Set(mine.flatMap((t) => t.environment.needs))].sort();
  return [
    `pack ${pack.pack.metadata.id} ${pack.pack.metadata.version} (${pack.dir}) by ${pack.pack.metadata.authors?.join(', ') || 'unknown authors'}: ${mine.length} task(s)`,
    `  creates and deletes objects in kubedrill's cluster (apply/delete steps: ${steps.filter((s) => 'apply' in s || 'delete' in s).length})`,
    `  kubectl verbs: ${verbs.join(', ') || 'none'}`,
    nodeScripts.length > 0
      ? `  ${nodeScripts.length} shell script(s) run as root inside the kind node containers, which are privileged: a script there can reach the kernel of the machine running Docker`
      : '  no node scripts',
    ...helmAndAssetLines(steps, mine),
    ...(disruptive.length > 0 ? [`  disruptive tasks (break or rewind the cluster): ${disruptive.join(', ')}`] : []),
    ...(needs.length > 0 ? [`  needs: ${needs.join(', ')}`] : []),
  ];
}

/**
 * Helm is the one pack tool that runs on the learner's machine (with kubedrill's kubeconfig, in a
 * directory of asset copies: live/step-runner.ts), and add-ons install cluster-wide: both are said.
 */
function helmAndAssetLines(steps: readonly Step[], tasks: readonly LoadedTask['task'][]): string[] {
  const helm = steps.filter((s) => 'helm' in s);
  const files = steps.filter((s) => 'files' in s);
  const addons = [...new Set(tasks.flatMap((t) => t.environment.addons ?? []))].sort();
  return [
    ...(helm.length > 0 ? [`  ${helm.length} helm step(s) run helm on this machine, against kubedrill's cluster only, with the pack's own charts`] : []),
    ...(files.length > 0 ? [`  ${files.length} files step(s) copy the pack's assets into answer directories or nodes`] : []),
    ...(addons.length > 0 ? [`  installs add-ons in the cluster: ${addons.join(', ')}`] : []),
  ];
}

interface TrustFile {
  formatVersion: 1;
  /** By absolute pack directory. */
  packs: Record<string, { id: string; sha256: string; trustedAt: string }>;
}

const trustPath = (dataDir: string): string => join(dataDir, 'trusted-packs.json');

async function readTrust(dataDir: string): Promise<TrustFile> {
  try {
    const value = JSON.parse(await readFile(trustPath(dataDir), 'utf8')) as Partial<TrustFile>;
    if (value.formatVersion === 1 && value.packs && typeof value.packs === 'object') return { formatVersion: 1, packs: value.packs };
  } catch {
    // missing or damaged: nothing is trusted, so kubedrill asks again (never runs untrusted steps)
  }
  return { formatVersion: 1, packs: {} };
}

/** Records a pack as trusted at its current content. */
export async function trustPack(dataDir: string, pack: LoadedPack, now: Date): Promise<void> {
  const trust = await readTrust(dataDir);
  trust.packs[resolve(pack.dir)] = { id: pack.pack.metadata.id, sha256: await treeFingerprint(pack.dir), trustedAt: now.toISOString() };
  await writeFileAtomic(trustPath(dataDir), JSON.stringify(trust, null, 2));
}

/** True when the pack was trusted with exactly this content. */
export async function isTrusted(dataDir: string, pack: LoadedPack): Promise<boolean> {
  const entry = (await readTrust(dataDir)).packs[resolve(pack.dir)];
  return entry !== undefined && entry.sha256 === (await treeFingerprint(pack.dir));
}

export interface TrustOptions {
  dataDir: string;
  /** `--yes`: trust without asking (CI). */
  yes: boolean;
  /** Asks the learner; undefined when there is no terminal to ask on. */
  ask: ((question: string) => Promise<boolean>) | undefined;
  write: (line: string) => void;
  now: () => number;
}

/**
 * Before packs' steps run on a live cluster: every pack that is not built in must be trusted at
 * its current content. Shows what each untrusted pack will do, then asks (or takes `--yes`); a
 * refusal, or no terminal to ask on, stops the command with how to trust the pack.
 */
export async function ensureTrusted(packs: readonly LoadedPack[], tasks: readonly LoadedTask[], builtinDir: string, options: TrustOptions): Promise<void> {
  const builtin = resolve(builtinDir);
  for (const pack of packs) {
    const dir = resolve(pack.dir);
    if (dir === builtin || dir.startsWith(`${builtin}/`) || (await isTrusted(options.dataDir, pack))) continue;
    for (const line of packSummary(pack, tasks)) options.write(line);
    const accepted = options.yes || (options.ask !== undefined && (await options.ask(`Run pack ${pack.pack.metadata.id} on the cluster? [y/N] `)));
    if (!accepted) {
      throw new UserError(`pack ${pack.pack.metadata.id} is not trusted: its steps were not run`, [
        `read it, then: kubedrill pack trust ${pack.dir}`,
        'or pass --yes to trust it for this run and later ones (CI)',
      ]);
    }
    await trustPack(options.dataDir, pack, new Date(options.now()));
  }
}

/**
 * `kubedrill pack trust DIR…`: shows what each pack will do on a cluster and records it as
 * trusted at its current content (a changed pack asks again before it runs).
 */
export async function trustPacks(dirs: readonly string[], checkers: readonly Checker[], io: CommandIO): Promise<number> {
  // Loaded here, not at the top: the trust gate (this module) is on the home screen's path, which must not wait for zod.
  const { loadPacks } = await import('../packs/load.js');
  const result = await loadPacks(dirs.map((dir) => resolve(io.cwd, dir)), { checkers });
  if (result.problems.length > 0) {
    throw new UserError(`the packs have ${result.problems.length} problem(s): nothing was trusted`, [`kubedrill pack validate ${dirs.join(' ')}`]);
  }
  for (const pack of result.packs) {
    for (const line of packSummary(pack, result.tasks)) io.stdout.write(`${inertLine(line)}\n`);
    await trustPack(kubedrillDataDir(io.env), pack, new Date(io.now()));
    io.stdout.write(`trusted ${inertLine(pack.pack.metadata.id)}\n`);
  }
  return 0;
}
