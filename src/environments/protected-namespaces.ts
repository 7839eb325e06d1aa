/**
 * Namespaces a task's reset never deletes or empties, whatever its steps applied there (a pack may
 * have patched system objects). One list for both step runners — live (kubectl delete) and
 * offline (workspace files) — so starting a task over means the same thing everywhere.
 * `local-path-storage` is where kind's default StorageClass provisioner runs.
 */
export const PROTECTED_NAMESPACES: ReadonlySet<string> = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);
