import { Command } from '@commander-js/extra-typings';
import { describe, expect, it } from 'vitest';
import type { EnvironmentOptions } from '../services/session-environment.js';
import { withEnvironmentOptions } from './options.js';

describe('withEnvironmentOptions', () => {
  it('Given every environment option, When parsed, Then the values have exactly the names and types EnvironmentOptions declares', () => {
    const command = withEnvironmentOptions(new Command('x').exitOverride());
    command.parse(['--offline', 'ws', '--kubeconfig', 'kc', '--node-ssh', 'ssh {node}', '--debug', 'log'], { from: 'user' });
    const expected: Required<Omit<EnvironmentOptions, 'context' | 'cluster'>> = { offline: 'ws', kubeconfig: 'kc', nodeSsh: 'ssh {node}', debug: 'log' };
    expect(command.opts()).toEqual(expected);
    const live = withEnvironmentOptions(new Command('y').exitOverride());
    live.parse(['--context', 'lab'], { from: 'user' });
    expect(live.opts()).toEqual({ context: 'lab' } satisfies EnvironmentOptions);
    const kind = withEnvironmentOptions(new Command('z').exitOverride());
    kind.parse(['--cluster', 'lab'], { from: 'user' });
    expect(kind.opts()).toEqual({ cluster: 'lab' } satisfies EnvironmentOptions);
    const workspace = withEnvironmentOptions(new Command('w').exitOverride());
    workspace.parse(['--offline'], { from: 'user' });
    expect(workspace.opts()).toEqual({ offline: true } satisfies EnvironmentOptions);
    expect(() => withEnvironmentOptions(new Command('v').exitOverride().configureOutput({ writeErr: () => undefined })).parse(['--offline', '--cluster', 'lab'], { from: 'user' })).toThrow(/cannot be used with/);
  });
});

describe('clusterOption', () => {
  it('Given a name that is not a kind cluster name, When parsed, Then it is refused before any path or container is built from it', () => {
    const parse = (name: string) => withEnvironmentOptions(new Command('c').exitOverride().configureOutput({ writeErr: () => undefined })).parse(['--cluster', name], { from: 'user' }).opts();
    expect(() => parse('../../etc')).toThrow(/not a cluster name/);
    expect(() => parse('Prod')).toThrow(/not a cluster name/);
    expect(parse('cka-2')).toEqual({ cluster: 'cka-2' });
  });
});
