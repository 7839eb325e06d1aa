import { describe, expect, it } from 'vitest';
import { colorFromEnv } from './theme.js';

describe('color from the environment', () => {
  it('Given NO_COLOR or FORCE_COLOR=0, When read, Then color is off; otherwise on', () => {
    expect(colorFromEnv({})).toBe(true);
    expect(colorFromEnv({ NO_COLOR: '1' })).toBe(false);
    expect(colorFromEnv({ NO_COLOR: '' })).toBe(true);
    expect(colorFromEnv({ FORCE_COLOR: '0' })).toBe(false);
    expect(colorFromEnv({ FORCE_COLOR: '1' })).toBe(true);
  });
});
