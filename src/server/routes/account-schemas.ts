/** Shapes for users, API keys and the audit log in responses. Never includes a hash or a secret. */
import { z } from 'zod';
import type { ApiKeyListing, AuditEntry, UserRecord } from '../../auth/auth-store.js';
import { ROLES } from '../../auth/roles.js';
import { iso, isoFromMicros, isoOrNull, micros } from '../representations/time-fields.js';

export const roleSchema = z.enum(ROLES).describe('viewer (read), analyst (read + labels), admin (everything)');

export const userSchema = z
  .object({
    username: z.string(),
    role: roleSchema,
    createdAt: micros,
    createdAtIso: iso,
    lastLoginAt: micros.nullable(),
    lastLoginAtIso: iso.nullable(),
  })
  .describe('user');

export function userOut(user: UserRecord): z.infer<typeof userSchema> {
  return {
    username: user.username,
    role: user.role,
    createdAt: user.createdAt,
    createdAtIso: isoFromMicros(user.createdAt),
    lastLoginAt: user.lastLoginAt,
    lastLoginAtIso: isoOrNull(user.lastLoginAt),
  };
}

export const apiKeySchema = z
  .object({
    id: z.number().int(),
    username: z.string().describe('owner'),
    role: roleSchema.describe('scope: requests get the lesser of this and the owner’s role'),
    name: z.string(),
    masked: z.string().describe('tw_abcd…wxyz'),
    createdAt: micros,
    createdAtIso: iso,
    lastUsedAt: micros.nullable(),
    lastUsedAtIso: iso.nullable(),
    revokedAt: micros.nullable(),
    revokedAtIso: iso.nullable(),
  })
  .describe('API key (masked)');

export function apiKeyOut(key: ApiKeyListing): z.infer<typeof apiKeySchema> {
  return {
    id: key.id,
    username: key.username,
    role: key.role,
    name: key.name,
    masked: key.masked,
    createdAt: key.createdAt,
    createdAtIso: isoFromMicros(key.createdAt),
    lastUsedAt: key.lastUsedAt,
    lastUsedAtIso: isoOrNull(key.lastUsedAt),
    revokedAt: key.revokedAt,
    revokedAtIso: isoOrNull(key.revokedAt),
  };
}

export const auditEntrySchema = z
  .object({
    id: z.number().int(),
    ts: micros,
    tsIso: iso,
    actor: z.string(),
    action: z.string(),
    target: z.string().nullable(),
    ip: z.string().nullable(),
    success: z.boolean(),
    detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  })
  .describe('audit log entry');

export function auditOut(entry: AuditEntry): z.infer<typeof auditEntrySchema> {
  return { ...entry, tsIso: isoFromMicros(entry.ts), detail: { ...entry.detail } };
}
