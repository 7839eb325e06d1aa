import { describe, expect, it } from 'vitest';
import { chooseNodeImage, imageKubernetesMinor, KIND_NODE_IMAGES } from './node-image.js';
import { MIN_KIND_VERSION, versionAtLeast } from './provider.js';

describe('pinned kind node images', () => {
  it('given the table, then every entry is a supported kind release mapped to kindest/node:vX.Y.Z@sha256:<64 hex>', () => {
    expect(Object.keys(KIND_NODE_IMAGES).length).toBeGreaterThanOrEqual(9);
    for (const [kind, image] of Object.entries(KIND_NODE_IMAGES)) {
      expect(kind).toMatch(/^\d+\.\d+\.\d+$/);
      expect(versionAtLeast(kind.split('.').map(Number), MIN_KIND_VERSION)).toBe(true);
      expect(image).toMatch(/^kindest\/node:v1\.\d+\.\d+@sha256:[0-9a-f]{64}$/);
    }
  });

  it('given kind 0.27.0, then its pinned image; the learner\'s image wins; an unknown or pre-release kind gets kind\'s default', () => {
    expect(chooseNodeImage('kind v0.27.0 go1.23.4 linux/amd64')).toMatchObject({ source: 'pinned', image: KIND_NODE_IMAGES['0.27.0'] });
    expect(chooseNodeImage('kind v0.27.0 go1.23.4 linux/amd64', 'my/node:v1')).toEqual({ source: 'learner', image: 'my/node:v1', note: 'node image my/node:v1 (your --image)' });
    expect(chooseNodeImage('kind v0.99.0 go1.30 linux/amd64')).toMatchObject({ source: 'kind-default', note: expect.stringContaining('kind 0.99.0 is not in') as string });
    expect(chooseNodeImage('kind v0.32.0-alpha+abc go1.25 linux/amd64')).toMatchObject({ source: 'kind-default' });
    expect(chooseNodeImage(undefined).image).toBeUndefined();
  });

  it('given an image reference, then its Kubernetes minor', () => {
    expect(imageKubernetesMinor(KIND_NODE_IMAGES['0.32.0'])).toBe(36);
    expect(imageKubernetesMinor(undefined)).toBeUndefined();
  });
});
