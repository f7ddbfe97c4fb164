// The clinic's day from GET /api/today: one read for every section of the Today page.
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { todayView } from '../../../../server/routes/today.ts';
import { api } from '../../../lib/api-client.ts';

export type Today = z.infer<typeof todayView>;

export const fetchToday = (): Promise<Today> => api<Today>('/api/today');

export const todayQuery = queryOptions({ queryKey: ['today'], queryFn: fetchToday });

export const useToday = () => useQuery(todayQuery);
