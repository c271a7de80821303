import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { EventRecord } from '@polkadot/types/interfaces';
import { type Account, type Clock, type Stage, ChainError, clock, connect, nodeUrl, send } from './chain';
import { type Organisation, organisations } from './directory';
import { SessionContext, type Session } from './session';
import { SignIn } from './views/signin';
import { Records } from './views/records';
import { Requests } from './views/requests';
import { Consents } from './views/consents';
import { AccessLog } from './views/log';
import { Research } from './views/research';
import { AcceptRotation, Identity } from './views/identity';
import { short } from './words';

const TABS = [
  ['records', 'My records'],
  ['requests', 'Requests'],
  ['consents', 'My consents'],
  ['log', 'Who saw my data'],
  ['research', 'Research'],
  ['identity', 'My identity'],
] as const;
type Tab = (typeof TABS)[number][0];

const STAGE_TEXT: Record<Stage, string> = {
  signing: 'Waiting for your signature…',
  ready: 'Sent; waiting for the next block…',
  inBlock: 'In a block; waiting for finality…',
  finalized: 'Final.',
};

interface Flight { label: string; stage: Stage; error?: string }

export function App() {
  const [api, setApi] = useState<ApiPromise | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [account, setAccount] = useState<Account | null>(null);
  const [patient, setPatient] = useState<string | null>(null);
  const [represented, setRepresented] = useState<string[]>([]);
  const [proposedBy, setProposedBy] = useState<string | null>(null);
  const [ownId, setOwnId] = useState<string | null>(null);
  const [orgs, setOrgs] = useState<Map<number, Organisation>>(new Map());
  const [chainClock, setClock] = useState<Clock | null>(null);
  const [tab, setTab] = useState<Tab>('records');
  const [tick, setTick] = useState(0);
  const [finalized, setFinalized] = useState(0);
  const [flight, setFlight] = useState<Flight | null>(null);

  useEffect(() => {
    const url = nodeUrl();
    connect(url)
      .then(async (a) => {
        await a.isReadyOrError;
        setOrgs(await organisations(a));
        setClock(await clock(a));
        setApi(a);
      })
      .catch((e: Error) => setFailure(`Cannot reach the Healthchain node at ${url}: ${e.message}`));
  }, []);

  // Whom this key acts for: the identity it controls (after a key rotation or recovery, the
  // patient id is the identity's first account, not the key); the patients that named it their
  // guardian, representative or contact; an identity proposing to move to it.
  useEffect(() => {
    if (!api || !account) return;
    (async () => {
      const controlled = await api.query.patientIdentity.controllers(account.address);
      if (!controlled.isEmpty) {
        setOwnId(controlled.toString());
        setPatient((p) => (p === account.address ? controlled.toString() : p));
      }
      // Read by scanning (fine for a consortium's patient count on a dev chain; a runtime API
      // indexed by agent is the scalable answer).
      const entries = await api.query.patientIdentity.delegates.entries();
      setRepresented(entries
        .filter(([, ds]) => (ds as unknown as { account: { toString(): string } }[]).some((d) => d.account.toString() === account.address))
        .map(([k]) => k.args[0].toString()));
      const patients = await api.query.patientIdentity.patients.entries();
      const proposer = patients.find(([, p]) => (p.toJSON() as { pendingRotation?: string | null } | null)?.pendingRotation === account.address);
      setProposedBy(proposer ? proposer[0].args[0].toString() : null);
    })().catch(() => {});
  }, [api, account, tick]);

  // Every new block: the clock moves; events about the patient bump `tick`, so screens reload live.
  useEffect(() => {
    if (!api || !patient) return;
    let unsub: (() => void) | undefined;
    api.query.system.events((records: EventRecord[]) => {
      clock(api).then(setClock).catch(() => {});
      const aboutPatient = records.some(({ event }) =>
        ['consent', 'recordAnchors', 'patientIdentity'].includes(event.section) &&
        event.data.some((d) => d.toString() === patient || d.toString().includes(patient)));
      if (aboutPatient) setTick((t) => t + 1);
    }).then((u) => { unsub = u as unknown as () => void; });
    return () => unsub?.();
  }, [api, patient]);

  // The node answers `health_*` questions at the finalized block: screens reading them follow it.
  useEffect(() => {
    if (!api) return;
    let unsub: (() => void) | undefined;
    api.rpc.chain.subscribeFinalizedHeads((h) => setFinalized(h.number.toNumber())).then((u) => { unsub = u; });
    return () => unsub?.();
  }, [api]);

  const session = useMemo<Session | null>(() => {
    if (!api || !account || !patient || !chainClock) return null;
    return {
      api, account, patient, own: patient === (ownId ?? account.address), orgs, clock: chainClock, tick, finalized,
      run: async (label: string, tx: SubmittableExtrinsic<'promise'>) => {
        setFlight({ label, stage: 'signing' });
        try {
          const events = await send(api, account, tx, (stage) => setFlight((f) => (f && !f.error ? { ...f, stage } : f)));
          setTick((t) => t + 1);
          return events;
        } catch (e) {
          const text = e instanceof ChainError ? e.message : String(e);
          setFlight({ label, stage: 'inBlock', error: text });
          return null;
        }
      },
    };
  }, [api, account, patient, ownId, orgs, chainClock, tick, finalized]);

  if (failure) return <main class="center"><p role="alert" class="error">{failure}</p></main>;
  if (!api || !chainClock) return <main class="center"><p aria-busy="true">Connecting to Healthchain…</p></main>;
  if (!account || !session) {
    return <SignIn api={api} onSignedIn={(a) => { setAccount(a); setPatient(a.address); setOwnId(null); }} />;
  }

  return (
    <SessionContext.Provider value={session}>
      <header>
        <h1>Healthchain</h1>
        <div class="who">
          <span title={account.address}>{account.name} · {short(account.address)}</span>
          {represented.length > 0 && (
            <label>
              Acting for{' '}
              <select value={patient ?? ''} onChange={(e) => setPatient((e.target as HTMLSelectElement).value)}>
                <option value={ownId ?? account.address}>myself</option>
                {represented.map((p) => <option value={p}>{short(p)}</option>)}
              </select>
            </label>
          )}
          <button class="link" onClick={() => { setAccount(null); setPatient(null); setFlight(null); }}>Sign out</button>
        </div>
        <nav aria-label="Screens">
          <div role="tablist" class="tabs">
            {TABS.map(([id, title]) => (
              <button role="tab" aria-selected={tab === id} aria-controls="panel" class={tab === id ? 'tab active' : 'tab'} id={`tab-${id}`} onClick={() => setTab(id)}>
                {title}
              </button>
            ))}
          </div>
        </nav>
      </header>
      {flight && (
        <div class={flight.error ? 'flight failed' : 'flight'} role={flight.error ? 'alert' : 'status'} aria-live="polite" data-stage={flight.error ? 'failed' : flight.stage}>
          <strong>{flight.label}</strong>{' '}
          {flight.error ? <span class="error">{flight.error}</span> : STAGE_TEXT[flight.stage]}
          {(flight.error || flight.stage === 'finalized') && <button class="link" onClick={() => setFlight(null)}>Dismiss</button>}
        </div>
      )}
      <main>
        {proposedBy && <AcceptRotation from={proposedBy} />}
        <div role="tabpanel" id="panel" aria-labelledby={`tab-${tab}`}>
        {tab === 'records' && <Records />}
        {tab === 'requests' && <Requests />}
        {tab === 'consents' && <Consents />}
        {tab === 'log' && <AccessLog />}
        {tab === 'research' && <Research />}
        {tab === 'identity' && <Identity />}
        </div>
      </main>
    </SessionContext.Provider>
  );
}
