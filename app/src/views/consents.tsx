// My consents: what I have allowed, to whom, for what, until when; grant from templates in plain
// words; revoke at once.
import { useEffect, useState } from 'preact/hooks';
import { clock as chainClock, dateOfBlock } from '../chain';
import { orgName } from '../directory';
import { useSession } from '../session';
import { TEMPLATES, grantArguments } from '../templates.js';
import { ConsentEditor } from './editor';
import { CONSENT_ACTIONS, action, categories, codeSet, list, purpose, short, when } from '../words';

interface ScopeJson { actions: unknown; categories: string[]; resourceTypes: string[]; purposes: string[]; labels: string[] }
interface ProvisionJson { decision: string; scope: ScopeJson }
interface ConsentJson {
  id: number; grantee: Record<string, unknown>; provision: ProvisionJson; exceptions: { parent: number; provision: ProvisionJson }[];
  validity: { start: number; expiresAt: number | null }; source: Record<string, unknown>; grantedBy: string;
}

const actionNames = (raw: unknown) => codeSet(raw, CONSENT_ACTIONS);
const lower = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]));

export function Consents() {
  const { api, patient, orgs, clock, tick, run } = useSession();
  const [consents, setConsents] = useState<ConsentJson[] | null>(null);

  useEffect(() => {
    api.call.consentApi.consents(patient)
      .then((c) => setConsents(c.toJSON() as unknown as ConsentJson[]))
      .catch(() => setConsents([]));
  }, [api, patient, tick]);

  function grantee(g: Record<string, unknown>): string {
    const l = lower(g);
    if ('organization' in l) return orgName(orgs, Number(l.organization));
    if ('member' in l) {
      const m = l.member as { account: string; organization: number };
      return `${short(m.account)} at ${orgName(orgs, m.organization)}`;
    }
    if ('organizationkind' in l) return `any ${String(l.organizationkind).toLowerCase()}`;
    return 'any member organisation';
  }

  function sentence(p: ProvisionJson): string {
    const s = p.scope;
    const verb = p.decision === 'Permit' ? 'may' : 'may not';
    return `${verb} ${list(actionNames(s.actions), action, 'use')} ${list(s.categories, categories, 'all records')}`
      + ` for ${list(s.purposes, purpose, 'any purpose')}${s.labels.length ? ` (records labelled ${s.labels.join(', ')})` : ''}`;
  }

  if (!consents) return <p aria-busy="true">Loading your consents…</p>;
  const now = clock.block;
  return (
    <>
      <GrantFromTemplate />
      <ConsentEditor />
      <section aria-labelledby="consents-title">
        <h2 id="consents-title">My consents</h2>
        {consents.length === 0 && <p id="no-consents">You have not allowed anybody anything yet.</p>}
        <ul class="cards" id="consents">
          {consents.map((c) => {
            const expired = c.validity.expiresAt !== null && c.validity.expiresAt <= now;
            return (
              <li class={expired ? 'card expired' : 'card'} data-consent={c.id} key={c.id}>
                <h3>{grantee(c.grantee)} {sentence(c.provision)}</h3>
                {c.exceptions.length > 0 && (
                  <ul class="exceptions">{c.exceptions.map((x) => <li>except: {sentence(x.provision)}</li>)}</ul>
                )}
                <p class="meta">
                  Consent #{c.id}{'accessrequest' in lower(c.source) ? `, approving request #${lower(c.source).accessrequest}` : ''}
                  {' · '}{c.validity.expiresAt === null ? 'until you revoke it' : `${expired ? 'expired' : 'expires'} ${when(dateOfBlock(clock, c.validity.expiresAt))}`}
                </p>
                {!expired && (
                  <button class="danger" onClick={() => run(`Revoking consent #${c.id}`, api.tx.consent.revokeConsent(c.id))}>Revoke</button>
                )}
              </li>
            );
          })}
        </ul>
      </section>
    </>
  );
}

function GrantFromTemplate() {
  const { api, patient, orgs, run } = useSession();
  const [templateId, setTemplateId] = useState(TEMPLATES[0].id);
  const t = TEMPLATES.find((x) => x.id === templateId) ?? TEMPLATES[0];
  const eligible = [...orgs.values()].filter((o) => t.kinds.includes(o.kind) && o.status === 'Active');
  const [org, setOrg] = useState<number | null>(null);
  const chosen = eligible.find((o) => o.id === org) ?? eligible[0];

  async function grant(e: Event) {
    e.preventDefault();
    if (!chosen) return;
    const args = grantArguments(t, { patient, organization: chosen.id, clock: await chainClock(api) });
    await run(`Allowing ${chosen.name}`, api.tx.consent.grantConsent(...args));
  }

  return (
    <section aria-labelledby="grant-title" class="grant">
      <h2 id="grant-title">Allow someone</h2>
      <form onSubmit={grant}>
        <fieldset>
          <legend>What do you want to allow?</legend>
          {TEMPLATES.map((x) => (
            <label class="choice">
              <input type="radio" name="template" value={x.id} checked={x.id === templateId}
                onChange={() => { setTemplateId(x.id); setOrg(null); }} />
              {x.title}
            </label>
          ))}
        </fieldset>
        <label for="grant-org">Which organisation?</label>
        <select id="grant-org" value={chosen?.id ?? ''} onChange={(e) => setOrg(Number((e.target as HTMLSelectElement).value))}>
          {eligible.map((o) => <option value={o.id}>{o.name}</option>)}
        </select>
        <p class="sentence" id="grant-sentence">{chosen ? t.sentence(chosen.name) : 'No member organisation of this kind.'}</p>
        <button type="submit" class="primary" id="grant" disabled={!chosen}>Allow</button>
      </form>
    </section>
  );
}
