// The full consent editor, shaped like an HL7 FHIR Consent: who (provision.actor), permit or deny
// (provision.type), which actions (provision.action), which records (provision.class — the
// category — and provision.securityLabel), for which purposes (provision.purpose), until when
// (provision.period), whether emergency access may override it, and nested exceptions
// (provision.provision). The codes are the chain's; the labels are words.
import { useState } from 'preact/hooks';
import { decodeAddress } from '@polkadot/util-crypto';
import { clock as chainClock } from '../chain';
import { TEMPLATE_POLICY } from '../templates.js';
import { useSession } from '../session';
import { CONSENT_ACTIONS, action, categories as plural, purpose } from '../words';

const CATEGORIES = ['Prescription', 'Imaging', 'LabResult', 'ClinicalNote', 'PsychiatricNote', 'Claim', 'RegistryEntry', 'DeviceData',
  'PatientReported', 'Genomic', 'ClinicalTrial', 'Immunization', 'Allergy', 'DischargeSummary', 'SubstanceUseTreatment'];
const PURPOSES = ['TREAT', 'ETREAT', 'HPAYMT', 'HOPERAT', 'HRESCH', 'PUBHLTH', 'CAREMGT', 'FAMRQT', 'PWATRNY', 'HLEGAL', 'CLMATTCH'];
// HL7 v3 sensitivity (ActCode) labels a patient may single out.
const LABELS: [string, string][] = [['PSY', 'psychiatry'], ['HIV', 'HIV/AIDS'], ['SUD', 'substance use'], ['ETH', 'alcohol/drug abuse'],
  ['GDIS', 'genetic disease'], ['SDV', 'sexual and domestic violence'], ['STD', 'sexually transmitted disease'], ['SEX', 'sexuality and reproductive health'], ['BH', 'behavioural health']];
const KINDS = ['Hospital', 'Clinic', 'Laboratory', 'ImagingCentre', 'Pharmacy', 'Insurer', 'ResearchInstitution'];

interface Part { decision: 'Permit' | 'Deny'; actions: string[]; categories: string[]; purposes: string[]; labels: string[] }
const empty = (decision: 'Permit' | 'Deny'): Part => ({ decision, actions: [], categories: [], purposes: [], labels: [] });

function Checks({ name, options, chosen, onChange }: { name: string; options: [string, string][]; chosen: string[]; onChange: (xs: string[]) => void }) {
  return (
    <div class="checks">
      {options.map(([code, word]) => (
        <label class="choice">
          <input type="checkbox" name={name} value={code} checked={chosen.includes(code)}
            onChange={(e) => onChange((e.target as HTMLInputElement).checked ? [...chosen, code] : chosen.filter((c) => c !== code))} />
          {word}
        </label>
      ))}
    </div>
  );
}

function PartEditor({ id, part, onChange, withActions }: { id: string; part: Part; onChange: (p: Part) => void; withActions: boolean }) {
  return (
    <>
      {withActions && (
        <fieldset><legend>May they… (none ticked: nothing)</legend>
          <Checks name={`${id}-actions`} options={CONSENT_ACTIONS.map((a) => [a, action(a)])} chosen={part.actions} onChange={(actions) => onChange({ ...part, actions })} />
        </fieldset>
      )}
      <fieldset><legend>Which records (none ticked: all)</legend>
        <Checks name={`${id}-categories`} options={CATEGORIES.map((c) => [c, plural(c)])} chosen={part.categories} onChange={(categories) => onChange({ ...part, categories })} />
      </fieldset>
      <fieldset><legend>Records labelled as (none ticked: any)</legend>
        <Checks name={`${id}-labels`} options={LABELS} chosen={part.labels} onChange={(labels) => onChange({ ...part, labels })} />
      </fieldset>
      <fieldset><legend>For (none ticked: any purpose)</legend>
        <Checks name={`${id}-purposes`} options={PURPOSES.map((p) => [p, purpose(p)])} chosen={part.purposes} onChange={(purposes) => onChange({ ...part, purposes })} />
      </fieldset>
    </>
  );
}

