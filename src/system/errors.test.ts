import { describe, expect, it } from 'vitest';
import { ExternalError } from './errors.js';

describe('ExternalError', () => {
  it('names the last stderr line, or says there was none', () => {
    expect(new ExternalError('kind', ['create', 'cluster'], 1, 'a\nboom\n').message).toBe('kind create cluster failed (exit 1): boom');
    expect(new ExternalError('kind', ['get'], 2, '').message).toBe('kind get failed (exit 2): no error output');
  });
});
