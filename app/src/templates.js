// @ts-check
/**
 * Consent templates a patient understands, each turned into the `Consent::grant_consent` the
 * chain evaluates. Plain JavaScript (type-checked by `tsc`) so the end-to-end tests can import it
 * and check, through the runtime API of a running node, that each template decides as its
 * sentence says.
 *
 * A template names the kind of organisation it is for; the patient picks the organisation. The
 * chain's vocabulary (HL7 v3 purpose-of-use and confidentiality codes, FHIR Consent provisions)
 * stays inside: the patient reads the sentence.
 */

/** One year, in milliseconds (turned into blocks with the chain's clock). */
const YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * @typedef {{ actions?: string[], categories?: string[], resourceTypes?: string[], purposes?: string[], labels?: string[] }} ScopeInput
 * @typedef {{ actions: string[], categories: string[], resourceTypes: string[], purposes: string[], labels: string[] }} Scope
 * @typedef {{ decision: 'Permit' | 'Deny', scope: Scope }} Provision
 * @typedef {{ parent: number, provision: Provision }} Exception
 * @typedef {{
 *   id: string,
 *   title: string,
 *   sentence: (organisation: string) => string,
 *   kinds: string[],
 *   provision: Provision,
 *   exceptions: Exception[],
 *   durationMs: number | null,
 * }} Template
 */

/** @param {ScopeInput} s @returns {Scope} */
export function scope({ actions = [], categories = [], resourceTypes = [], purposes = [], labels = [] }) {
  return { actions, categories, resourceTypes, purposes, labels };
}

/** @type {Template[]} */
export const TEMPLATES = [
  {
    id: 'hospital-treatment',
    title: 'My hospital treats me',
    sentence: (org) => `${org} may read all my records to treat me, except psychiatric notes.`,
    kinds: ['Hospital', 'Clinic'],
    provision: { decision: 'Permit', scope: scope({ actions: ['Access'], purposes: ['TREAT'] }) },
    // Psychiatric notes are refused whether they are filed as such or labelled as psychiatry
    // information (HL7 v3 ActCode PSY) inside another category.
    exceptions: [
      { parent: 0, provision: { decision: 'Deny', scope: scope({ categories: ['PsychiatricNote'] }) } },
      { parent: 0, provision: { decision: 'Deny', scope: scope({ labels: ['PSY'] }) } },
    ],
    durationMs: null,
  },
  {
    id: 'pharmacy-prescriptions',
    title: 'My pharmacy dispenses my medicines',
    sentence: (org) => `${org} may read my prescriptions to dispense them.`,
    kinds: ['Pharmacy'],
    provision: { decision: 'Permit', scope: scope({ actions: ['Access'], categories: ['Prescription'], purposes: ['TREAT'] }) },
    exceptions: [],
    durationMs: null,
  },
  {
    id: 'insurer-claims',
    title: 'My insurer pays my claims',
    sentence: (org) => `${org} may read my claims to pay them, for one year.`,
    kinds: ['Insurer'],
    provision: { decision: 'Permit', scope: scope({ actions: ['Access'], categories: ['Claim'], purposes: ['HPAYMT'] }) },
    exceptions: [],
    durationMs: YEAR_MS,
  },
  {
    id: 'lab-results',
    title: 'My lab keeps my results',
    sentence: (org) => `${org} may store my lab results and read them back to treat me.`,
    kinds: ['Laboratory'],
    provision: { decision: 'Permit', scope: scope({ actions: ['Store', 'Access'], categories: ['LabResult'], purposes: ['TREAT'] }) },
    exceptions: [],
    durationMs: null,
  },
];

/**
 * The chain's clock, as `health_clock` answers it.
 * @typedef {{ block: number, timestamp: number, blockTime: number }} Clock
 */

/**
 * The arguments of `Consent::grant_consent` for `template`, granted by `patient` (SS58) to
 * organisation `organization`, with the chain's `clock` turning a duration into an expiry block.
 * @param {Template} template
 * @param {{ patient: string, organization: number, clock: Clock, policy?: string }} at
 * @returns {[string, { Organization: number }, Provision, Exception[], string, null, number | null, 'Allowed']}
 */
export function grantArguments(template, { patient, organization, clock, policy }) {
  const expiresAt = template.durationMs === null
    ? null
    : clock.block + Math.ceil(template.durationMs / Math.max(1, clock.blockTime));
  return [
    patient,
    { Organization: organization },
    template.provision,
    template.exceptions,
    policy ?? TEMPLATE_POLICY,
    null,
    expiresAt,
    'Allowed',
  ];
}

/**
 * The policy a template's consent cites (FHIR `Consent.policy`): the Blake2b-256 hash of
 * `healthchain:consent-template:v1`, the version of these templates' wording (checked by the tests).
 */
export const TEMPLATE_POLICY = '0x2068740c7a8ccf0f197026acf0c0676e4b12da5d99c560f67f99ac5c1d82b2b4';

/** The template with `id`, or undefined. @param {string} id */
export function template(id) {
  return TEMPLATES.find((t) => t.id === id);
}