export function ConsentEditor() {
  const { api, patient, orgs, run } = useSession();
  const [open, setOpen] = useState(false);
  const [grantee, setGrantee] = useState<'Organization' | 'Member' | 'OrganizationKind'>('Organization');
  const [org, setOrg] = useState(0);
  const [member, setMember] = useState('');
  const [kind, setKind] = useState('Hospital');
  const [root, setRoot] = useState<Part>(empty('Permit'));
  const [exceptions, setExceptions] = useState<Part[]>([]);
  const [until, setUntil] = useState('');
  const [emergency, setEmergency] = useState<'Allowed' | 'Refused'>('Allowed');
  const [error, setError] = useState<string | null>(null);

  async function submit(e: Event) {
    e.preventDefault();
    if (root.actions.length === 0) { setError('Tick at least one thing they may (or may not) do.'); return; }
    let who: unknown;
    if (grantee === 'Member') {
      try { decodeAddress(member.trim()); } catch { setError('The person\'s account is not an account address.'); return; }
      who = { Member: { account: member.trim(), organization: org } };
    } else {
      who = grantee === 'Organization' ? { Organization: org } : { OrganizationKind: kind };
    }
    const c = await chainClock(api);
    let expiresAt: number | null = null;
    if (until) {
      const ms = new Date(`${until}T00:00:00`).getTime() - Date.now();
      if (!(ms > 0)) { setError('The end date must be in the future.'); return; }
      expiresAt = c.block + Math.ceil(ms / Math.max(1, c.blockTime));
    }
    setError(null);
    const scope = (p: Part) => ({ actions: p.actions, categories: p.categories, resourceTypes: [], purposes: p.purposes, labels: p.labels });
    await run('Granting your consent', api.tx.consent.grantConsent(
      patient, who as never, { decision: root.decision, scope: scope(root) } as never,
      exceptions.map((x) => ({ parent: 0, provision: { decision: x.decision, scope: scope({ ...x, actions: [] }) } })) as never,
      TEMPLATE_POLICY, null, expiresAt, emergency,
    ));
  }

  if (!open) return <button id="open-editor" onClick={() => setOpen(true)}>Write a consent yourself…</button>;
  return (
    <section aria-labelledby="editor-title" class="editor">
      <h2 id="editor-title">Write a consent</h2>
      <form onSubmit={submit}>
        <label for="ed-grantee">Who</label>
        <select id="ed-grantee" value={grantee} onChange={(e) => setGrantee((e.target as HTMLSelectElement).value as typeof grantee)}>
          <option value="Organization">an organisation</option>
          <option value="Member">one person at an organisation</option>
          <option value="OrganizationKind">every organisation of a kind</option>
        </select>
        {grantee !== 'OrganizationKind' && (
          <select id="ed-org" aria-label="Organisation" value={org} onChange={(e) => setOrg(Number((e.target as HTMLSelectElement).value))}>
            {[...orgs.values()].map((o) => <option value={o.id}>{o.name}</option>)}
          </select>
        )}
        {grantee === 'Member' && <input id="ed-member" aria-label="Their account" placeholder="5…" value={member} onInput={(e) => setMember((e.target as HTMLInputElement).value)} />}
        {grantee === 'OrganizationKind' && (
          <select id="ed-kind" aria-label="Kind" value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value)}>
            {KINDS.map((k) => <option value={k}>{k}</option>)}
          </select>
        )}
        <label for="ed-decision">Decision</label>
        <select id="ed-decision" value={root.decision} onChange={(e) => setRoot({ ...root, decision: (e.target as HTMLSelectElement).value as Part['decision'] })}>
          <option value="Permit">allow</option>
          <option value="Deny">refuse</option>
        </select>
        <PartEditor id="root" part={root} onChange={setRoot} withActions />
        {exceptions.map((x, i) => (
          <fieldset class="exception">
            <legend>Except (refused)</legend>
            <PartEditor id={`x${i}`} part={x} onChange={(p) => setExceptions(exceptions.map((y, j) => (j === i ? p : y)))} withActions={false} />
            <button type="button" class="link" onClick={() => setExceptions(exceptions.filter((_, j) => j !== i))}>Remove this exception</button>
          </fieldset>
        ))}
        {exceptions.length < 8 && (
          <button type="button" onClick={() => setExceptions([...exceptions, empty(root.decision === 'Permit' ? 'Deny' : 'Permit')])}>Add an exception</button>
        )}
        <label for="ed-until">Until (empty: until I revoke it)</label>
        <input id="ed-until" type="date" value={until} onInput={(e) => setUntil((e.target as HTMLInputElement).value)} />
        <label class="choice">
          <input type="checkbox" id="ed-emergency" checked={emergency === 'Refused'} onChange={(e) => setEmergency((e.target as HTMLInputElement).checked ? 'Refused' : 'Allowed')} />
          Even in an emergency, nobody may override this refusal
        </label>
        {error && <p role="alert" class="error">{error}</p>}
        <div class="actions">
          <button type="submit" class="primary" id="ed-grant">Grant</button>
          <button type="button" onClick={() => setOpen(false)}>Close</button>
        </div>
      </form>
    </section>
  );
}
