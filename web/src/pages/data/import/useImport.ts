// The import wizard's calls: a dry run with the current mapping, then the commit as an async job polled
// until it is done. A commit the server refuses for errors (422 import.has_errors) brings back its report.
import { useCallback, useEffect, useRef, useState } from 'react';
import { isApiError } from '../../../api/client';
import * as records from '../../../api/records';
import type { Duplicates, ImportReport } from '../../../api/records';
import { errorMessage } from '../../../components/formErrors';
import type { Mapping } from '../../../forms/importMapping';

export type Phase = 'upload' | 'checking' | 'checked' | 'committing' | 'done';

const pollMs = 500;

function reportOf(error: unknown): ImportReport | null {
  if (!isApiError(error)) return null;
  const report = error.details.report;
  return typeof report === 'object' && report !== null ? (report as ImportReport) : null;
}

export function useImport(entity: string) {
  const [phase, setPhase] = useState<Phase>('upload');
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const dryRun = useCallback(
    async (file: File, mapping: Mapping | undefined, key: string | undefined, duplicates: Duplicates) => {
      setPhase('checking');
      setError(null);
      try {
        setReport(await records.importRecords(entity, file, { dryRun: true, mapping, key, duplicates }));
        setPhase('checked');
      } catch (caught) {
        const r = reportOf(caught);
        if (r) setReport(r);
        setError(errorMessage(caught));
        setPhase(r ? 'checked' : 'upload');
      }
    },
    [entity],
  );

  const poll = useCallback(
    (job: string | number) => {
      timer.current = window.setTimeout(() => {
        records.importStatus(entity, job).then(
          (r) => {
            setReport(r);
            if (r.status === 'running') poll(job);
            else if (r.status === 'failed' || r.error_count > 0) {
              setError(null);
              setPhase('checked');
            } else setPhase('done');
          },
          (caught: unknown) => {
            setError(errorMessage(caught));
            setPhase('checked');
          },
        );
      }, pollMs);
    },
    [entity],
  );

  const commit = useCallback(
    async (file: File, mapping: Mapping | undefined, key: string | undefined, duplicates: Duplicates) => {
      setPhase('committing');
      setError(null);
      try {
        const r = await records.importRecords(entity, file, { dryRun: false, mapping, key, duplicates, async: true });
        setReport(r);
        if (r.status === 'running' && r.id !== undefined) poll(r.id);
        else setPhase(r.status === 'done' && r.error_count === 0 ? 'done' : 'checked');
      } catch (caught) {
        const r = reportOf(caught);
        if (r) setReport(r);
        setError(errorMessage(caught));
        setPhase('checked');
      }
    },
    [entity, poll],
  );

  const reset = useCallback(() => {
    window.clearTimeout(timer.current);
    setPhase('upload');
    setReport(null);
    setError(null);
  }, []);

  return { phase, report, error, dryRun, commit, reset };
}
