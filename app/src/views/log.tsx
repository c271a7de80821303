// Who saw my data: the accounting of disclosures (the chain's access log, written by every
// gateway release and refusal and every provider's recorded access) as a timeline.
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

  useEffect(() => {
    health<Entry[]>(api, 'accessLog', [patient])
      .then((e) => setEntries([...e].reverse()))
      .catch((e: Error) => setError(`The access log could not be read: ${e.message}`));
  }, [api, patient, tick, finalized]);

  if (error) return <p role="alert" class="error">{error}</p>;
  if (!entries) return <p aria-busy="true">Loading the access log…</p>;
  return (
    <section aria-labelledby="log-title">
      <h2 id="log-title">Who saw my data</h2>
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
