import { describe, expect, it } from 'vitest';
import { COLLECTIONS } from '../core/collections';
import { SECURITY_RULES } from './security-rules';

describe('security rules', () => {
  it('deny every client read and write on every collection', () => {
    expect(Object.keys(SECURITY_RULES).sort()).toEqual(Object.values(COLLECTIONS).sort());
    for (const [name, rule] of Object.entries(SECURITY_RULES)) expect(rule, name).toEqual({ read: false, write: false });
  });
});
