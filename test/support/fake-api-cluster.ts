import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKubectl, createKubectlCluster } from '../../src/environments/live/kubectl.js';
import type { Cluster, K8sObject } from '../../src/models/index.js';
import { createProcessRunner } from '../../src/system/index.js';
import { startFakeApiServer, type FakeApiOptions, type FakeApiServer } from '../fake-api-server/index.js';

/** The live Cluster port (real kubectl) pointed at a fake API server serving `objects`. */
export interface FakeApiCluster {
  server: FakeApiServer;
  cluster: Cluster;
  close(): Promise<void>;
}

/**
 * Starts the fake API server (test/fake-api-server) and binds the kubectl adapter to it with its
 * own kubeconfig and discovery cache, as checker tests do when a checker reads the API: what the
 * checker sees is what real kubectl made of the server's answers. For tests only.
 */
export async function openFakeApiCluster(objects: readonly K8sObject[], options: FakeApiOptions = {}): Promise<FakeApiCluster> {
  const server = await startFakeApiServer(objects, options);
  const dir = await mkdtemp(join(tmpdir(), 'kubedrill-fake-api-'));
  const kubeconfig = await server.writeKubeconfig(dir, 'kind-fake');
  const kubectl = createKubectl({ runner: createProcessRunner(), target: { context: 'kind-fake', kubeconfig }, cacheDir: join(dir, 'cache') });
  return {
    server,
    cluster: createKubectlCluster(kubectl),
    async close() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
