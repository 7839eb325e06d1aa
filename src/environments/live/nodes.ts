// What the two Nodes adapters of live environments share: kind's (docker exec into node
// containers, kind/docker-nodes.ts) and a named context's (ssh, context/ssh-nodes.ts).

/** A node could not be reached at all (container gone, Docker down, ssh failed) — not a script result. */
export class NodeUnavailableError extends Error {
  override readonly name = 'NodeUnavailableError';
}

/** Default deadline for a node script (setup steps may ask for more). */
export const DEFAULT_NODE_TIMEOUT_MS = 60_000;

/** `cat`'s complaint for an absent file: the Nodes port answers `undefined` then, not an error. */
export const MISSING_FILE = /No such file or directory/;
