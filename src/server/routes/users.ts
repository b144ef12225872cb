// Accounts and the audit log: admins only.
import { z } from 'zod';
import { createUser, getUser, listUsers, updateUser } from '../../auth/accounts.js';
import { audit, listAudit } from '../../auth/audit.js';
import { ROLES } from '../../auth/roles.js';
import { notFound } from '../errors.js';
import { route } from '../route.js';
import { idParams, userSchema } from '../schemas.js';

const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  userId: z.string().nullable(),
  userName: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});

export const userRoutes = [
  route({
    id: 'listUsers',
    method: 'get',
    path: '/api/users',
    summary: 'Every account',
    tag: 'users',
    access: 'users:admin',
    response: z.object({ users: z.array(userSchema) }),
    async handler({ ctx }) {
      return { users: await listUsers(ctx.store.db) };
    },
  }),
  route({
    id: 'createUser',
    method: 'post',
    path: '/api/users',
    summary: 'Add an account',
    tag: 'users',
    access: 'users:admin',
    status: 201,
    body: z.object({ name: z.string(), role: z.enum(ROLES), password: z.string() }),
    response: z.object({ user: userSchema }),
    async handler({ ctx, user, body }) {
      const created = await createUser(ctx.store.db, body.name, body.role, body.password);
      await audit(ctx.store.db, user, 'user.create', created.name, { role: created.role });
      return { user: created };
    },
  }),
  route({
    id: 'updateUser',
    method: 'patch',
    path: '/api/users/{id}',
    summary: 'Change role, password or disabled state (ends the sessions of a disabled user or a changed password)',
    tag: 'users',
    access: 'users:admin',
    params: idParams,
    body: z.object({ role: z.enum(ROLES).optional(), password: z.string().optional(), disabled: z.boolean().optional() }),
    response: z.object({ user: userSchema }),
    errors: [404],
    async handler({ ctx, user, params, body }) {
      if (!(await getUser(ctx.store.db, params.id))) throw notFound(`user "${params.id}"`);
      const updated = await updateUser(ctx.store.db, params.id, body);
      // Which fields changed, never the password itself.
      await audit(ctx.store.db, user, 'user.update', updated.name, { fields: Object.keys(body), ...(body.role ? { role: body.role } : {}), ...(body.disabled !== undefined ? { disabled: body.disabled } : {}) });
      return { user: updated };
    },
  }),
  route({
    id: 'listAudit',
    method: 'get',
    path: '/api/audit',
    summary: 'Audit log, newest first; page with before=<id>',
    tag: 'users',
    access: 'audit:read',
    query: z.object({
      limit: z.coerce.number().int().min(1).max(500).default(100),
      before: z.coerce.number().int().optional(),
      action: z.string().optional(),
      user: z.string().optional(),
    }),
    response: z.object({ entries: z.array(auditEntrySchema) }),
    async handler({ ctx, query }) {
      return { entries: await listAudit(ctx.store.db, { limit: query.limit, beforeId: query.before, action: query.action, userId: query.user }) };
    },
  }),
];
