// What the web app needs to know about the clinic before anyone signs in: its default language (issue 4: the clinic
// picks its default, each user their own). Public: it reveals nothing about patients or staff.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withProblems } from '../schemas/problem-responses.ts';

export const CLINIC_LANGUAGES = ['en', 'es'] as const;
export type ClinicLanguage = (typeof CLINIC_LANGUAGES)[number];

export const isClinicLanguage = (value: unknown): value is ClinicLanguage =>
  typeof value === 'string' && (CLINIC_LANGUAGES as readonly string[]).includes(value);

export interface ClinicSettings {
  readonly defaultLanguage: ClinicLanguage;
}

export const clinicRoutes: FastifyPluginAsyncZod<ClinicSettings> = async (app, settings) => {
  app.get(
    '/api/clinic',
    {
      config: { noSession: true },
      schema: {
        tags: ['clinic'],
        summary: 'The clinic’s settings the web app needs before sign-in (its default language)',
        response: withProblems({ 200: z.object({ defaultLanguage: z.enum(CLINIC_LANGUAGES) }) }),
      },
    },
    async () => ({ defaultLanguage: settings.defaultLanguage }),
  );
};
