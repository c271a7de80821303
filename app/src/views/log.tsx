// Who saw my data: the accounting of disclosures (the chain's access log, written by every
// gateway release and refusal and every provider's recorded access) as a timeline, and the same as
// a FHIR AuditEvent Bundle to download (rendered by the node, as the CLI's `audit export` is).
import { useEffect, useState } from 'preact/hooks';
import { dateOfBlock, health } from '../chain';
import { orgName } from '../directory';
import { useSession } from '../session';
import { action, category, purpose, short, when } from '../words';

interface Entry {
  seq: number; accessor: string; organization: number; action: string; category: string; record: number | null;
  recipient: unknown; purpose: string; decision: { permit: boolean; reason?: string; basis?: string }; outcome: string; block: number;
}

export function AccessLog() {
  const { api, patient, orgs, clock, tick, finalized } = useSession();
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [download, setDownload] = useState<{ url: string; count: number } | null>(null);

  useEffect(() => {
    health<Entry[]>(api, 'accessLog', [patient])
      .then((e) => setEntries([...e].reverse()))
      .catch((e: Error) => setError(`The access log could not be read: ${e.message}`));
  }, [api, patient, tick, finalized]);

  async function exportFhir() {
    try {
      const bundle = await health<{ total: number }>(api, 'accessLogFhir', [patient]);
      if (download) URL.revokeObjectURL(download.url);
      const url = URL.createObjectURL(new Blob([JSON.stringify(bundle, null, 2)], { type: 'application/fhir+json' }));
      setDownload({ url, count: bundle.total });
      const a = document.createElement('a');
      a.href = url;
      a.download = `access-log-${patient.slice(0, 8)}.fhir.json`;
      a.click();
    } catch (e) {
      setError(`The export failed: ${(e as Error).message}`);
    }
  }

  if (error) return <p role="alert" class="error">{error}</p>;
  if (!entries) return <p aria-busy="true">Loading the access log…</p>;
  return (
    <section aria-labelledby="log-title">
      <h2 id="log-title">Who saw my data</h2>
      <div class="actions">
        <button id="export" onClick={exportFhir}>Download as FHIR AuditEvents</button>
        {download && <a id="export-link" href={download.url} download={`access-log-${patient.slice(0, 8)}.fhir.json`} data-count={download.count}>Download again ({download.count} events)</a>}
      </div>
      {entries.length === 0 && <p id="no-log">Nobody has accessed your records yet.</p>}
      <ol class="timeline" id="log">
        {entries.map((e) => {
          const ok = e.outcome === 'Success';
          return (
            <li data-seq={e.seq} class={ok ? 'ok' : 'refused'} key={e.seq}>
              <time>{when(dateOfBlock(clock, e.block))}</time>
              <p>
                <strong>{orgName(orgs, e.organization)}</strong> ({short(e.accessor)}){' '}
                {ok ? `did ${action(e.action)}` : `was refused to ${action(e.action)}`} your {category(e.category).toLowerCase()}
                {e.record !== null ? ` (record #${e.record})` : ''} for {purpose(e.purpose)}
                {e.recipient ? ', passing it on' : ''}.
                {!e.decision.permit && <span class="why"> The chain had said no{e.decision.reason ? ` (${e.decision.reason})` : ''}.</span>}
              </p>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
