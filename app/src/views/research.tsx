// Research: which categories of my records may be used, de-identified, for research — by any
// approved study, or only by the studies I pick — and the studies open now.
import { useEffect, useState } from 'preact/hooks';
import { dateOfBlock } from '../chain';
import { orgName } from '../directory';
import { useSession } from '../session';
import { categories as plural, when } from '../words';

interface Study { title: string; by: number; categories: string[]; approval: string }
interface OptIn { categories: string[]; studies: string[]; since: number }

const CATEGORIES = ['LabResult', 'Prescription', 'Imaging', 'Immunization', 'Allergy', 'DeviceData', 'DischargeSummary', 'Genomic', 'ClinicalNote'];

export function Research() {
  const { api, patient, orgs, clock, tick, run } = useSession();
  const [optIn, setOptIn] = useState<OptIn | null | undefined>(undefined);
  const [studies, setStudies] = useState<Study[]>([]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [onlyStudies, setOnlyStudies] = useState<string[]>([]);

  useEffect(() => {
    fetch(`${import.meta.env.BASE_URL}directory.json`).then((r) => r.json())
      .then((d: { studies?: Study[] }) => setStudies(d.studies ?? [])).catch(() => setStudies([]));
  }, []);
  useEffect(() => {
    api.call.consentApi.researchConsent(patient).then((r) => {
      const o = r.toJSON() as OptIn | null;
      setOptIn(o);
      setChosen(o?.categories ?? []);
      setOnlyStudies(o?.studies ?? []);
    }).catch(() => setOptIn(null));
  }, [api, patient, tick]);

  if (optIn === undefined) return <p aria-busy="true">Loading…</p>;
  const toggle = (xs: string[], x: string, on: boolean) => (on ? [...xs, x] : xs.filter((y) => y !== x));
  return (
    <section aria-labelledby="research-title">
      <h2 id="research-title">Research</h2>
      <p id="research-state">
        {optIn
          ? `Since ${when(dateOfBlock(clock, optIn.since))}, your ${optIn.categories.map(plural).join(', ')} may be used, de-identified, ${optIn.studies.length ? 'by the studies you picked' : 'by any approved study'}.`
          : 'Your records are not used for research.'}
      </p>
      <form onSubmit={(e) => { e.preventDefault(); run('Saving your research choices', api.tx.consent.setResearchConsent(patient, chosen, onlyStudies)); }}>
        <fieldset>
          <legend>Records that may be used, de-identified</legend>
          {CATEGORIES.map((c) => (
            <label class="choice"><input type="checkbox" value={c} checked={chosen.includes(c)}
              onChange={(e) => setChosen(toggle(chosen, c, (e.target as HTMLInputElement).checked))} />{plural(c)}</label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Only for these studies (none ticked: any approved study)</legend>
          {studies.length === 0 && <p>No study is open.</p>}
          {studies.map((s) => (
            <label class="choice"><input type="checkbox" value={s.approval} checked={onlyStudies.includes(s.approval)}
              onChange={(e) => setOnlyStudies(toggle(onlyStudies, s.approval, (e.target as HTMLInputElement).checked))} />
              {s.title} <small>({orgName(orgs, s.by)}; uses {s.categories.map(plural).join(', ')})</small></label>
          ))}
        </fieldset>
        <div class="actions">
          <button type="submit" class="primary" id="research-save" disabled={chosen.length === 0}>Save</button>
          {optIn && <button type="button" class="danger" id="research-withdraw" onClick={() => run('Withdrawing from research', api.tx.consent.withdrawResearchConsent(patient))}>Withdraw from all research</button>}
        </div>
      </form>
    </section>
  );
}
