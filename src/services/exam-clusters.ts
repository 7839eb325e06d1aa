// The clusters one mock exam runs on: the main environment for ordinary tasks, and the lab
// clusters exam-placement.ts gives disruptive tasks. Each task's world, grading, shell and
// context line come from its own cluster's environment, so `kubedrill ssh`, `!` and every
// kubectl call name that task's context.
import type { Environment, TaskWorld } from '../environments/types.js';
import type { Task, TaskReport } from '../models/index.js';
import { graderFor, worldCache } from './drill-start.js';

/** Opens a lab cluster's environment (creating the cluster when `create`), with `workers` workers. */
export type OpenLab = (cluster: string, workers: number) => Promise<Environment>;

export interface ExamClusters {
  /** The lab cluster a task runs on, or undefined for the main cluster. */
  clusterOf(taskId: string): string | undefined;
  environmentOf(taskId: string): Promise<Environment>;
  world(taskId: string): Promise<TaskWorld>;
  grade(task: Task, world: TaskWorld, onProgress?: (checkId: string) => void): Promise<TaskReport>;
  /** The labs, in order, each opened once (a lab's tasks wait for it; the main cluster's do not). */
  labs: readonly { name: string; workers: number; tasks: readonly string[] }[];
  /** Starts opening every lab, one after another (two kind creations at once only slow each other). */
  openLabs(): Promise<void>;
}

/**
 * The exam's clusters. `labs` lists each lab cluster with its tasks; a task in none runs on
 * `main`. Labs open when first needed, or all in the background with `openLabs`.
 */
export function examClusters(main: Environment, labs: ExamClusters['labs'], openLab: OpenLab, signal: AbortSignal): ExamClusters {
  const labOf = new Map(labs.flatMap((lab) => lab.tasks.map((id) => [id, lab] as const)));
  const opened = new Map<string, Promise<Environment>>();
  const worlds = new Map<Environment, (taskId: string) => Promise<TaskWorld>>();
  const graders = new Map<Environment, ReturnType<typeof graderFor>>();
  const open = (lab: ExamClusters['labs'][number]): Promise<Environment> => {
    let environment = opened.get(lab.name);
    if (!environment) {
      environment = openLab(lab.name, lab.workers);
      opened.set(lab.name, environment);
    }
    return environment;
  };
  const environmentOf = (taskId: string): Promise<Environment> => {
    const lab = labOf.get(taskId);
    return lab ? open(lab) : Promise.resolve(main);
  };
  const cached = <T>(cache: Map<Environment, T>, environment: Environment, make: () => T): T => {
    let value = cache.get(environment);
    if (value === undefined) {
      value = make();
      cache.set(environment, value);
    }
    return value;
  };
  return {
    labs,
    clusterOf: (taskId) => labOf.get(taskId)?.name,
    environmentOf,
    async world(taskId) {
      const environment = await environmentOf(taskId);
      return cached(worlds, environment, () => worldCache(environment))(taskId);
    },
    async grade(task, world, onProgress) {
      const environment = await environmentOf(task.metadata.id);
      return cached(graders, environment, () => graderFor(environment, signal))(task, world, onProgress);
    },
    async openLabs() {
      for (const lab of labs) await open(lab);
    },
  };
}
