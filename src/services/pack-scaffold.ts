import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { idSchema, type Checker, type ExamProfile } from '../models/index.js';
import { UsageError, UserError } from '../errors.js';
import { loadPacks } from '../packs/load.js';
import { closest, formatProblem } from '../packs/problem.js';
import { loadExamProfiles } from '../packs/profiles.js';
import { packJsonSchemas } from '../packs/schema.js';
import type { CommandIO } from '../system/io.js';
import { inertLine } from '../text/inert.js';
import { GITIGNORE, packReadme, packYaml, SCHEMA_DIR, taskYaml } from './scaffold-templates.js';
import { SCHEMA_FILES } from './pack-schema.js';

/** The exam's profile, matched without case as the CLI matches `cka` to `CKA`; a usage error naming the known ones otherwise. */
export function findProfile(exam: string, profiles: readonly ExamProfile[]): ExamProfile {
  const found = profiles.find((p) => p.exam.toLowerCase() === exam.toLowerCase());
  if (found) return found;
  const ids = profiles.map((p) => p.exam);
  const near = closest(exam, ids, 1);
  throw new UsageError(`unknown exam "${exam}"${near.length > 0 ? `; did you mean ${near[0]}?` : ''}`, [`known exams: ${ids.join(', ')}`]);
}

/** The domain, checked against the profile (default: its first domain). */
export function chooseDomain(profile: ExamProfile, domain: string | undefined): string {
  const ids = profile.domains.map((d) => d.id);
  if (domain === undefined) return ids[0] ?? '';
  if (ids.includes(domain)) return domain;
  const near = closest(domain, ids, 1);
  throw new UsageError(`"${domain}" is not a ${profile.exam} domain${near.length > 0 ? `; did you mean ${near[0]}?` : ''}`, [`${profile.exam} domains: ${ids.join(', ')}`]);
}

/** A task or pack id, or a usage error saying what an id looks like. */
function checkId(id: string, what: string): string {
  if (idSchema.safeParse(id).success) return id;
  throw new UsageError(`"${id}" is not a valid ${what} id: lowercase letters, digits and dashes, parts joined by "/" (like acme/scale-web)`);
}

