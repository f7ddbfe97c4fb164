// The protocol library: every version, two of them compared side by side, and for the medical director a new draft
// of edited limits and its approval. Everyone else reads only: the edit controls are not rendered for them (and the
// server refuses the edits anyway).
import { Alert, Loader } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Page } from '../../../components/page.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { useSession } from '../../auth/api/session.ts';
import type { LibraryVersionSummary } from '../api/library.ts';
import { useStaffById } from '../../../lib/staff.ts';
import { useLibraryVersions } from '../api/library.ts';
import { DraftEditor } from './draft-editor.tsx';
import { VersionComparison } from './version-comparison.tsx';
import { VersionList } from './version-list.tsx';

/** The version care uses: the most recently approved one. */
function inUseOf(versions: readonly LibraryVersionSummary[]): LibraryVersionSummary | undefined {
  return versions
    .filter((v) => v.status === 'approved' && v.approvedAt)
    .sort((a, b) => Date.parse(b.approvedAt!) - Date.parse(a.approvedAt!))[0];
}

/** By default: the newest version against the one it was based on (or the one before it). */
function defaultPair(versions: readonly LibraryVersionSummary[]): [string | null, string | null] {
  const newest = versions.at(-1);
  if (!newest) return [null, null];
  const base = newest.basedOn ?? versions.at(-2)?.id ?? newest.id;
  return [base, newest.id];
}

export function LibraryPage() {
  const { t } = useTranslation();
  const actions = useSession().data?.user?.actions ?? [];
  const canEdit = actions.includes('library.edit');
  const canApprove = actions.includes('library.approve');
  const staff = useStaffById(actions.includes('session.write'));
  const versions = useLibraryVersions();
  const [pair, setPair] = useState<[string | null, string | null] | null>(null);

  const list = versions.data ?? [];
  const inUse = inUseOf(list);
  const [leftId, rightId] = pair ?? defaultPair(list);

  return (
    <Page title={t('library.title')} subtitle={t('library.subtitle')}>
      <ProblemAlert error={versions.error} />
      {versions.isPending && <Loader aria-label={t('app.loading')} />}
      {versions.data && (
        <>
          {!inUse && (
            <Alert color="orange.9" variant="outline" title={t('library.noneApprovedTitle')}>
              {t('library.noneApproved')}
            </Alert>
          )}
          <VersionList
            versions={list}
            inUseId={inUse?.id}
            staff={staff}
            canApprove={canApprove}
            onCompare={(left, right) => setPair([left, right])}
          />
          <VersionComparison
            versions={list}
            leftId={leftId}
            rightId={rightId}
            onChange={(left, right) => setPair([left, right])}
          />
          {canEdit && (
            <DraftEditor
              versions={list}
              defaultBaseId={inUse?.id ?? list.at(-1)?.id ?? null}
              onCreated={(draft) => setPair([draft.basedOn ?? leftId, draft.id])}
            />
          )}
        </>
      )}
    </Page>
  );
}
