// My identity: register (the salted commitment computed here; the identifiers and salt are
// offered to the patient to keep, never sent), the delegates — guardians, legal representatives,
// emergency contacts — the recovery threshold, key rotation, and the state of any recovery.
import { useEffect, useState } from 'preact/hooks';
import { u8aToHex } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import { dateOfBlock } from '../chain';
import { canonicalIdentifiers, identityCommitment, newSalt } from '../identity';
import { useSession } from '../session';
import { DELEGATE_ACTIONS, codeSet, short, when } from '../words';

interface Delegate { account: string; role: string; scope: unknown; expiresAt: number | null }
interface Recovery { newAccount: string; claimableAt: number; expiresAt: number; threshold: number; approvals: string[] }
interface Patient { commitment: string; recoveryThreshold: number; pendingRotation: string | null; controller: string }

const ACTIONS: [string, string][] = [
  ['ManageConsent', 'manage my consents'], ['ApproveAccess', 'answer access requests'], ['Notify', 'be told of emergencies'],
  ['AnchorRecords', 'add records I report'], ['Recovery', 'help recover my identity'], ['ReadAudit', 'read who saw my data'],
];
const ROLES: [string, string][] = [['Guardian', 'Guardian'], ['LegalRepresentative', 'Legal representative'], ['EmergencyContact', 'Emergency contact']];

const scopeNames = (raw: unknown) => codeSet(raw, DELEGATE_ACTIONS);

const validAddress = (a: string) => { try { decodeAddress(a); return true; } catch { return false; } };

export function Identity() {
  const { api, account, patient, clock, tick, run } = useSession();
  const [info, setInfo] = useState<Patient | null | undefined>(undefined);
  const [delegates, setDelegates] = useState<Delegate[]>([]);
  const [recovery, setRecovery] = useState<Recovery | null>(null);
  // The identity card of a registration made in this page: kept here, so it outlives the
  // registration form (which gives way to the identity once the chain has it).
  const [card, setCard] = useState<string | null>(null);

  useEffect(() => {
    (async () => {
      const p = await api.query.patientIdentity.patients(patient);
      setInfo(p.isEmpty ? null : (p.toJSON() as unknown as Patient));
      setDelegates((await api.query.patientIdentity.delegates(patient)).toJSON() as unknown as Delegate[]);
      const r = await api.query.patientIdentity.recoveries(patient);
      setRecovery(r.isEmpty ? null : (r.toJSON() as unknown as Recovery));
    })().catch(() => setInfo(null));
  }, [api, patient, tick]);

  if (info === undefined) return <p aria-busy="true">Loading your identity…</p>;
  if (info === null) return patient === account.address ? <Register onCard={setCard} /> : <p>This patient is not registered.</p>;
  const self = info.controller === account.address;
  return (
    <>
      <section aria-labelledby="id-title">
        <h2 id="id-title">My identity</h2>
        <dl>
          <dt>Patient id</dt><dd id="patient-id">{patient}</dd>
          <dt>Signing key</dt><dd>{info.controller}</dd>
          <dt>Commitment</dt><dd><code>{info.commitment}</code></dd>
        </dl>
        <p class="hint">The chain holds only this commitment: nobody can tell who you are from it. Your hospital checks it when you show them your identity card file.</p>
        {card && <IdentityCard card={card} />}
      </section>
      {recovery && (
        <section class="alerts" aria-labelledby="recovery-title">
          <h2 id="recovery-title">A recovery of this identity is in progress</h2>
          <div class="alert danger" role="alert" id="recovery">
            Your guardians are moving this identity to the key {short(recovery.newAccount)}: {recovery.approvals.length} of {recovery.threshold} approvals.
            It can be claimed from {when(dateOfBlock(clock, recovery.claimableAt))} and lapses {when(dateOfBlock(clock, recovery.expiresAt))}.
            {self && ' If this is not you, cancel it now.'}
            {self && <div class="actions"><button class="danger" onClick={() => run('Cancelling the recovery', api.tx.patientIdentity.cancelRecovery(patient))}>Cancel the recovery</button></div>}
          </div>
        </section>
      )}
      {self && <Delegates delegates={delegates} threshold={info.recoveryThreshold} />}
      {self && <Rotate pending={info.pendingRotation} />}
    </>
  );
}

function Register({ onCard }: { onCard: (card: string) => void }) {
  const { api, account, run } = useSession();
  const [fields, setFields] = useState(['', '', '']);
  const [error, setError] = useState<string | null>(null);

  async function register(e: Event) {
    e.preventDefault();
    if (fields.some((f) => !f.trim())) { setError('Fill in all three fields: they are what your hospital will check.'); return; }
    setError(null);
    const salt = newSalt();
    const identifiers = canonicalIdentifiers(fields);
    const commitment = identityCommitment(identifiers, salt, account.address);
    // The patient keeps the opening; the chain gets only the commitment.
    onCard(JSON.stringify({ healthchainIdentity: 2, account: account.address, identifiers, salt: u8aToHex(salt), commitment }, null, 2));
    await run('Registering your identity', api.tx.patientIdentity.register(commitment));
  }

  return (
    <section aria-labelledby="register-title">
      <h2 id="register-title">Register as a patient</h2>
      <p>Your details are turned into a salted fingerprint here, in your browser. Only the fingerprint goes on the chain; your details and the salt stay with you.</p>
      <form onSubmit={register}>
        {['National or insurance number', 'Full name', 'Date of birth (YYYY-MM-DD)'].map((label, i) => (
          <>
            <label for={`ident-${i}`}>{label}</label>
            <input id={`ident-${i}`} autocomplete="off" value={fields[i]} onInput={(e) => setFields(fields.map((f, j) => (j === i ? (e.target as HTMLInputElement).value : f)))} />
          </>
        ))}
        {error && <p role="alert" class="error">{error}</p>}
        <button type="submit" class="primary" id="register">Register</button>
      </form>
    </section>
  );
}

