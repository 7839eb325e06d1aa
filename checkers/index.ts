import type { Checker } from '../src/models/index.js';
import { answerFileChecker } from './answer-file.js';
import { canIChecker } from './can-i.js';
import { connectivityChecker } from './connectivity.js';
import { etcdRestoreChecker } from './etcd-restore.js';
import { etcdSnapshotChecker } from './etcd-snapshot.js';
import { jsonpathChecker } from './jsonpath.js';
import { nodeCommandChecker } from './node-command.js';
import { nodeFileChecker } from './node-file.js';
import { podStatusChecker } from './pod-status.js';
import { resourceChecker } from './resource.js';
import { selectsChecker } from './selects.js';
import { staticPodChecker } from './static-pod.js';

/** Every check type, one line each (checkers/README.md is their contract). */
export const CHECKERS: readonly Checker[] = [
  jsonpathChecker,
  resourceChecker,
  selectsChecker,
  answerFileChecker,
  staticPodChecker,
  connectivityChecker,
  podStatusChecker,
  nodeFileChecker,
  nodeCommandChecker,
  etcdSnapshotChecker,
  etcdRestoreChecker,
  canIChecker,
];

/** The checker for a check `type`, or undefined when no module handles it. */
export function findChecker(type: string, checkers: readonly Checker[] = CHECKERS): Checker | undefined {
  return checkers.find((c) => c.type === type);
}
