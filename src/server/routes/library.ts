// Protocol library governance (SPEC-CLINICAL §1, §7): the versions (the shipped template loads as `template-1` on
// first look), one version in full, a new draft from a base with the medical director's edits, and its approval.
// Approved versions are frozen by the database: hard limits change only through a new approved version.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { allow } from '../auth/route-guard.ts';
import type { LibraryEdits } from '../services/protocol-library.ts';
import {
  approve,
  createDraftFrom,
  getLibraryVersion,
  listVersions,
  loadTemplate,
} from '../services/protocol-library.ts';
import type { LibraryVersion } from '../services/record-types.ts';
import { libraryEntryEdit, settingsEdit, techniqueCode } from '../schemas/clinical.ts';
import { idParams, noBody, uuid } from '../schemas/common.ts';
import { withProblems } from '../schemas/problem-responses.ts';
import { libraryVersionSummaryView, libraryVersionView } from '../schemas/record-views.ts';
import { inCare } from './care-route.ts';

const newDraft = z.strictObject({
  /** The version the draft starts from. */
  basedOn: uuid,
  /** Defaults to `clinic-N`. */
  version: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, . _ -, up to 64')
    .optional(),
  /** Why this version differs from its base. */
  note: z.string().trim().min(1).max(2000).optional(),
  enabledTechniques: z.array(techniqueCode).max(50).optional(),
  entries: z.partialRecord(techniqueCode, libraryEntryEdit).optional(),
  settings: settingsEdit.optional(),
});

const summary = (version: LibraryVersion): z.infer<typeof libraryVersionSummaryView> => ({
  id: version.id,
  version: version.library.version,
  status: version.library.status,
  ...(version.library.approvedBy !== undefined ? { approvedBy: version.library.approvedBy } : {}),
  ...(version.library.approvedAt !== undefined ? { approvedAt: version.library.approvedAt } : {}),
  ...(version.changeNote !== undefined ? { changeNote: version.changeNote } : {}),
  ...(version.basedOn !== undefined ? { basedOn: version.basedOn } : {}),
  createdBy: version.createdBy,
  createdAt: version.createdAt,
});

export const libraryRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/library/versions',
    {
      preValidation: allow('library.read'),
      schema: {
        tags: ['library'],
        summary: 'Every protocol library version (the shipped template included), oldest first',
        response: withProblems({ 200: z.object({ versions: z.array(libraryVersionSummaryView) }) }),
      },
    },
    async (request) => {
      const versions = await inCare(request, async (trx, care) => {
        await loadTemplate(trx, care);
        return listVersions(trx);
      });
      return { versions: versions.map(summary) };
    },
  );

  app.get(
    '/api/library/versions/:id',
    {
      preValidation: allow('library.read'),
      schema: {
        tags: ['library'],
        summary:
          'One library version in full: enabled techniques, dose limits per technique, screening settings',
        params: idParams,
        response: withProblems({ 200: z.object({ version: libraryVersionView }) }),
      },
    },
    async (request) => ({ version: await getLibraryVersion(app.store.db, request.params.id) }),
  );

  app.post(
    '/api/library/versions',
    {
      preValidation: allow('library.edit'),
      schema: {
        tags: ['library'],
        summary:
          'A new draft: the base version with these edits (a changed concentration or volume range drops a total the edit does not restate)',
        body: newDraft,
        response: withProblems({ 201: z.object({ version: libraryVersionView }) }),
      },
    },
    async (request, reply) => {
      const { basedOn, version, note, ...edits } = request.body;
      const draft = await inCare(request, (trx, care) =>
        createDraftFrom(trx, care, basedOn, edits satisfies LibraryEdits, {
          ...(version !== undefined ? { version } : {}),
          ...(note !== undefined ? { note } : {}),
        }),
      );
      return reply.status(201).send({ version: draft });
    },
  );

  app.post(
    '/api/library/versions/:id/approve',
    {
      preValidation: allow('library.approve'),
      schema: {
        tags: ['library'],
        summary: 'Approve a draft in the name of the signed-in medical director; care then uses it',
        params: idParams,
        body: noBody,
        response: withProblems({ 200: z.object({ version: libraryVersionView }) }),
      },
    },
    async (request) => ({
      version: await inCare(request, (trx, care) => approve(trx, care, request.params.id)),
    }),
  );
};