/** A pack id from a directory name: `ACME Week_3` becomes `acme-week-3`. */
export function packIdFrom(dir: string): string {
  return basename(resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Where a task file goes in a pack, like the built-in packs: `<exam>/<domain>/<name>.yaml`, the
 * name being the id's last part.
 */
export function taskFilePath(packDir: string, exam: string, domain: string, id: string): string {
  return join(packDir, exam.toLowerCase(), domain, `${id.split('/').at(-1) ?? id}.yaml`);
}

/** The modeline's path from a task file to the pack's schemas, with forward slashes as editors expect. */
function schemaDirFrom(file: string, packDir: string): string {
  return relative(dirname(file), join(packDir, SCHEMA_DIR)).split(sep).join('/') || '.';
}

async function writeNew(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  // `wx`: never overwrite what an author wrote, even if it appeared since the check.
  await writeFile(file, text, { flag: 'wx' });
}

export interface NewPackOptions {
  id?: string;
  title?: string;
  exam?: string;
}

/**
 * `kubedrill pack new DIR`: pack.yaml, a README, a .gitignore, the JSON Schemas for editors and
 * an example task, then a validation of the result. The directory must be new or empty.
 */
export async function scaffoldPack(dirAsGiven: string, options: NewPackOptions, checkers: readonly Checker[], io: CommandIO): Promise<number> {
  const dir = resolve(io.cwd, dirAsGiven);
  if (existsSync(dir) && (await readdir(dir)).length > 0) {
    throw new UserError(`${dirAsGiven} is not empty: pack new writes a new pack`, [`kubedrill task new ID --pack ${dirAsGiven} adds a task to a pack`], 2);
  }
  const id = checkId(options.id ?? packIdFrom(dir), 'pack');
  const { profiles } = await loadExamProfiles();
  const profile = findProfile(options.exam ?? 'CKA', profiles);
  const domain = chooseDomain(profile, undefined);
  const taskId = `${id}/example`;
  const taskFile = taskFilePath(dir, profile.exam, domain, taskId);
  const pack = { id, title: options.title ?? `TODO: the ${profile.exam} pack's title`, exam: profile.exam };
  const schemas = packJsonSchemas(checkers);
  const files: [string, string][] = [
    [join(dir, 'pack.yaml'), packYaml(pack)],
    [join(dir, 'README.md'), packReadme(pack, relative(dir, taskFile).split(sep).join('/'))],
    [join(dir, '.gitignore'), GITIGNORE],
    [join(dir, SCHEMA_DIR, SCHEMA_FILES.pack), `${JSON.stringify(schemas.pack, null, 2)}\n`],
    [join(dir, SCHEMA_DIR, SCHEMA_FILES.task), `${JSON.stringify(schemas.task, null, 2)}\n`],
    [taskFile, taskYaml({ id: taskId, exam: profile.exam, domain, domains: profile.domains.map((d) => d.id), schemaDir: schemaDirFrom(taskFile, dir) })],
  ];
  for (const [file, text] of files) await writeNew(file, text);
  for (const [file] of files) io.stdout.write(`wrote ${inertLine(relative(io.cwd, file) || file)}\n`);
  return reportScaffold(dir, dirAsGiven, checkers, io);
}

export interface NewTaskOptions {
  pack: string;
  exam?: string;
  domain?: string;
}

/**
 * `kubedrill task new ID --pack DIR`: a task file with every section, at `<exam>/<domain>/` in
 * the pack, then a validation of the pack. The exam defaults to the pack's first, the domain to
 * the exam's first.
 */
export async function scaffoldTask(idAsGiven: string, options: NewTaskOptions, checkers: readonly Checker[], io: CommandIO): Promise<number> {
  const id = checkId(idAsGiven, 'task');
  const dir = resolve(io.cwd, options.pack);
  if (!existsSync(join(dir, 'pack.yaml'))) {
    throw new UserError(`no pack.yaml in ${options.pack}`, [`kubedrill pack new ${options.pack} creates a pack`], 2);
  }
  const loaded = await loadPacks([dir], { checkers });
  const pack = loaded.packs[0];
  if (!pack) {
    const shown = loaded.problems.slice(0, 3).map((p) => inertLine(formatProblem(p)));
    throw new UserError(`the pack in ${options.pack} does not load, so its exams are unknown:\n  ${shown.join('\n  ')}`, [`kubedrill pack validate ${options.pack}`]);
  }
  const profile = findProfile(options.exam ?? pack.pack.metadata.exams[0] ?? 'CKA', loaded.profiles);
  const domain = chooseDomain(profile, options.domain);
  const clash = loaded.tasks.find((t) => t.task.metadata.id === id);
  if (clash) throw new UsageError(`task id "${id}" is taken: ${relative(io.cwd, clash.file)}`);
  const file = taskFilePath(dir, profile.exam, domain, id);
  if (existsSync(file)) throw new UsageError(`${relative(io.cwd, file)} exists already: choose another id`);
  await writeNew(file, taskYaml({ id, exam: profile.exam, domain, domains: profile.domains.map((d) => d.id), schemaDir: schemaDirFrom(file, dir) }));
  io.stdout.write(`wrote ${inertLine(relative(io.cwd, file))} (${profile.exam}, domain ${domain})\n`);
  return reportScaffold(dir, options.pack, checkers, io);
}

/**
 * Validates what was written and says what comes next. A scaffold that does not validate is
 * kubedrill's bug or a broken pack around it: the problems are shown and the exit code is 1.
 */
async function reportScaffold(dir: string, dirAsGiven: string, checkers: readonly Checker[], io: CommandIO): Promise<number> {
  const result = await loadPacks([dir], { checkers, checkManifests: true });
  if (result.problems.length > 0) {
    for (const problem of result.problems) io.stdout.write(`${inertLine(formatProblem(problem))}\n`);
    io.stdout.write(`the pack does not validate: fix the problems above (kubedrill pack validate ${dirAsGiven})\n`);
    return 1;
  }
  const next = [
    `valid: ${result.tasks.length} task${result.tasks.length === 1 ? '' : 's'}. Next: replace every TODO, then`,
    `  kubedrill pack lint ${dirAsGiven}             lists the TODOs left and other likely mistakes`,
    `  kubedrill pack test ${dirAsGiven} --offline   self-tests the grading (fails until the TODOs are done)`,
  ];
  io.stdout.write(`${next.join('\n')}\n`);
  return 0;
}
