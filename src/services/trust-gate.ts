import { createInterface } from 'node:readline/promises';
import { kubedrillDataDir } from '../environments/data-dir.js';
import { scenariosDir } from '../package-root.js';
import type { Catalog } from '../packs/catalog.js';
import { ensureTrusted } from './pack-trust.js';
import { inertLine } from '../text/inert.js';
import type { CommandIO } from '../system/io.js';

/**
 * Before a command runs packs' steps on a live cluster: packs from others must be trusted
 * (services/pack-trust.ts). Offline, steps only write the workspace, so nothing is asked.
 */
export async function requireTrust(catalog: Pick<Catalog, 'packs' | 'tasks'>, offline: boolean, io: CommandIO, yes: boolean): Promise<void> {
  if (offline) return;
  await ensureTrusted(catalog.packs, catalog.tasks, scenariosDir(), {
    dataDir: kubedrillDataDir(io.env),
    yes,
    ask: io.stdin.isTTY === true ? (question) => askYesNo(question, io) : undefined,
    write: (line) => io.stderr.write(`${inertLine(line)}\n`),
    now: io.now,
  });
}

async function askYesNo(question: string, io: CommandIO): Promise<boolean> {
  const rl = createInterface({ input: io.stdin, output: io.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question, { signal: io.signal })).trim());
  } finally {
    rl.close();
  }
}
