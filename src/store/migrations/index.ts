// Every migration, in order. Append new ones (one file each); never edit an
// applied one. Names sort lexically, so keep the 4-digit prefix.
import { m0001_initial } from './0001_initial.js';
import { m0002_arena } from './0002_arena.js';
import { m0003_safety_review } from './0003_safety_review.js';
import { m0004_auth } from './0004_auth.js';
import { m0005_load } from './0005_load.js';
import { m0006_login_throttle } from './0006_login_throttle.js';
import { m0007_arena_salt } from './0007_arena_salt.js';
import { m0008_attempt_role } from './0008_attempt_role.js';
import { m0009_request_mappings } from './0009_request_mappings.js';
import { m0010_refusal_calibrations } from './0010_refusal_calibrations.js';
import type { MigrationFor } from './types.js';

export const MIGRATIONS: Record<string, MigrationFor> = {
  '0001_initial': m0001_initial,
  '0002_arena': m0002_arena,
  '0003_safety_review': m0003_safety_review,
  '0004_auth': m0004_auth,
  '0005_load': m0005_load,
  '0006_login_throttle': m0006_login_throttle,
  '0007_arena_salt': m0007_arena_salt,
  '0008_attempt_role': m0008_attempt_role,
  '0009_request_mappings': m0009_request_mappings,
  '0010_refusal_calibrations': m0010_refusal_calibrations,
};
