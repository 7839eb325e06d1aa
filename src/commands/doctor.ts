import { z } from 'zod';
import { runDoctor, type Finding } from '../services/doctor.js';
import { runnerFor } from '../services/cluster.js';
import { clusterOptionSpec, clusterOptionsSchema } from './cluster-up.js';
import { parseOptions } from './options.js';
import type { Command } from './types.js';

const usage = 'doctor [--cluster NAME] [--json] [--no-probe] [--debug FILE]';
const MARK: Record<Finding['status'], string> = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL', skip: '--  ' };

/** `kubedrill doctor`: checks what live drills need; exit 1 when something needed is missing. */
export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'Check Docker, kind, kubectl, memory, the cluster and NetworkPolicy enforcement',
  usage,
  async run(args, io) {
    const options = parseOptions(
      args,
      { ...clusterOptionSpec, json: { type: 'boolean' }, 'no-probe': { type: 'boolean' } },
      clusterOptionsSchema.extend({ json: z.boolean().default(false), 'no-probe': z.boolean().default(false) }),
      usage,
    );
    const runner = runnerFor({ env: io.env, ...(options.debug ? { debugFile: options.debug } : {}) });
    const report = await runDoctor({
      runner,
      env: io.env,
      cluster: options.cluster,
      probe: !options['no-probe'],
      ...(options.json ? {} : { onFinding: (f: Finding) => io.stdout.write(formatFinding(f)) }),
    });
    if (options.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else io.stdout.write(report.failed ? '\nsomething kubedrill needs is missing: see the FAIL lines above\n' : '\nready for live drills\n');
    return report.failed ? 1 : 0;
  },
};

function formatFinding(f: Finding): string {
  return `${MARK[f.status]}  ${f.title}: ${f.detail}\n${f.fix && f.status !== 'ok' ? `      fix: ${f.fix}\n` : ''}`;
}
