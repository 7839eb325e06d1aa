import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A stand-in helm for a test/stubs directory: answers `version --short` like helm 3.14, and
 * records every other call's argv, working directory, whole environment, and the chart and `-f`
 * values files it was pointed at as they are while it runs (kubedrill removes its staged copies
 * once the step is done). test/stubs records argv and stdin only, not the environment a learner's
 * kubeconfig could leak through. CommonJS (require): the stub directory has no package.json.
 */
const STAND_IN_HELM = `#!/usr/bin/env node
const { appendFileSync, existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const args = process.argv.slice(2);
if (args[0] === 'version') {
  process.stdout.write('v3.14.2+gc309b6f\\n');
  process.exit(0);
}
const read = (p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined);
const chart = args.find((a) => existsSync(join(a, 'Chart.yaml')));
const values = args.map((a, i) => (args[i - 1] === '-f' ? a : undefined)).filter((v) => v !== undefined);
appendFileSync(join(process.env.KUBEDRILL_STUB_DIR, 'helm-calls.jsonl'), JSON.stringify({
  args, cwd: process.cwd(), chart, template: chart && read(join(chart, 'templates', 'deployment.yaml')),
  values: values.map((path) => ({ path, content: read(path) })), env: process.env,
}) + '\\n');
`;

/** One recorded helm call. */
export interface HelmCall {
  args: string[];
  cwd: string;
  chart?: string;
  /** The chart's templates/deployment.yaml as helm saw it. */
  template?: string;
  values: { path: string; content?: string }[];
  env: Record<string, string>;
}

/** Puts the stand-in helm into a stub directory (createStubBin's `dir`). */
export async function installStandInHelm(stubDir: string): Promise<void> {
  await writeFile(join(stubDir, 'helm'), STAND_IN_HELM);
  await chmod(join(stubDir, 'helm'), 0o755);
}

/** The helm calls recorded so far, in order. */
export async function helmCalls(stubDir: string): Promise<HelmCall[]> {
  const text = await readFile(join(stubDir, 'helm-calls.jsonl'), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as HelmCall);
}
