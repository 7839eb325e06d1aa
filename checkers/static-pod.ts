import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { defineChecker, errored, failed, nodeNameSchema, passed, shQuote } from '../src/models/index.js';
import type { CheckContext, K8sObject, NodeName } from '../src/models/index.js';
import { describeMissing } from './support/missing.js';

const KUBELET_CONFIG = '/var/lib/kubelet/config.yaml';
const FILE_MARK = '__KUBEDRILL_FILE__';
const NO_DIR = '__KUBEDRILL_NO_DIR__';

const params = z.strictObject({
  name: z.string().min(1).describe('the pod name in the manifest (the mirror pod adds -<node name>)'),
  node: nodeNameSchema,
  namespace: z.string().min(1).default('default'),
  image: z.string().min(1).optional().describe('a container of the pod must run this image'),
});

/**
 * Prints every file the kubelet would read in `dir` (it skips dot-files), each after a marker
 * line. Read-only.
 */
export function listManifestsScript(dir: string): string {
  return [
    `dir=${shQuote(dir)}`,
    `[ -d "$dir" ] || { echo ${NO_DIR}; exit 0; }`,
    'for f in "$dir"/*; do',
    '  [ -f "$f" ] || continue',
    '  case "${f##*/}" in .*) continue ;; esac',
    `  printf '\\n${FILE_MARK} %s\\n' "$f"`,
    '  cat "$f"',
    'done',
  ].join('\n');
}

/** Splits the script's output into files. */
export function parseListing(stdout: string): { path: string; text: string }[] | undefined {
  if (stdout.trim() === NO_DIR) return undefined;
  const files: { path: string; text: string }[] = [];
  for (const chunk of stdout.split(`\n${FILE_MARK} `).slice(1)) {
    const newline = chunk.indexOf('\n');
    files.push(newline === -1 ? { path: chunk, text: '' } : { path: chunk.slice(0, newline), text: chunk.slice(newline + 1) });
  }
  return files;
}

/** Pods defined in a manifest file; unparsable files define none (the kubelet ignores them too). */
function podsIn(text: string): K8sObject[] {
  try {
    return parseAllDocuments(text)
      .flatMap((d) => (d.errors.length > 0 ? [] : [d.toJS() as unknown]))
      .filter((v): v is K8sObject => typeof v === 'object' && v !== null && (v as K8sObject).kind === 'Pod');
  } catch {
    return [];
  }
}

const images = (pod: K8sObject): string[] =>
  ((pod.spec as { containers?: { image?: string }[] } | undefined)?.containers ?? []).map((c) => c.image ?? '');

/** The kubelet's staticPodPath on a node, or a reason it cannot be known. */
async function staticPodPath(ctx: CheckContext, node: NodeName): Promise<{ path: string } | { problem: string } | { broken: string }> {
  const text = await ctx.nodes.readFile(node, KUBELET_CONFIG);
  if (text === undefined) return { broken: `${KUBELET_CONFIG} not found on ${node}` };
  let config: unknown;
  try {
    config = parseYaml(text);
  } catch (error) {
    return { problem: `${KUBELET_CONFIG} on ${node} is not valid YAML: ${(error as Error).message.split('\n')[0]}` };
  }
  const path = (config as { staticPodPath?: unknown } | null)?.staticPodPath;
  return typeof path === 'string' && path !== '' ? { path: path.replace(/\/+$/, '') } : { problem: `the kubelet on ${node} has no staticPodPath in ${KUBELET_CONFIG}` };
}

/** A static pod: the mirror pod the kubelet registers, and the manifest it reads it from. */
export const staticPodChecker = defineChecker({
  type: 'static-pod',
  summary: 'a static pod runs on a node: its mirror pod exists and its manifest is in the kubelet staticPodPath',
  params,
  needs: ['node-shell'],
  async run(p, ctx) {
    const nodeName = ctx.vars.nodes[p.node];
    const mirrorName = `${p.name}-${nodeName}`;
    const problems: string[] = [];
    // The same problems without naming the staticPodPath: finding it is often the task.
    const safe: string[] = [];

    const mirror = await ctx.cluster.get({ kind: 'pod', name: mirrorName, namespace: p.namespace });
    if (!mirror) {
      const missing = await describeMissing(ctx.cluster, { kind: 'pod', name: mirrorName, namespace: p.namespace });
      problems.push(missing);
      safe.push(missing);
    } else if (mirror.metadata?.annotations?.['kubernetes.io/config.source'] !== 'file') {
      const source = mirror.metadata?.annotations?.['kubernetes.io/config.source'] ?? 'api';
      problems.push(`pod/${mirrorName} is not a mirror pod (config.source: ${source}): it was created through the API, not by the kubelet`);
      safe.push(problems[problems.length - 1] as string);
    }

    const dir = await staticPodPath(ctx, p.node);
    // No kubelet config at all is a node we cannot read; a config without the field is the learner's.
    if ('broken' in dir) return errored(dir.broken);
    const expected = `mirror pod ${mirrorName} (config.source: file) in namespace ${p.namespace} from a manifest in ${'path' in dir ? dir.path : 'the staticPodPath'} on ${p.node}${p.image ? `, image ${p.image}` : ''}`;
    if ('problem' in dir) return failed(expected, [...problems, dir.problem].join('; '), { summary: `static pod ${p.name} on ${p.node}: ${[...safe, dir.problem].join('; ')}` });
    const listing = await ctx.nodes.exec(p.node, listManifestsScript(dir.path), { timeoutMs: 10_000 });
    if (listing.exitCode !== 0) return errored(`listing ${dir.path} on ${p.node} failed: ${listing.stderr.trim() || `exit ${listing.exitCode}`}`);
    const files = parseListing(listing.stdout);
    let manifest: K8sObject | undefined;
    if (files === undefined) {
      problems.push(`the staticPodPath ${dir.path} does not exist on ${p.node}`);
      safe.push(`the kubelet's staticPodPath does not exist on ${p.node}`);
    }
    else {
      const defined = files.flatMap((f) => podsIn(f.text).map((pod) => ({ pod, path: f.path })));
      const match = defined.find(
        (d) => d.pod.metadata?.name === p.name && (d.pod.metadata.namespace ?? 'default') === p.namespace,
      );
      manifest = match?.pod;
      if (!match) {
        const names = defined.map((d) => `${d.pod.metadata?.name ?? '?'} (${d.path})`);
        problems.push(`no manifest in ${dir.path} on ${p.node} defines pod ${p.name} in namespace ${p.namespace}${names.length > 0 ? `; it has ${names.join(', ')}` : ' (no pod manifests there)'}`);
        safe.push(`no manifest in the kubelet's staticPodPath on ${p.node} defines pod ${p.name} in namespace ${p.namespace}`);
      }
    }

    if (p.image !== undefined) {
      const running = mirror ?? manifest;
      if (running && !images(running).includes(p.image)) {
        problems.push(`image ${images(running).join(', ') || '(none)'}`);
        safe.push(`its image ${images(running).join(', ') || '(none)'} is not what the task asks`);
      }
    }

    return problems.length === 0
      ? passed(`mirror pod ${mirrorName} from a manifest in ${dir.path}`)
      : failed(expected, problems.join('; '), { summary: `static pod ${p.name} on ${p.node}: ${safe.join('; ')}` });
  },
});
