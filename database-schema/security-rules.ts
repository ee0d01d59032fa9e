import { COLLECTIONS } from '../core/collections';

/**
 * CloudBase database security rules ("安全规则") per collection. Every read and write goes through the
 * functions, which check access on the server and use the admin SDK (rules do not apply to it), so
 * clients get nothing directly: not a roster, not a receipt, not a location.
 */
export type SecurityRule = { read: boolean; write: boolean };

export const SECURITY_RULES: Record<string, SecurityRule> = Object.fromEntries(
  Object.values(COLLECTIONS).map((name) => [name, { read: false, write: false }]),
);
