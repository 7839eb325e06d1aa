import { resolve } from 'node:path';
import { z } from 'zod';
import { CHECKERS } from '../../checkers/index.js';
import { kubedrillDataDir } from '../environments/kind/paths.js';
import { UserError } from '../errors.js';
import { loadPacks } from '../packs/load.js';
import { packSummary, trustPack } from '../services/pack-trust.js';
import { inertLine } from '../text/inert.js';
import { parseOptions } from './options.js';
import type { Command } from './types.js';

const usage = 'pack trust DIR…';

const optionsSchema = z.object({
  positionals: z.array(z.string()).min(1, 'name at least one pack directory'),
});

/**
 * `kubedrill pack trust DIR…`: shows what each pack will do on a cluster and records it as
 * trusted at its current content (a changed pack asks again before it runs).
 */
export const packTrustCommand: Command = {
  name: 'pack trust',
  summary: 'Show what packs will do on a cluster and trust them (at their current content)',
  usage,
  async run(args, io) {
    const options = parseOptions(args, {}, optionsSchema, usage);
    const result = await loadPacks(options.positionals.map((dir) => resolve(io.cwd, dir)), { checkers: CHECKERS });
    if (result.problems.length > 0) {
      throw new UserError(`the packs have ${result.problems.length} problem(s): nothing was trusted`, [`kubedrill pack validate ${options.positionals.join(' ')}`]);
    }
    for (const pack of result.packs) {
      for (const line of packSummary(pack, result.tasks)) io.stdout.write(`${inertLine(line)}\n`);
      await trustPack(kubedrillDataDir(io.env), pack, new Date(io.now()));
      io.stdout.write(`trusted ${inertLine(pack.pack.metadata.id)}\n`);
    }
    return 0;
  },
};
