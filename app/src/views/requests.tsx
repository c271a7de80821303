// Requests, live: the providers asking for access (they appear as the chain's events arrive), to
// approve or deny; and break-glass openings about me, as alerts with the reason and, later, the
// reviewer's ruling.
import { useEffect, useState } from 'preact/hooks';
import { dateOfBlock } from '../chain';
import { orgName } from '../directory';
import { useSession } from '../session';
import { CONSENT_ACTIONS, action, categories, codeSet, list, purpose, short, when } from '../words';

interface Scope { actions: string[]; categories: string[]; resourceTypes: string[]; purposes: string[]; labels: string[] }
interface Request { id: number; requester: string; organization: number; scope: Scope; grantDuration: number; expiresAt: number }
interface Episode {
  id: number; requester: string; organization: number; purpose: string; reason: string;
  openedAt: number; expiresAt: number; reviewed: boolean; overdue: boolean; justified: boolean | null;
}

const REASON: Record<string, string> = {
  PatientIncapacitated: 'you could not be asked (incapacitated)',
  LifeThreatening: 'a life-threatening emergency',
  ThreatToOthers: 'a serious threat to others',
  ConsentUnavailable: 'your consent could not be obtained in time',
};

export function Requests() {
  const { api, patient, orgs, clock, tick, run } = useSession();
  const [requests, setRequests] = useState<Request[] | null>(null);
  const [episodes, setEpisodes] = useState<Episode[]>([]);

  useEffect(() => {
    (async () => {
      const ids = (await api.query.consent.patientRequests(patient)) as unknown as { toNumber(): number }[];
      const out: Request[] = [];
      for (const id of ids.map((i) => i.toNumber())) {
        const r = await api.query.consent.requests(id);
        if ((r as unknown as { isSome: boolean }).isSome) {
          const j = (r as unknown as { unwrap(): { toJSON(): Record<string, unknown> } }).unwrap().toJSON();
          const scope = j.scope as Scope & { actions: unknown };
          out.push({
            id, requester: String(j.requester), organization: Number(j.organization),
            scope: { ...scope, actions: codeSet(scope.actions, CONSENT_ACTIONS) }, grantDuration: Number(j.grantDuration), expiresAt: Number(j.expiresAt),
          });
        }
      }
      setRequests(out);
      const eps = (await api.call.consentApi.breakGlassEpisodes(patient)).toJSON() as unknown as Omit<Episode, 'justified'>[];
      const withRuling: Episode[] = [];
      for (const e of eps) {
        const full = (await api.query.consent.episodes(e.id)).toJSON() as { review?: Record<string, unknown> } | null;
        const review = full?.review ?? {};
        withRuling.push({ ...e, justified: 'justified' in review ? true : 'unjustified' in review ? false : null });
      }
      setEpisodes(withRuling.reverse());
    })().catch(() => setRequests([]));
  }, [api, patient, tick]);

  if (!requests) return <p aria-busy="true">Loading requests…</p>;
  return (
    <>
      {episodes.length > 0 && (
        <section aria-labelledby="glass-title" class="alerts">
          <h2 id="glass-title">Emergency access to your records</h2>
          {episodes.map((e) => (
            <div class={e.justified === false || e.overdue ? 'alert danger' : 'alert'} role="alert" data-episode={e.id}>
              <strong>{orgName(orgs, e.organization)}</strong> opened your records in an emergency on {when(dateOfBlock(clock, e.openedAt))}
              {' '}for {purpose(e.purpose)}, because of {REASON[e.reason] ?? e.reason}; access ends {when(dateOfBlock(clock, e.expiresAt))}.{' '}
              {e.justified === true && 'A reviewer found it justified.'}
              {e.justified === false && 'A reviewer found it NOT justified: access was ended.'}
              {e.justified === null && (e.overdue ? 'Its review is overdue; the organisation has been flagged.' : 'It will be reviewed by an accredited reviewer.')}
            </div>
          ))}
        </section>
      )}
      <section aria-labelledby="requests-title">
        <h2 id="requests-title">Access requests</h2>
        <p class="hint">New requests appear here as they arrive.</p>
        {requests.length === 0 && <p id="no-requests">Nobody is waiting for your answer.</p>}
        <ul class="cards" id="requests">
          {requests.map((r) => (
            <li class="card" data-request={r.id} key={r.id}>
              <h3>{orgName(orgs, r.organization)} asks to {list(r.scope.actions, action, 'use')} your {list(r.scope.categories, categories, 'records')}</h3>
              <dl>
                <dt>Who</dt><dd title={r.requester}>{short(r.requester)}, a member of {orgName(orgs, r.organization)}</dd>
                <dt>Why</dt><dd>{list(r.scope.purposes, purpose, 'any purpose')}</dd>
                {r.scope.labels.length > 0 && <><dt>Including</dt><dd>sensitive records labelled {r.scope.labels.join(', ')}</dd></>}
                <dt>For</dt><dd>until {when(dateOfBlock(clock, clock.block + r.grantDuration))} if you approve now</dd>
                <dt>Answer by</dt><dd>{when(dateOfBlock(clock, r.expiresAt))}</dd>
              </dl>
              <div class="actions">
                <button class="primary" onClick={() => run(`Approving the request of ${orgName(orgs, r.organization)}`, api.tx.consent.respondToRequest(r.id, true))}>Approve</button>
                <button onClick={() => run(`Denying the request of ${orgName(orgs, r.organization)}`, api.tx.consent.respondToRequest(r.id, false))}>Deny</button>
              </div>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
