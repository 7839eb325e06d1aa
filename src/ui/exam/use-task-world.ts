import { useEffect, useRef, useState } from 'react';
import type { TemplateVars } from '../../models/index.js';
import type { TaskWorld } from '../../environments/types.js';

/**
 * The current task's world (for expanding its statement and its access lines), loaded when the
 * task changes. Only the task id triggers a load: `world` is often a fresh closure per render,
 * and depending on it would reload (and re-render) forever.
 */
export function useTaskWorld(taskId: string | undefined, world: (id: string) => Promise<TaskWorld>): { vars?: TemplateVars; accessLines: readonly string[]; contextLine?: string; problem?: string } {
  const [state, setState] = useState<{ id?: string; vars?: TemplateVars; accessLines: readonly string[]; contextLine?: string; problem?: string }>({ accessLines: [] });
  const open = useRef(world);
  open.current = world;
  useEffect(() => {
    let live = true;
    if (taskId === undefined) return;
    open.current(taskId).then(
      (w) => live && setState({ id: taskId, vars: w.vars, accessLines: w.accessLines, contextLine: w.terminal.contextLine }),
      (error: Error) => live && setState({ id: taskId, accessLines: [], problem: error.message }),
    );
    return () => {
      live = false;
    };
  }, [taskId]);
  return state.id === taskId ? state : { accessLines: [] };
}

/**
 * Names behind every listed task's placeholders (node names, answers directory), for showing
 * solutions as the learner would type them. Loads once per distinct list of ids.
 */
export function useTasksVars(taskIds: readonly string[] | undefined, world: (id: string) => Promise<TaskWorld>): ReadonlyMap<string, TemplateVars> {
  const [vars, setVars] = useState<ReadonlyMap<string, TemplateVars>>(new Map());
  const open = useRef(world);
  open.current = world;
  const key = taskIds?.join('\n');
  useEffect(() => {
    let live = true;
    if (key === undefined) return;
    const ids = key.split('\n');
    // A world that fails to open leaves its task's solution unexpanded rather than hiding it.
    void Promise.all(ids.map((id) => open.current(id).then((w) => [id, w.vars] as const, () => undefined))).then(
      (loaded) => live && setVars(new Map(loaded.filter((entry) => entry !== undefined))),
    );
    return () => {
      live = false;
    };
  }, [key]);
  return vars;
}
