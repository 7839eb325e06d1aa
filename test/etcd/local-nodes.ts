import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { ExecResult, NodeName, Nodes } from '../../src/models/index.js';

/**
 * A Nodes port whose "node" is this machine: scripts run with `sh -s` (stdin), files are read
 * from the local filesystem. A test double at the Nodes boundary (the README, Tests) so the etcd
 * checkers' node scripts run against a real etcd; product code never runs scripts on the host.
 * Every call is recorded so tests can assert which node a checker addressed.
 */
export class LocalNodes implements Nodes {
  readonly calls: { node: NodeName; script: string }[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  exec(node: NodeName, script: string, opts?: { timeoutMs?: number }): Promise<ExecResult> {
    this.calls.push({ node, script });
    return new Promise((resolve, reject) => {
      // `sh` is dash on Debian: the scripts must stay POSIX, as on a kind node's /bin/sh.
      const child = spawn('/bin/sh', ['-s'], { env: this.env, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => {
        child.kill('SIGTERM');
        reject(new Error(`node script timed out after ${opts?.timeoutMs} ms`));
      }, opts?.timeoutMs ?? 60_000);
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ exitCode: code ?? 1, stdout, stderr });
      });
      child.stdin.end(script);
    });
  }

  async readFile(_node: NodeName, path: string): Promise<string | undefined> {
    try {
      return await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }
}
