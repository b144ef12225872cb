// Roles and what each may do. Routes name a permission, never a role, so the
// table below is the whole access policy (docs/auth.md).
import { ROLES, type Role } from '../store/schema.js';

export { ROLES, type Role };

export const PERMISSIONS = {
  /** Runs, results, reports, comparisons, presets, configured providers (never their secrets), banks. */
  'runs:read': ['admin', 'evaluator', 'viewer'],
  /** Start, cancel and resume runs. */
  'runs:write': ['admin', 'evaluator'],
  /** Add, change and remove configured providers and set their secrets (write-only). */
  'providers:write': ['admin', 'evaluator'],
  /** Blind battles and votes: the reviewer's whole world. */
  'arena:vote': ['admin', 'evaluator', 'reviewer'],
  /** Arena ratings name the providers, so reviewers do not see them. */
  'arena:stats': ['admin', 'evaluator', 'viewer'],
  /** Accounts and the audit log. */
  'users:admin': ['admin'],
  'audit:read': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(role, p));
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
