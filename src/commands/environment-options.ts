import { z } from 'zod';

/**
 * The zod shape of ENVIRONMENT_OPTIONS' values (environments/index.ts), spread into the options
 * schema of each command that grades. Kept out of environments/ so the home screen's first
 * frame, which parses without zod, does not load it.
 */
export const environmentOptionsShape = {
  offline: z.string().optional(),
  context: z.string().optional(),
  kubeconfig: z.string().optional(),
  'node-ssh': z.string().optional(),
  cluster: z.string().optional(),
  debug: z.string().optional(),
};
