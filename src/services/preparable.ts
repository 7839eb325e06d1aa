import { needsLiveCluster } from '../models/step-kind.js';
import type { Task } from '../models/task.js';
import type { EnvironmentKind } from '../environments/types.js';

/**
 * Whether an environment of this kind can prepare the task: offline, setup must not need a node
 * or kubectl, and the task must need no add-on (their CRDs and controllers exist only live). Kept apart from the drill and exam code (and from zod) so `list` and `exam --plan`
 * can ask it of a cached catalog.
 */
export const preparable = (task: Task, kind: EnvironmentKind): boolean =>
  kind !== 'offline' || (!task.setup.some(needsLiveCluster) && (task.environment.addons ?? []).length === 0);
