import { posix } from 'node:path';
import { z } from 'zod';
import { nodeNameSchema } from '../../src/models/index.js';
import type { CheckContext, NodeName } from '../../src/models/index.js';

/**
 * Where a checker reads a file the learner wrote: an answer file under `{{answers}}`, or a file
 * on a node (which needs the `node-shell` capability). Shared by the x509 and
 * kubeconfig-identity checkers; each spreads these fields into its own strict params schema.
 */
export const fileSourceFields = {
  file: z
    .string()
    .min(1)
    .refine((f) => !f.split(/[\\/]/).includes('..'), { message: 'an answer file may not contain "..": it stays inside the answers directory' })
    .optional()
    .describe('path under the answers directory'),
  node: nodeNameSchema.optional().describe('read the file on this node (needs node-shell); give path too'),
  path: z.string().startsWith('/', 'expected an absolute path').optional().describe('absolute path of the file on the node'),
};

export type FileSource = { file: string } | { node: NodeName; path: string };

/** `path` goes with `node` and only with it. */
export const nodePathPaired = (p: { node?: unknown; path?: unknown }): boolean => (p.node === undefined) === (p.path === undefined);
export const NODE_PATH_MESSAGE = 'node and path go together: the file path on that node';

/** The source the params name, or undefined when they name none. */
export function fileSourceOf(p: { file?: string | undefined; node?: NodeName | undefined; path?: string | undefined }): FileSource | undefined {
  if (p.file !== undefined) return { file: p.file };
  if (p.node !== undefined && p.path !== undefined) return { node: p.node, path: p.path };
  return undefined;
}

/** The answers-relative path: packs may also write `{{answers}}/file`. */
export function answersRelative(file: string, answersDir: string): string {
  return file.startsWith(`${answersDir}/`) ? file.slice(answersDir.length + 1) : file;
}

/** The file as a report names it: `/answers/dir/jane.kubeconfig`, `/etc/kubernetes/admin.conf on controlplane`. */
export function sourceLabel(source: FileSource, answersDir: string): string {
  return 'file' in source ? `${answersDir}/${answersRelative(source.file, answersDir)}` : `${source.path} on ${source.node}`;
}

/** Absolute path of the file on its side (answers directory or node), for resolving paths written inside it. */
export function sourcePath(source: FileSource, answersDir: string): string {
  return 'file' in source ? `${answersDir}/${answersRelative(source.file, answersDir)}` : source.path;
}

export type SourceRead = { text: string; where: string } | { missing: string; where: string };

/** Reads the file; `missing` says in the learner's words that it is not there. */
export async function readSource(source: FileSource, ctx: CheckContext): Promise<SourceRead> {
  const where = sourceLabel(source, ctx.vars.answers);
  const text = 'file' in source ? await ctx.answers.readFile(answersRelative(source.file, ctx.vars.answers)) : await ctx.nodes.readFile(source.node, source.path);
  return text === undefined ? { missing: `no file ${where}`, where } : { text, where };
}

/**
 * A file named inside another one (a kubeconfig's `client-certificate: jane.crt`), read from the
 * same side: relative names resolve against the naming file's directory, as kubectl resolves
 * them. Answer files can only reach the answers directory; `outside` says when the path leaves it.
 */
export async function readBeside(source: FileSource, named: string, ctx: CheckContext): Promise<SourceRead | { outside: string }> {
  const base = posix.dirname(sourcePath(source, ctx.vars.answers));
  const absolute = posix.resolve(base, named);
  if ('node' in source) return readSource({ node: source.node, path: absolute }, ctx);
  const root = ctx.vars.answers;
  if (!absolute.startsWith(`${root}/`)) return { outside: absolute };
  return readSource({ file: absolute.slice(root.length + 1) }, ctx);
}