/** The file that opens the commitment: identifiers and salt, for the patient to keep. */
function IdentityCard({ card }: { card: string }) {
  return (
    <p class="alert">
      <a id="identity-card" download="healthchain-identity.json" href={`data:application/json;charset=utf-8,${encodeURIComponent(card)}`}>Save your identity card file</a>
      {' '}— keep it safe: with it you prove at a hospital desk that this identity is yours. It is not stored anywhere else.
    </p>
  );
}

function Delegates({ delegates, threshold }: { delegates: Delegate[]; threshold: number }) {
  const { api, patient, clock, run } = useSession();
  const [who, setWho] = useState('');
  const [role, setRole] = useState('Guardian');
  const [scope, setScope] = useState<string[]>(['Notify', 'Recovery']);
  const [error, setError] = useState<string | null>(null);
  const [newThreshold, setNewThreshold] = useState(String(threshold || 1));

  async function add(e: Event) {
    e.preventDefault();
    if (!validAddress(who.trim())) { setError('This is not an account address.'); return; }
    if (scope.length === 0) { setError('Choose at least one thing they may do.'); return; }
    setError(null);
    await run(`Adding ${short(who.trim())} as ${role}`, api.tx.patientIdentity.addDelegate(who.trim(), role, scope, null));
  }

  return (
    <section aria-labelledby="delegates-title">
      <h2 id="delegates-title">People who may act for me</h2>
      {delegates.length === 0 && <p id="no-delegates">Nobody yet.</p>}
      <ul class="cards" id="delegates">
        {delegates.map((d) => (
          <li class="card" data-delegate={d.account}>
            <h3>{ROLES.find(([r]) => r === d.role)?.[1] ?? d.role}: {short(d.account)}</h3>
            <p>May {scopeNames(d.scope).map((a) => ACTIONS.find(([x]) => x === a)?.[1] ?? a).join(', ')}{d.expiresAt !== null ? `, until ${when(dateOfBlock(clock, d.expiresAt))}` : ''}.</p>
            <button class="danger" onClick={() => run(`Removing ${short(d.account)}`, api.tx.patientIdentity.removeDelegate(patient, d.account))}>Remove</button>
          </li>
        ))}
      </ul>
      <form onSubmit={add}>
        <label for="delegate-account">Their account</label>
        <input id="delegate-account" value={who} onInput={(e) => setWho((e.target as HTMLInputElement).value)} placeholder="5…" />
        <label for="delegate-role">As my</label>
        <select id="delegate-role" value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value)}>
          {ROLES.map(([r, t]) => <option value={r}>{t}</option>)}
        </select>
        <fieldset>
          <legend>They may</legend>
          {ACTIONS.map(([a, t]) => (
            <label class="choice">
              <input type="checkbox" value={a} checked={scope.includes(a)}
                onChange={(e) => setScope((e.target as HTMLInputElement).checked ? [...scope, a] : scope.filter((x) => x !== a))} />
              {t}
            </label>
          ))}
        </fieldset>
        {error && <p role="alert" class="error">{error}</p>}
        <button type="submit" id="add-delegate">Add</button>
      </form>
      <form onSubmit={(e) => { e.preventDefault(); run('Setting the recovery threshold', api.tx.patientIdentity.setRecoveryThreshold(Number(newThreshold))); }}>
        <label for="threshold">Guardians needed to recover my identity</label>
        <input id="threshold" type="number" min="1" max="10" value={newThreshold} onInput={(e) => setNewThreshold((e.target as HTMLInputElement).value)} />
        <button type="submit">Set</button>
      </form>
    </section>
  );
}

function Rotate({ pending }: { pending: string | null }) {
  const { api, run } = useSession();
  const [next, setNext] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <section aria-labelledby="rotate-title">
      <h2 id="rotate-title">Move to a new key</h2>
      <p class="hint">For a new phone or wallet: name the new key here, then sign in with it and accept. Your records, consents and log stay with you.</p>
      {pending && <p role="status" id="pending-rotation">Waiting for {short(pending)} to accept.</p>}
      <form onSubmit={(e) => {
        e.preventDefault();
        if (!validAddress(next.trim())) { setError('This is not an account address.'); return; }
        setError(null);
        run('Proposing the new key', api.tx.patientIdentity.rotateKey(next.trim()));
      }}>
        <label for="new-key">The new key's account</label>
        <input id="new-key" value={next} onInput={(e) => setNext((e.target as HTMLInputElement).value)} placeholder="5…" />
        {error && <p role="alert" class="error">{error}</p>}
        <button type="submit">Propose</button>
      </form>
    </section>
  );
}

/** Shown to a key that an identity proposed to move to: accept it. */
export function AcceptRotation({ from }: { from: string }) {
  const { api, run } = useSession();
  return (
    <div class="alert" role="alert">
      The identity {short(from)} proposes to move to this key.{' '}
      <button class="primary" id="accept-rotation" onClick={() => run('Accepting the identity', api.tx.patientIdentity.acceptRotation(from))}>Accept</button>
    </div>
  );
}

