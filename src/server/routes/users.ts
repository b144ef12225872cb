// Accounts and the audit log: admins only.
import { auditQuery, auditResponse, createUserBody, idParams, updateUserBody, userResponse, usersResponse } from '../../api/contract.js';
import { notFound } from '../errors.js';
import { route } from '../route.js';

export const userRoutes = [
  route({
    id: 'listUsers',
    method: 'get',
    path: '/api/users',
    summary: 'Every account',
    tag: 'users',
    access: 'users:admin',
    response: usersResponse,
    async handler({ ctx }) {
      return { users: await ctx.accounts.list() };
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
    body: createUserBody,
    response: userResponse,
    async handler({ ctx, user, body }) {
      const created = await ctx.accounts.create(body.name, body.role, body.password);
      await ctx.audit.record(user, 'user.create', created.name, { role: created.role });
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
    body: updateUserBody,
    response: userResponse,
    errors: [404],
    async handler({ ctx, user, params, body }) {
      if (!(await ctx.accounts.get(params.id))) throw notFound(`user "${params.id}"`);
      const updated = await ctx.accounts.update(params.id, body);
      // Which fields changed, never the password itself.
      await ctx.audit.record(user, 'user.update', updated.name, {
        fields: Object.keys(body),
        ...(body.role ? { role: body.role } : {}),
        ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
      });
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
    query: auditQuery,
    response: auditResponse,
    async handler({ ctx, query }) {
      return { entries: await ctx.audit.list({ limit: query.limit, beforeId: query.before, action: query.action, userId: query.user }) };
    },
  }),
];
