import { describe, expect, it } from 'vitest';
import { alignExpected, decodeSecretData, readFields, showValue } from './fields.js';

describe('decodeSecretData', () => {
  it('given printable base64, when decoded, then the text comes back; binary, invalid or loose base64 stays undefined', () => {
    expect(decodeSecretData('UzNjcjN0IQ==')).toBe('S3cr3t!');
    expect(decodeSecretData('bGluZTEKbGluZTI=')).toBe('line1\nline2');
    expect(decodeSecretData(Buffer.from([0, 1, 2]).toString('base64'))).toBeUndefined();
    expect(decodeSecretData('mysql')).toBeUndefined();
    expect(decodeSecretData('')).toBeUndefined();
    expect(decodeSecretData(Buffer.from([0xff, 0xfe, 0x41]).toString('base64'))).toBeUndefined();
  });

  it('marks decoded values and shows empty as (empty)', () => {
    expect(showValue('bXlzcWw=', true)).toBe('mysql (decoded)');
    expect(showValue('bXlzcWw=', false)).toBe('bXlzcWw=');
    expect(showValue('', true)).toBe('(empty)');
  });
});

describe('alignExpected', () => {
  it('given an expected text along the template literals, when split, then one value per field', () => {
    expect(alignExpected('NodePort:80:8080', ['', ':', ':', ''])).toEqual(['NodePort', '80', '8080']);
    expect(alignExpected('|{"a":"b"}|proxy', ['', '|', '|', ''])).toEqual(['', '{"a":"b"}', 'proxy']);
    expect(alignExpected('nginx:1.27', ['', ''])).toEqual(['nginx:1.27']);
  });

  it('given a value holding the separator, when the split is ambiguous, then no split is made', () => {
    expect(alignExpected('web/reg/nginx:1', ['', '/', ''])).toBeUndefined();
    expect(alignExpected('no-separator', ['', '|', ''])).toBeUndefined();
  });
});

describe('readFields', () => {
  it('given a Secret, when its data fields are read, then each field is evaluated alone and data is decoded', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'Opaque', data: { A: 'bXlzcWw=' } };
    expect(readFields('{.type}|{.data.A}{.stringData.A}', secret)).toEqual({
      literals: ['', '|', ''],
      fields: [
        { label: 'type', raw: 'Opaque', shown: 'Opaque', secretData: false },
        { label: 'data.A + stringData.A', raw: 'bXlzcWw=', shown: 'mysql (decoded)', secretData: true },
      ],
    });
  });

  it('given a ConfigMap, when its data is read, then nothing is decoded', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { A: 'bXlzcWw=' } };
    expect(readFields('{.data.A}', cm)?.fields[0]?.shown).toBe('bXlzcWw=');
  });

  it('given a field that fails alone, when read, then undefined (the caller shows the whole output)', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [] } };
    expect(readFields('{.spec.containers[3].image}', pod)).toBeUndefined();
  });
});
